using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lab.Engine.Models;

/// <summary>
/// The notebook's build_discriminator(): Conv 5×5 stride 2 → LeakyReLU → Dropout 0.3 → Conv 5×5 stride 2 →
/// LeakyReLU → Dropout 0.3 → Flatten → Dense(1). The output is a logit (no sigmoid): the loss uses from_logits=True.
/// </summary>
public sealed class Discriminator : nn.Module<Tensor, Tensor>
{
    public GanArchitecture Architecture { get; }

    public Sequential Layers { get; }

    /// <param name="random">Draws the initial weights; null uses torch's global generator.</param>
    /// <param name="dropoutRandom">Draws the dropout masks; must live on the device the model runs on (default: <paramref name="random"/>).</param>
    public Discriminator(GanArchitecture architecture, torch.Generator? random = null, torch.Generator? dropoutRandom = null) : base(nameof(Discriminator))
    {
        architecture.Validate();
        Architecture = architecture;
        var image = architecture.Image;
        int width = architecture.DiscriminatorWidth, finalSize = image.SeedSize;

        Layers = nn.Sequential(
            ("conv2d", nn.Conv2d(image.Channels, width, 5, stride: 2, padding: 2)),
            ("leaky_re_lu", nn.LeakyReLU(KerasDefaults.LeakyReluSlope)),
            ("dropout", new KerasDropout(KerasDefaults.DropoutRate, dropoutRandom ?? random)),
            ("conv2d_1", nn.Conv2d(width, width * 2, 5, stride: 2, padding: 2)),
            ("leaky_re_lu_1", nn.LeakyReLU(KerasDefaults.LeakyReluSlope)),
            ("dropout_1", new KerasDropout(KerasDefaults.DropoutRate, dropoutRandom ?? random)),
            ("flatten", nn.Flatten()),
            ("dense", nn.Linear(width * 2 * finalSize * finalSize, 1)));
        // Registered by hand: RegisterComponents would name it after the property's backing field
        // ("<Layers>k__BackingField"), and that name is every state_dict key of a saved or exported model.
        register_module("layers", Layers);
        KerasDefaults.InitializeLikeKeras(this, random);
    }

    /// <summary>Images [N, C, H, W] → logits [N, 1].</summary>
    public override Tensor forward(Tensor images) => Layers.forward(images);

    protected override void Dispose(bool disposing)
    {
        if (disposing) Layers.Dispose();
        base.Dispose(disposing);
    }
}
