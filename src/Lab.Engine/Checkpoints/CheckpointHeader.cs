using Lab.Engine.Models;
using Lab.Engine.Training;

namespace Lab.Engine.Checkpoints;

/// <summary>
/// What a checkpoint says about itself, readable without touching a tensor: where in training it was taken, with what
/// settings, and by which TorchSharp. <see cref="StepsIntoEpoch"/> is 0 at an epoch boundary; a checkpoint taken
/// mid-epoch (pause, stop, shutdown) also carries that epoch's data order so the rest of the epoch sees the same batches.
/// </summary>
public sealed record CheckpointHeader(
    int FormatVersion,
    string TorchSharpVersion,
    DateTimeOffset WrittenAt,
    int CompletedEpochs,
    int StepsIntoEpoch,
    long Step,
    double TrainingSeconds,
    TrainingSettings Settings,
    ImageShape Image,
    string DatasetId,
    int DatasetCount)
{
    /// <summary>The epoch the next step belongs to (1-based).</summary>
    public int NextEpoch => CompletedEpochs + 1;

    public bool AtEpochBoundary => StepsIntoEpoch == 0;
}
