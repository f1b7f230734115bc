using Lab.Contracts;
using Microsoft.AspNetCore.SignalR;

namespace Lab.Server.Hubs;

/// <summary>
/// /hubs/lab (API.md): Watch/Unwatch a lab's stream of coalesced metrics, new sample grids and status changes;
/// control methods need the same key as HTTP.
/// </summary>
public sealed class LabHub(ILabService labs) : Hub
{
    public static string GroupName(string labId) => $"lab:{labId}";

    /// <summary>Joins the lab's stream and returns its snapshot; null (and no subscription) for an unknown id.</summary>
    public async Task<LabView?> Watch(string labId)
    {
        var lab = labs.Get(labId);
        if (lab is null) return null;
        await Groups.AddToGroupAsync(Context.ConnectionId, GroupName(labId));
        return labs.Get(labId);
    }

    public Task Unwatch(string labId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, GroupName(labId));

    public ControlResult Start(string labId, string? controlKey) => labs.Control(labId, LabCommand.Start, controlKey);
    public ControlResult Pause(string labId, string? controlKey) => labs.Control(labId, LabCommand.Pause, controlKey);
    public ControlResult Resume(string labId, string? controlKey) => labs.Control(labId, LabCommand.Resume, controlKey);
    public ControlResult Stop(string labId, string? controlKey) => labs.Control(labId, LabCommand.Stop, controlKey);
}
