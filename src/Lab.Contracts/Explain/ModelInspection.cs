namespace Lab.Contracts.Explain;

/// <summary>Values in equal bins from Min to Max, with their mean and spread.</summary>
public sealed record HistogramView(double Min, double Max, IReadOnlyList<long> Counts, double Mean, double StandardDeviation, long Total);

/// <summary>Up to 16 channels of one layer's output for one sample, as a PNG mosaic (data URL), <c>Columns</c> tiles a row.</summary>
public sealed record FeatureMapView(string Layer, IReadOnlyList<long> Shape, int ChannelsShown, int Columns, string PngDataUrl);

public sealed record ActivationView(string Layer, HistogramView Values);

/// <summary>A batch-norm layer: running statistics, learned scale γ and shift β, and its input and output over the fixed noise.</summary>
public sealed record BatchNormView(string Layer, int Features, HistogramView RunningMean, HistogramView RunningVariance,
    HistogramView Gamma, HistogramView Beta, HistogramView Before, HistogramView After);

/// <summary>One network's Adam: steps taken, learning rate, and the size of the update each parameter would get now (log10 |Δw|).</summary>
public sealed record AdamView(string Network, long Step, double LearningRate, long Parameters, HistogramView Log10StepSizes, double MedianStepSize);

/// <summary>Where the inspected model is: "running", "paused" or "finished".</summary>
public static class InspectionState
{
    public const string Running = "running";
    public const string Paused = "paused";
    public const string Finished = "finished";

    public static string Of(LabStatus status) => status switch
    {
        LabStatus.Running => Running,
        LabStatus.Paused or LabStatus.Queued or LabStatus.Created => Paused,
        _ => Finished,
    };
}

/// <summary>
/// A look inside a lab's model after <c>Step</c> training steps (epoch <c>Epoch</c>): the generator layer by layer on
/// the first fixed noise vector, the discriminator on a real image and on a fake, D's logits for 16 real images and the
/// 16 fixed-noise fakes, batch norm's state, Adam's step sizes. <c>Source</c> says whether it came from the training
/// run itself or from the checkpoint of that step.
/// </summary>
public sealed record ModelInspection(
    string LabId,
    int Epoch,
    long Step,
    string State,
    string Source,
    IReadOnlyList<FeatureMapView> GeneratorMaps,
    IReadOnlyList<FeatureMapView> DiscriminatorRealMaps,
    IReadOnlyList<FeatureMapView> DiscriminatorFakeMaps,
    IReadOnlyList<ActivationView> GeneratorActivations,
    IReadOnlyList<ActivationView> DiscriminatorActivations,
    IReadOnlyList<float> RealLogits,
    IReadOnlyList<float> FakeLogits,
    IReadOnlyList<BatchNormView> BatchNorm,
    IReadOnlyList<AdamView> Adam,
    HistogramView RealPixels,
    HistogramView FakePixels,
    string RealImagesDataUrl,
    string FakeImagesDataUrl,
    double MilliSeconds);

/// <summary>One checkpoint file of a lab.</summary>
public sealed record CheckpointView(string FileName, long Step, int CompletedEpochs, bool AtEpochBoundary, long Bytes, DateTimeOffset WrittenAt);
