using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Lab.Server.Tests;

/// <summary>
/// The real server in memory, with a fresh data folder and narrow networks (same layers as the notebook, fewer
/// channels) so a whole epoch of the shipped Emoji-32 data takes well under a second.
/// </summary>
public class LabServerFactory : WebApplicationFactory<Program>
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "lab-tests-" + Guid.NewGuid().ToString("N"));

    /// <summary>How often the broadcaster flushes on its own.</summary>
    protected virtual int FlushMilliseconds => 100;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Lab:DataDirectory", DataDirectory);
        builder.UseSetting("Lab:GeneratorWidth", "16");
        builder.UseSetting("Lab:DiscriminatorWidth", "8");
        builder.UseSetting("Lab:MetricsFlushMilliseconds", FlushMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
    }

    /// <summary>More configuration for a test class's own server.</summary>
    protected virtual IEnumerable<(string Key, string Value)> Settings => [];

    /// <summary>A real SignalR client on /hubs/lab; the in-memory test server speaks long polling through its own handler.</summary>
    public HubConnection ConnectHub() => new HubConnectionBuilder()
        .WithUrl(new Uri(Server.BaseAddress, "/hubs/lab"), o =>
        {
            o.Transports = HttpTransportType.LongPolling;
            o.HttpMessageHandlerFactory = _ => Server.CreateHandler();
        })
        .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()))
        .Build();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }
}

/// <summary>A server with low limits: three labs in all, two new labs per client and hour.</summary>
public sealed class LimitedServerFactory : LabServerFactory
{
    protected override IEnumerable<(string Key, string Value)> Settings => [("Lab:MaxLabs", "3"), ("Lab:MaxLabsPerClientPerHour", "2")];
}

/// <summary>A server that keeps at most one lab.</summary>
public sealed class OneLabServerFactory : LabServerFactory
{
    protected override IEnumerable<(string Key, string Value)> Settings => [("Lab:MaxLabs", "1")];
}

/// <summary>A server whose broadcaster never flushes by itself within a test, so a test decides when messages go out.</summary>
public sealed class ManualFlushServerFactory : LabServerFactory
{
    protected override int FlushMilliseconds => 5000;
}
