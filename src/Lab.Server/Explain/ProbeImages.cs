using Lab.Engine.Data;
using static TorchSharp.torch;

namespace Lab.Server.Explain;

/// <summary>
/// The 16 real images the explainers show the discriminator, per dataset: a fixed draw (the same every time, so two
/// looks at a lab differ only because the model changed), kept as uint8 bytes so no whole dataset stays loaded.
/// </summary>
public sealed class ProbeImages(DatasetCatalog catalog)
{
    public const int Count = 16;
    private readonly Dictionary<string, (byte[] Pixels, long[] Shape)> _byDataset = [];

    /// <summary>The images in [-1, 1], [16, C, H, W], as a new tensor the caller's dispose scope owns.</summary>
    public Tensor For(string datasetId)
    {
        (byte[] Pixels, long[] Shape) sample;
        lock (_byDataset)
        {
            if (!_byDataset.TryGetValue(datasetId, out sample)) _byDataset[datasetId] = sample = Draw(datasetId);
        }
        return tensor(sample.Pixels, sample.Shape, ScalarType.Byte).to_type(ScalarType.Float32).div_(127.5).sub_(1.0);
    }

    private (byte[], long[]) Draw(string datasetId)
    {
        using var scope = NewDisposeScope();
        using var data = catalog.Load(datasetId);
        using var random = new TorchSharp.torch.Generator(20240601);
        var indices = randperm(data.Count, generator: random).narrow(0, 0, Math.Min(Count, data.Count));
        var images = data.Images.index_select(0, indices).contiguous();
        return (images.data<byte>().ToArray(), images.shape);
    }
}
