namespace Lab.Engine.Inspection;

/// <summary>Up to <see cref="ModelProbe.MapsShown"/> channels of one layer's output for one sample, as a PNG mosaic.</summary>
public sealed record FeatureMapSet(string Layer, IReadOnlyList<long> Shape, int ChannelsShown, int Columns, byte[] Png);

/// <summary>The distribution of one layer's outputs over the probe batch.</summary>
public sealed record LayerActivation(string Layer, ValueHistogram Values);

/// <summary>A batch-norm layer: its running statistics and learned scale/shift, and what it does to its input.</summary>
public sealed record BatchNormState(string Layer, int Features, ValueHistogram RunningMean, ValueHistogram RunningVariance,
    ValueHistogram Gamma, ValueHistogram Beta, ValueHistogram Before, ValueHistogram After);

/// <summary>One network's Adam: the step count and the size of the update each parameter got last (log10 |Δw|).</summary>
public sealed record AdamState(string Network, long Step, double LearningRate, long Parameters, ValueHistogram Log10StepSizes, double MedianStepSize);

/// <summary>What the explainers show of a live GAN, as plain values (no tensors).</summary>
public sealed record ModelProbeResult(
    IReadOnlyList<FeatureMapSet> GeneratorMaps,
    IReadOnlyList<FeatureMapSet> DiscriminatorRealMaps,
    IReadOnlyList<FeatureMapSet> DiscriminatorFakeMaps,
    IReadOnlyList<LayerActivation> GeneratorActivations,
    IReadOnlyList<LayerActivation> DiscriminatorActivations,
    float[] RealLogits,
    float[] FakeLogits,
    IReadOnlyList<BatchNormState> BatchNorm,
    IReadOnlyList<AdamState> Adam,
    ValueHistogram RealPixels,
    ValueHistogram FakePixels,
    byte[] RealImagesPng,
    byte[] FakeImagesPng);
