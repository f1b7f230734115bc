using Lab.Contracts.Explain;

namespace Lab.Client.Tests.Explain;

/// <summary>An inspector with the notebook's layer names and made-up numbers, recording what the pages ask.</summary>
public sealed class FakeModelInspector : IModelInspector
{
    public string? Default { get; set; } = "lab1";
    public ModelInspection? Inspection { get; set; } = SampleInspection("lab1");
    public List<string?> ArchitectureRequests { get; } = [];
    public List<string> InspectRequests { get; } = [];

    public string? DefaultLabId() => Default;

    public Task<ArchitectureView> ArchitectureAsync(string? labId, CancellationToken cancellationToken = default)
    {
        ArchitectureRequests.Add(labId);
        return Task.FromResult(Architecture(labId, channels: 1));
    }

    public Task<ModelInspection?> InspectAsync(string labId, CancellationToken cancellationToken = default)
    {
        InspectRequests.Add(labId);
        return Task.FromResult(Inspection?.LabId == labId ? Inspection : null);
    }

    public IReadOnlyList<CheckpointView> Checkpoints(string labId) =>
        [new("step-0000000300-epoch-00002.ckpt", 300, 2, true, 3 << 20, DateTimeOffset.UnixEpoch)];

    public static ArchitectureView Architecture(string? labId, int channels)
    {
        LayerView L(string name, string kind, long[] input, long[] output, long parameters = 0, string? formula = null, string? shape = null) =>
            new(name, kind, input, output, parameters, parameters, formula, shape);
        var generator = new List<LayerView>
        {
            L("dense", "Dense", [100], [16384], 1_638_400, "100 · 16,384 = 1,638,400"),
            L("batch_normalization", "BatchNormalization", [16384], [16384], 65_536),
            L("leaky_re_lu", "LeakyReLU", [16384], [16384]),
            L("reshape", "Reshape", [16384], [8, 8, 256]),
            L("conv2d_transpose", "Conv2DTranspose", [8, 8, 256], [8, 8, 128], 819_200, null, "(8 − 1)·1 − 2·2 + 5 + 0 = 8"),
            L("batch_normalization_1", "BatchNormalization", [8, 8, 128], [8, 8, 128], 512),
            L("leaky_re_lu_1", "LeakyReLU", [8, 8, 128], [8, 8, 128]),
            L("conv2d_transpose_1", "Conv2DTranspose", [8, 8, 128], [16, 16, 64], 204_800),
            L("batch_normalization_2", "BatchNormalization", [16, 16, 64], [16, 16, 64], 256),
            L("leaky_re_lu_2", "LeakyReLU", [16, 16, 64], [16, 16, 64]),
            L("conv2d_transpose_2", "Conv2DTranspose", [16, 16, 64], [32, 32, channels], 1600L * channels),
            L("tanh", "Activation (tanh)", [32, 32, channels], [32, 32, channels]),
        };
        var discriminator = new List<LayerView>
        {
            L("conv2d", "Conv2D", [32, 32, channels], [16, 16, 64], 1600L * channels + 64, $"5 · 5 · {channels} · 64 + 64 = {1600 * channels + 64:N0}"),
            L("leaky_re_lu", "LeakyReLU", [16, 16, 64], [16, 16, 64]),
            L("dropout", "Dropout", [16, 16, 64], [16, 16, 64]),
            L("conv2d_1", "Conv2D", [16, 16, 64], [8, 8, 128], 204_928),
            L("leaky_re_lu_1", "LeakyReLU", [8, 8, 128], [8, 8, 128]),
            L("dropout_1", "Dropout", [8, 8, 128], [8, 8, 128]),
            L("flatten", "Flatten", [8, 8, 128], [8192]),
            L("dense", "Dense", [8192], [1], 8_193),
        };
        return new ArchitectureView(labId, labId is null ? null : "Fashion run", "fashion-mnist", channels, 32, 100, generator, discriminator,
            labId is null ? "No lab has trained yet on this server." : null);
    }

    public static ModelInspection SampleInspection(string labId, string state = InspectionState.Paused)
    {
        var h = new HistogramView(-1, 1, [1, 2, 3, 2, 1], 0, 0.5, 9);
        const string png = "data:image/png;base64,iVBORw0KGgo=";
        FeatureMapView Map(string layer) => new(layer, [8, 8, 16], 16, 4, png);
        string[] gLayers = ["reshape", "conv2d_transpose", "batch_normalization_1", "leaky_re_lu_1", "conv2d_transpose_1", "batch_normalization_2", "leaky_re_lu_2", "conv2d_transpose_2", "tanh"];
        string[] gAll = ["dense", "batch_normalization", "leaky_re_lu", .. gLayers];
        string[] dLayers = ["conv2d", "leaky_re_lu", "dropout", "conv2d_1", "leaky_re_lu_1", "dropout_1"];
        return new ModelInspection(labId, 2, 300, state, "the checkpoint of step 300",
            gLayers.Select(Map).ToList(), dLayers.Select(Map).ToList(), dLayers.Select(Map).ToList(),
            gAll.Select(l => new ActivationView(l, h)).ToList(),
            dLayers.Concat(["flatten", "dense"]).Select(l => new ActivationView(l, h)).ToList(),
            Enumerable.Repeat(2f, 16).ToList(), Enumerable.Repeat(-2f, 16).ToList(),
            new[] { "batch_normalization", "batch_normalization_1", "batch_normalization_2" }.Select(l => new BatchNormView(l, 64, h, h, h, h, h, h)).ToList(),
            [new AdamView("generator", 300, 1e-4, 1000, h, 5e-5), new AdamView("discriminator", 300, 1e-4, 500, h, 4e-5)],
            h, h, png, png, 12);
    }
}
