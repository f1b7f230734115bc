using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lab.Engine.Models;

/// <summary>
/// The notebook's build_generator(): Dense(100 → 8·8·256, no bias) → BN → LeakyReLU → Reshape → ConvTranspose 5×5
/// stride 1 → BN → LeakyReLU → ConvTranspose 5×5 stride 2 → BN → LeakyReLU → ConvTranspose 5×5 stride 2 → tanh.
/// Keras' "same" padding becomes padding 2 (plus output_padding 1 where the stride is 2): 8 → 8 → 16 → 32.
/// </summary>
public sealed class Generator : nn.Module<Tensor, Tensor>
{
    public GanArchitecture Architecture { get; }

    /// <summary>The layers in order, named as Keras would name them; the summary and the explainers walk these.</summary>
    public Sequential Layers { get; }

    /// <param name="random">Draws the initial weights; null uses torch's global generator.</param>
    public Generator(GanArchitecture architecture, torch.Generator? random = null) : base(nameof(Generator))
    {
        architecture.Validate();
        Architecture = architecture;
        var image = architecture.Image;
        int seed = image.SeedSize, width = architecture.GeneratorWidth;

        Layers = nn.Sequential(
            ("dense", nn.Linear(architecture.LatentDim, seed * seed * width, hasBias: false)),
            ("batch_normalization", nn.BatchNorm1d(seed * seed * width, KerasDefaults.BatchNormEpsilon, KerasDefaults.BatchNormTorchMomentum)),
            ("leaky_re_lu", nn.LeakyReLU(KerasDefaults.LeakyReluSlope)),
            ("reshape", nn.Unflatten(1, [width, seed, seed])),
            ("conv2d_transpose", nn.ConvTranspose2d(width, width / 2, 5, stride: 1, padding: 2, bias: false)),
            ("batch_normalization_1", nn.BatchNorm2d(width / 2, KerasDefaults.BatchNormEpsilon, KerasDefaults.BatchNormTorchMomentum)),
            ("leaky_re_lu_1", nn.LeakyReLU(KerasDefaults.LeakyReluSlope)),
            ("conv2d_transpose_1", nn.ConvTranspose2d(width / 2, width / 4, 5, stride: 2, padding: 2, output_padding: 1, bias: false)),
            ("batch_normalization_2", nn.BatchNorm2d(width / 4, KerasDefaults.BatchNormEpsilon, KerasDefaults.BatchNormTorchMomentum)),
            ("leaky_re_lu_2", nn.LeakyReLU(KerasDefaults.LeakyReluSlope)),
            ("conv2d_transpose_2", nn.ConvTranspose2d(width / 4, image.Channels, 5, stride: 2, padding: 2, output_padding: 1, bias: false)),
            ("tanh", nn.Tanh()));
        // Registered by hand: RegisterComponents would name it after the property's backing field
        // ("<Layers>k__BackingField"), and that name is every state_dict key of a saved or exported model.
        register_module("layers", Layers);
        KerasDefaults.InitializeLikeKeras(this, random);
    }

    /// <summary>Noise [N, latent] → images [N, C, H, W] in [-1, 1].</summary>
    public override Tensor forward(Tensor noise) => Layers.forward(noise);

    protected override void Dispose(bool disposing)
    {
        if (disposing) Layers.Dispose();
        base.Dispose(disposing);
    }
}
