using Lab.Engine.Checkpoints;
using Lab.Server.Labs;
using Lab.Server.Options;
using Microsoft.Extensions.Options;

namespace Lab.Server.Training;

/// <summary>Each lab's checkpoint folder (labs/{id}/checkpoints), with the server's retention rule.</summary>
public sealed class LabCheckpoints(ILabStore store, IOptions<LabOptions> options)
{
    public CheckpointDirectory For(string labId) =>
        new(Path.Combine(store.LabDirectory(labId), "checkpoints"),
            new CheckpointRetention(options.Value.CheckpointKeepLast, options.Value.CheckpointKeepEveryEpochs));

    /// <summary>The newest checkpoint's step by its file name alone (no torch, no reading), or null.</summary>
    public long? NewestStep(string labId) => For(labId).List() is { Count: > 0 } all ? all[^1].Name.Step : null;
}
