using System.Threading.RateLimiting;
using Lab.Contracts;
using Lab.Server.Options;
using Microsoft.Extensions.Options;

namespace Lab.Server.Labs;

/// <summary>
/// At most <see cref="LabOptions.MaxLabsPerClientPerHour"/> new labs (created or forked) per client address and
/// hour: System.Threading.RateLimiting's fixed windows, the limiter ASP.NET Core's rate-limiting middleware is built on.
/// It sits in the lab service rather than in the middleware because pages create labs without an HTTP request.
/// </summary>
public sealed class LabCreationLimiter(IOptions<LabOptions> options) : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);

    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(client =>
        RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.MaxLabsPerClientPerHour,
            Window = Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <exception cref="LabLimitException">when this client has created its share this hour.</exception>
    public void Take(string client)
    {
        using var lease = _limiter.AttemptAcquire(client);
        if (lease.IsAcquired) return;
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : Window;
        throw new LabLimitException(
            $"This address has created {options.Value.MaxLabsPerClientPerHour} labs within the hour, the most this server allows (Lab:MaxLabsPerClientPerHour). Try again in {Math.Ceiling(retryAfter.TotalMinutes)} minutes, or reuse one of your labs.",
            retryAfter);
    }

    public void Dispose() => _limiter.Dispose();
}
