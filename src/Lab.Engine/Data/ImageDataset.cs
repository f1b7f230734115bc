using Lab.Engine.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Lab.Engine.Data;

/// <summary>
/// A whole dataset as one contiguous uint8 tensor [N, C, H, W] on the CPU (not one tensor per image): a batch is one
/// index_select, and the bytes take a quarter of the float32 size. Scaling to [-1, 1] happens per batch.
/// </summary>
public sealed class ImageDataset : IDisposable
{
    public string Id { get; }
    public ImageShape Shape { get; }
    public int Count { get; }

    /// <summary>uint8 [N, C, H, W], channels-first, values 0..255.</summary>
    public Tensor Images { get; }

    private ImageDataset(string id, ImageShape shape, Tensor images)
    {
        Id = id;
        Shape = shape;
        Images = images;
        Count = (int)images.shape[0];
    }

    /// <summary>Takes ownership of <paramref name="pixels"/>: N·C·H·W bytes, channels-first.</summary>
    public static ImageDataset FromPixels(string id, ImageShape shape, byte[] pixels)
    {
        shape.Validate();
        if (pixels.Length == 0 || pixels.Length % shape.Length != 0)
            throw new DatasetFormatException(id, $"{pixels.Length} bytes is not a whole number of {shape.Channels}×{shape.Size}×{shape.Size} images.");
        long count = pixels.Length / shape.Length;
        var images = tensor(pixels, [count, shape.Channels, shape.Size, shape.Size], ScalarType.Byte);
        return new ImageDataset(id, shape, images);
    }

    /// <summary>
    /// The images at <paramref name="indices"/> as float32 on <paramref name="device"/>, scaled to [-1, 1] exactly as
    /// the notebook does (x / 127.5 - 1). Call inside a dispose scope: the intermediate tensors belong to it.
    /// </summary>
    public Tensor Batch(Tensor indices, Device device) =>
        Images.index_select(0, indices).to(device).to_type(ScalarType.Float32).div_(127.5).sub_(1.0);

    public void Dispose() => Images.Dispose();
}
