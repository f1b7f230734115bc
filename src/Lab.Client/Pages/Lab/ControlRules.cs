using Lab.Contracts;

namespace Lab.Client.Pages.Lab;

/// <summary>
/// Which control makes sense in which state, so the page offers only those. The server still decides (and answers
/// Conflict with a reason); this only keeps buttons that cannot work from being pressed.
/// </summary>
public static class ControlRules
{
    public static bool Allows(LabStatus status, LabCommand command) => command switch
    {
        // Start begins a new lab only; a finished one keeps its history, and training again means a new lab.
        LabCommand.Start => status == LabStatus.Created,
        LabCommand.Pause => status is LabStatus.Running or LabStatus.Queued,
        LabCommand.Resume => status == LabStatus.Paused,
        LabCommand.Stop => status is LabStatus.Running or LabStatus.Paused or LabStatus.Queued,
        _ => false,
    };
}
