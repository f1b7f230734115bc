using Lab.Engine.Models;

namespace Lab.Engine.Data;

/// <summary>
/// Turns an IDX image file into the channels-first pixels the models take. Two layouts are understood:
/// [N, H, W] greyscale (MNIST, Fashion-MNIST) and [N, H, W, C] channels-last with C = 1 or 3 (the IDX/Keras
/// convention, used for Emoji-32). Images smaller than the model's size are centred on a background of 0, which is
/// how 28×28 Fashion-MNIST serves the notebook's 32×32 models unchanged (2 pixels on each side).
/// </summary>
public static class IdxImages
{
    /// <summary>The shape the images take at <paramref name="size"/>; throws if the header does not describe such images.</summary>
    public static ImageShape ShapeOf(IdxHeader header, int size, string path)
    {
        var dims = header.Dimensions;
        if (dims.Count is not (3 or 4))
            throw new DatasetFormatException(path, $"holds a {header} array; images need [count, height, width] or [count, height, width, channels].");
        int height = dims[1], width = dims[2], channels = dims.Count == 4 ? dims[3] : 1;
        if (channels is not (1 or 3))
            throw new DatasetFormatException(path, $"has {channels} channels per pixel; only 1 (grey) or 3 (RGB) are supported.");
        if (height != width || height > size || (size - height) % 2 != 0)
            throw new DatasetFormatException(path, $"holds {height}×{width} images, which cannot be centred in {size}×{size}.");
        return new ImageShape(channels, size);
    }

    /// <summary>Reads the file and returns N·C·size·size bytes, channels-first, each image centred and padded with 0.</summary>
    public static (ImageShape Shape, byte[] Pixels) Load(string path, int size)
    {
        var (header, data) = IdxReader.Read(path);
        var shape = ShapeOf(header, size, path);
        int count = header.Count, side = header.Dimensions[1], channels = shape.Channels, pad = (size - side) / 2;

        long length = (long)count * shape.Length;
        if (length > Array.MaxLength)
            throw new DatasetFormatException(path, $"{count} images of {shape.Channels}×{size}×{size} are too many to hold in memory at once.");
        var pixels = new byte[length];
        for (int n = 0; n < count; n++)
        {
            int source = n * side * side * channels, target = n * shape.Length;
            for (int c = 0; c < channels; c++)
            for (int y = 0; y < side; y++)
            {
                int from = source + y * side * channels + c, to = target + (c * size + y + pad) * size + pad;
                if (channels == 1)
                {
                    Buffer.BlockCopy(data, from, pixels, to, side);
                    continue;
                }
                for (int x = 0; x < side; x++)
                    pixels[to + x] = data[from + x * channels];
            }
        }
        return (shape, pixels);
    }
}
