namespace Lab.Contracts;

/// <summary>A lab's training configuration, every value filled in (see <see cref="CreateLabRequest"/> for defaults).</summary>
public sealed record LabConfig(
    string Dataset,
    int Epochs,
    int BatchSize,
    double LearningRate,
    int LatentDim,
    int Seed,
    int CheckpointEvery,
    int SampleEvery);

/// <summary>
/// Body of POST /api/labs. Omitted fields take the notebook's values (batch 64, learning rate 1e-4, noise 100),
/// except sampleEvery, which defaults to 1: a grid every epoch, because watching progress is what the lab is for.
/// </summary>
public sealed record CreateLabRequest
{
    public string? Name { get; init; }
    public string? Dataset { get; init; }
    public int? Epochs { get; init; }
    public int? BatchSize { get; init; }
    public double? LearningRate { get; init; }
    public int? LatentDim { get; init; }
    public int? Seed { get; init; }
    public int? CheckpointEvery { get; init; }
    public int? SampleEvery { get; init; }
}

/// <summary>The notebook's hyperparameters and the bounds the lab accepts.</summary>
public static class LabDefaults
{
    public const int Epochs = 50;
    public const int BatchSize = 64;
    public const double LearningRate = 1e-4;
    public const int LatentDim = 100;
    public const int CheckpointEvery = 1;
    public const int SampleEvery = 1;

    public const int MaxEpochs = 10_000;
    public const int MinBatchSize = 1;
    public const int MaxBatchSize = 1024;
    public const double MinLearningRate = 1e-7;
    public const double MaxLearningRate = 1.0;
    public const int MinLatentDim = 1;
    public const int MaxLatentDim = 1024;
    public const int MaxNameLength = 100;
}

/// <summary>
/// Body of POST /api/labs/{id}/fork. The fork takes the source's configuration; <c>FromCheckpoint</c> starts it from
/// the source's newest checkpoint (weights, optimizers, noise, history up to that step) instead of fresh weights, and
/// <c>Epochs</c> may extend a fork so that it trains beyond where its source ended.
/// </summary>
public sealed record ForkLabRequest
{
    public bool FromCheckpoint { get; init; }
    public string? Name { get; init; }
    public int? Epochs { get; init; }
}
