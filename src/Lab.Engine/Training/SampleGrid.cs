using SkiaSharp;
using static TorchSharp.torch;

namespace Lab.Engine.Training;

/// <summary>
/// A 4×4 grid PNG of the generator's images for the fixed noise, like the notebook's generate_and_save_images.
/// The generator runs in inference mode (batch norm uses its running statistics) under no_grad, so one sample never
/// depends on the other images in the batch.
/// </summary>
public static class SampleGrid
{
    public const int Columns = 4;

    public static byte[] Render(Models.Generator generator, Tensor fixedNoise)
    {
        var wasTraining = generator.training;
        generator.eval();
        try
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var images = generator.forward(fixedNoise.to(generator.Layers.parameters().First().device));
            // tanh output in [-1, 1] → bytes, as the notebook does with x * 127.5 + 127.5.
            var bytes = images.mul(127.5).add(127.5).clamp(0, 255).to_type(ScalarType.Byte).cpu();
            return Encode(bytes);
        }
        finally
        {
            generator.train(wasTraining);
        }
    }

    /// <summary>uint8 [N, C, S, S] (C = 1 or 3) → PNG of ceil(N/4) rows × 4 columns of S×S tiles.</summary>
    public static byte[] Encode(Tensor images)
    {
        int count = (int)images.shape[0], channels = (int)images.shape[1], size = (int)images.shape[2];
        int rows = (count + Columns - 1) / Columns;
        var pixels = images.contiguous().data<byte>().ToArray();
        using var bitmap = new SKBitmap(new SKImageInfo(Columns * size, rows * size, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var target = new byte[bitmap.Width * bitmap.Height * 4];
        int plane = size * size;
        for (int n = 0; n < count; n++)
        {
            int originX = n % Columns * size, originY = n / Columns * size, image = n * channels * plane;
            for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
            {
                int source = image + y * size + x;
                int at = ((originY + y) * bitmap.Width + originX + x) * 4;
                byte r = pixels[source];
                target[at] = r;
                target[at + 1] = channels == 3 ? pixels[source + plane] : r;
                target[at + 2] = channels == 3 ? pixels[source + 2 * plane] : r;
                target[at + 3] = 255;
            }
        }
        System.Runtime.InteropServices.Marshal.Copy(target, 0, bitmap.GetPixels(), target.Length);
        using var encoded = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return encoded.ToArray();
    }
}
