using static TorchSharp.torch;

namespace Lab.Engine.Training;

/// <summary>
/// The notebook's <c>seed = tf.random.normal([16, noise_dim])</c>: the same 16 noise vectors every epoch, so the grids
/// show one generator changing, not new random draws. Derived from the lab's seed alone, so it survives restarts.
/// </summary>
public static class FixedNoise
{
    public const int Count = 16;

    public static Tensor Create(int latentDim, int seed)
    {
        using var generator = new TorchSharp.torch.Generator(unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + 1));
        return randn([Count, latentDim], generator: generator);
    }
}
