using Lab.Contracts;
using Lab.Server.Labs;
using Lab.Server.Live;
using Microsoft.AspNetCore.SignalR;

namespace Lab.Server.Hubs;

/// <summary>
/// /hubs/lab (API.md): Watch/Unwatch a lab's stream of coalesced metrics, new sample grids and status changes;
/// control methods need the same key as HTTP.
/// </summary>
public sealed class LabHub(LabService labs, HubViewers viewers) : Hub
{
    /// <summary>Joins the lab's stream and returns its snapshot; null (and no subscription) for an unknown id.</summary>
    public LabView? Watch(string labId)
    {
        if (labs.Get(labId) is not { } lab) return null;
        viewers.Add(labId, Context);
        return lab;
    }

    /// <summary>
    /// Watch with history: joins the lab's stream and returns the lab, its metrics so far (at most
    /// <paramref name="maxPoints"/>, evenly spaced, with the last; 0 for all) and every grid. The <c>metrics</c>
    /// messages that follow start with the step after the last one returned: nothing missed, nothing twice.
    /// </summary>
    public async Task<JoinedLab?> Join(string labId, int maxPoints = LabJoin.DefaultMaxPoints)
    {
        // Watching ends with the connection or with Unwatch: nothing to dispose.
        var joined = await labs.JoinAsync(labId, maxPoints, () => viewers.Add(labId, Context));
        return joined is { } j ? new JoinedLab(j.Lab, j.Metrics, j.Samples) : null;
    }

    public sealed record JoinedLab(LabView Lab, IReadOnlyList<MetricPoint> Metrics, IReadOnlyList<SamplePoint> Samples);

    public void Unwatch(string labId) => viewers.Remove(labId, Context.ConnectionId);

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        viewers.RemoveConnection(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    public ControlResult Start(string labId, string? controlKey) => labs.Control(labId, LabCommand.Start, controlKey);
    public ControlResult Pause(string labId, string? controlKey) => labs.Control(labId, LabCommand.Pause, controlKey);
    public ControlResult Resume(string labId, string? controlKey) => labs.Control(labId, LabCommand.Resume, controlKey);
    public ControlResult Stop(string labId, string? controlKey) => labs.Control(labId, LabCommand.Stop, controlKey);
}
