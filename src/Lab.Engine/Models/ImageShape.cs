namespace Lab.Engine.Models;

/// <summary>The shape of the images a GAN is built for: channels × size × size (the notebook: 3 × 32 × 32).</summary>
public sealed record ImageShape(int Channels, int Size)
{
    public static readonly ImageShape Cifar = new(3, 32);

    /// <summary>Elements in one image.</summary>
    public int Length => Channels * Size * Size;

    /// <summary>The generator starts at a quarter of the image size (8×8 for 32×32) and doubles twice.</summary>
    public int SeedSize => Size / 4;

    public void Validate()
    {
        if (Channels is not (1 or 3)) throw new ArgumentOutOfRangeException(nameof(Channels), Channels, "Images must have 1 or 3 channels.");
        if (Size < 8 || Size % 4 != 0) throw new ArgumentOutOfRangeException(nameof(Size), Size, "Image size must be a multiple of 4, at least 8.");
    }
}
