using Lab.Engine.Models;

namespace Lab.Engine.Training;

/// <summary>
/// What one training run needs: the notebook's hyperparameters (Adam 1e-4, batch 64, noise 100) and how often to
/// record grids. <see cref="Architecture"/> defaults to the notebook's widths; tests shrink them.
/// </summary>
public sealed record TrainingSettings(
    int Epochs,
    int BatchSize = 64,
    double LearningRate = 1e-4,
    int Seed = 0,
    int SampleEvery = 1,
    int LatentDim = 100,
    int GeneratorWidth = 256,
    int DiscriminatorWidth = 64)
{
    public GanArchitecture ArchitectureFor(ImageShape image) => new(image, LatentDim, GeneratorWidth, DiscriminatorWidth);

    public int StepsPerEpoch(int datasetCount) => (datasetCount + BatchSize - 1) / BatchSize;
}
