using Lab.Engine.Checkpoints;

namespace Lab.Engine.Training;

/// <summary>
/// Where a resumed run continues: after <see cref="Step"/> (0 when no checkpoint was there and it starts afresh),
/// from <see cref="CheckpointFile"/>, having set aside the <see cref="Skipped"/> checkpoints that could not be used.
/// </summary>
public sealed record ResumePoint(long Step, int CompletedEpochs, int StepsIntoEpoch, string? CheckpointFile, IReadOnlyList<CheckpointException> Skipped)
{
    /// <summary>The epoch shown for the lab until its next step: the one in progress, or the last one finished.</summary>
    public int CurrentEpoch => StepsIntoEpoch > 0 ? CompletedEpochs + 1 : CompletedEpochs;
}
