using Lab.Engine.Checkpoints;

namespace Lab.Engine.Training;

/// <summary>
/// Where a resumed run continues: after <see cref="Step"/> (0 when no checkpoint was there and it starts afresh),
/// from <see cref="CheckpointFile"/>, having set aside the <see cref="Skipped"/> checkpoints that could not be used.
/// </summary>
public sealed record ResumePoint(long Step, int CompletedEpochs, string? CheckpointFile, IReadOnlyList<CheckpointException> Skipped);
