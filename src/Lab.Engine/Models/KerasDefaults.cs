using TorchSharp;
using static TorchSharp.torch;

namespace Lab.Engine.Models;

/// <summary>
/// The notebook uses Keras layers with their defaults, which differ from torch's. These are the Keras values.
/// </summary>
public static class KerasDefaults
{
    /// <summary>keras.layers.LeakyReLU() default alpha (torch's default is 0.01).</summary>
    public const double LeakyReluSlope = 0.3;

    /// <summary>keras BatchNormalization epsilon (torch: 1e-5).</summary>
    public const double BatchNormEpsilon = 1e-3;

    /// <summary>Keras momentum 0.99 weighs the old running value; torch's momentum weighs the new one, so 1 - 0.99.</summary>
    public const double BatchNormTorchMomentum = 0.01;

    /// <summary>keras.optimizers.Adam epsilon (torch: 1e-8).</summary>
    public const double AdamEpsilon = 1e-7;

    public const double DropoutRate = 0.3;

    /// <summary>
    /// Keras initialises Dense and Conv kernels Glorot-uniform and biases to zero (torch uses Kaiming-uniform and a
    /// fan-in-scaled uniform bias). Glorot's fans for a conv kernel are in·k·k and out·k·k whichever way the kernel is
    /// stored, so torch's own xavier_uniform_ computes the Keras limit for Linear, Conv2d and ConvTranspose2d alike.
    /// </summary>
    public static void InitializeLikeKeras(nn.Module module)
    {
        using var _ = no_grad();
        foreach (var (name, parameter) in module.named_parameters())
        {
            if (parameter.dim() < 2) continue;
            nn.init.xavier_uniform_(parameter);
        }
        foreach (var child in module.modules())
        {
            switch (child)
            {
                case TorchSharp.Modules.Linear { bias: not null } linear: nn.init.zeros_(linear.bias); break;
                case TorchSharp.Modules.Conv2d { bias: not null } conv: nn.init.zeros_(conv.bias); break;
                case TorchSharp.Modules.ConvTranspose2d { bias: not null } deconv: nn.init.zeros_(deconv.bias); break;
            }
        }
    }
}
