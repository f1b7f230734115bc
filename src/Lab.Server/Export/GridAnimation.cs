using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.PixelFormats;
using SkiaSharp;

namespace Lab.Server.Export;

/// <summary>
/// The sample grids over the epochs as one looping animated GIF, the way DCGAN tutorials show a generator learning.
/// SkiaSharp decodes our own PNGs; ImageSharp only encodes, so it never parses an untrusted image.
/// </summary>
public static class GridAnimation
{
    /// <param name="frameDelay">Each grid's time on screen; the last one stays up three times as long.</param>
    public static byte[] Gif(IReadOnlyList<byte[]> pngs, TimeSpan frameDelay)
    {
        if (pngs.Count == 0) throw new ArgumentException("No grids to animate.", nameof(pngs));
        Image<Rgba32>? animation = null;
        try
        {
            for (int i = 0; i < pngs.Count; i++)
            {
                using var frame = Decode(pngs[i]);
                int delay = (int)Math.Round(frameDelay.TotalMilliseconds / 10) * (i == pngs.Count - 1 ? 3 : 1);
                frame.Frames.RootFrame.Metadata.GetGifMetadata().FrameDelay = delay;
                if (animation is null) animation = frame.Clone();
                else animation.Frames.AddFrame(frame.Frames.RootFrame);
            }
            animation!.Metadata.GetGifMetadata().RepeatCount = 0; // loop for ever
            using var file = new MemoryStream();
            animation.SaveAsGif(file, new GifEncoder { ColorTableMode = GifColorTableMode.Local });
            return file.ToArray();
        }
        finally
        {
            animation?.Dispose();
        }
    }

    private static Image<Rgba32> Decode(byte[] png)
    {
        using var decoded = SKBitmap.Decode(png) ?? throw new InvalidDataException("A sample grid is not a readable PNG.");
        using var rgba = decoded.Copy(SKColorType.Rgba8888);
        return Image.LoadPixelData<Rgba32>(rgba.GetPixelSpan(), rgba.Width, rgba.Height);
    }
}
