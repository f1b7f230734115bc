using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Lab.Client.Components;

/// <summary>
/// Tells a page when its browser connection has come back (a tab woke up, the network returned) while the circuit
/// survived, so that what it could not send to the browser meanwhile (chart updates are JS calls, and fail while
/// disconnected) is drawn again from the server's history. One per circuit; the server registers it as a handler.
/// </summary>
public sealed class CircuitConnection : CircuitHandler
{
    public event Func<Task>? Reconnected;

    public bool IsUp { get; private set; } = true;

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        IsUp = false;
        return Task.CompletedTask;
    }

    public override async Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        var wasDown = !IsUp;
        IsUp = true;
        if (wasDown && Reconnected is { } handlers)
            foreach (var handler in handlers.GetInvocationList().Cast<Func<Task>>()) await handler();
    }
}
