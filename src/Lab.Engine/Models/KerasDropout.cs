using TorchSharp;
using static TorchSharp.torch;

namespace Lab.Engine.Models;

/// <summary>
/// Inverted dropout as Keras and torch both do it (zero with probability p while training, scale the rest by
/// 1/(1-p), identity in inference), but drawing its masks from a given generator: torch's nn.Dropout can only use
/// the process-wide one, which every other run in the process would disturb.
/// </summary>
public sealed class KerasDropout(double rate, torch.Generator? random) : nn.Module<Tensor, Tensor>(nameof(KerasDropout))
{
    public double Rate { get; } = rate;

    public override Tensor forward(Tensor input)
    {
        if (!training || Rate == 0) return input.alias();
        using var uniform = rand(input.shape, dtype: input.dtype, device: input.device, generator: random);
        using var keep = uniform.ge(Rate);
        return input.mul(keep).div_(1 - Rate);
    }
}
