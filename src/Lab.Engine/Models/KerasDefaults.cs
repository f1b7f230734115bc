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
    /// fan-in-scaled uniform bias). Glorot's limit is sqrt(6 / (fan_in + fan_out)); for a conv kernel the fans are
    /// in·k·k and out·k·k whichever way the kernel is stored, so one formula serves Linear, Conv2d and ConvTranspose2d.
    /// Draws come from <paramref name="random"/> (the run's own generator) so a seed reproduces a run even while other
    /// runs share the process.
    /// </summary>
    public static void InitializeLikeKeras(nn.Module module, torch.Generator? random)
    {
        using var _ = no_grad();
        foreach (var (name, parameter) in module.named_parameters())
        {
            if (parameter.dim() < 2)
            {
                // Biases start at zero; batch norm's gamma (ones) and beta (zeros) already match Keras.
                if (name.EndsWith("bias", StringComparison.Ordinal) && !IsBatchNorm(module, name)) nn.init.zeros_(parameter);
                continue;
            }
            long receptive = parameter.shape.Skip(2).Aggregate(1L, (a, b) => a * b);
            double fanSum = (parameter.shape[0] + parameter.shape[1]) * receptive;
            double limit = Math.Sqrt(6.0 / fanSum);
            // Not nn.init.uniform_: in TorchSharp 0.107 it ignores its generator argument and draws from the global one.
            using var unit = rand(parameter.shape, dtype: parameter.dtype, generator: random);
            parameter.copy_(unit.mul_(2 * limit).sub_(limit));
        }
    }

    private static bool IsBatchNorm(nn.Module module, string parameterName)
    {
        var owner = parameterName[..parameterName.LastIndexOf('.')];
        return module.named_modules().Any(m => m.name == owner && m.module is TorchSharp.Modules.BatchNorm1d or TorchSharp.Modules.BatchNorm2d);
    }
}
