namespace Lab.Engine.Models;

/// <summary>
/// Sizes of the notebook's two networks. The defaults are the notebook's; tests shrink the widths to run fast.
/// </summary>
public sealed record GanArchitecture(ImageShape Image, int LatentDim = 100, int GeneratorWidth = 256, int DiscriminatorWidth = 64)
{
    public static GanArchitecture Notebook(ImageShape image, int latentDim = 100) => new(image, latentDim);

    public void Validate()
    {
        Image.Validate();
        if (LatentDim is < 1 or > 1024) throw new ArgumentOutOfRangeException(nameof(LatentDim), LatentDim, "The noise dimension must be between 1 and 1024.");
        if (GeneratorWidth < 4 || GeneratorWidth % 4 != 0) throw new ArgumentOutOfRangeException(nameof(GeneratorWidth));
        if (DiscriminatorWidth < 2 || DiscriminatorWidth % 2 != 0) throw new ArgumentOutOfRangeException(nameof(DiscriminatorWidth));
    }
}
