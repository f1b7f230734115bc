namespace Lab.Contracts;

/// <summary>
/// A lab as GET /api/labs/{id} returns it. <c>Epoch</c> is the epoch being trained (1-based; 0 before the first step),
/// <c>Step</c> the number of training steps done in all. <c>Notice</c> says why a lab is paused when the user did not
/// pause it (interrupted by a restart, diverged, a checkpoint could not be written) and what to do.
/// <c>CheckpointStep</c> is the step of the newest checkpoint, where a resume would continue. A fork names its source
/// lab and the step it branched at (null for a fork from fresh weights).
/// </summary>
public sealed record LabView(
    string Id,
    string Name,
    LabConfig Config,
    LabStatus Status,
    int Epoch,
    long Step,
    int StepsPerEpoch,
    string? Device,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int? QueuePosition = null,
    double? StepsPerSecond = null,
    double? EtaSeconds = null,
    string? Notice = null,
    long? CheckpointStep = null,
    string? ForkedFrom = null,
    long? ForkedAtStep = null)
{
    public long TotalSteps => (long)StepsPerEpoch * Config.Epochs;

    /// <summary>Steps done within the current epoch.</summary>
    public long StepInEpoch => StepsPerEpoch == 0 ? 0 : Step - (long)Math.Max(0, Epoch - 1) * StepsPerEpoch;
}

/// <summary>Answer to a create or fork: where to watch, where to control, and the key itself (shown once).</summary>
public sealed record CreatedLab(string Id, string ViewUrl, string ControlUrl, string ControlKey);
