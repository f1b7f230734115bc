using Lab.Contracts.Explain;
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

    /// <summary>The lab's checkpoints, oldest first, from their names and file sizes (no reading); one pruned while
    /// listing is left out.</summary>
    public IReadOnlyList<CheckpointView> Describe(string labId) =>
        For(labId).List()
            .Select(c => (c.Name, File: new FileInfo(c.File)))
            .Where(c => c.File.Exists)
            .Select(c => new CheckpointView(c.File.Name, c.Name.Step, c.Name.CompletedEpochs, c.Name.AtEpochBoundary, c.File.Length, c.File.LastWriteTimeUtc))
            .ToList();

    /// <summary>The newest checkpoint's step by its file name alone (no torch, no reading), or null.</summary>
    public long? NewestStep(string labId) => For(labId).List() is { Count: > 0 } all ? all[^1].Name.Step : null;
}
