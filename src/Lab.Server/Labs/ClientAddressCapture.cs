using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Lab.Server.Labs;

/// <summary>
/// Fills <see cref="ClientAddress"/>: for HTTP requests from the connection, and for a page's circuit from the
/// WebSocket request it was opened on (the only moment that request is at hand).
/// </summary>
public static class ClientAddressCapture
{
    public static IApplicationBuilder UseClientAddress(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        http.RequestServices.GetRequiredService<ClientAddress>().Value = Of(http);
        return next(http);
    });

    public static string Of(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? ClientAddress.Unknown;

    public sealed class ForCircuits(IHttpContextAccessor accessor, ClientAddress address) : CircuitHandler
    {
        public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            if (accessor.HttpContext is { } http) address.Value = Of(http);
            return Task.CompletedTask;
        }
    }
}
