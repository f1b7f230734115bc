using SkiaSharp;

namespace Lab.Engine.Inspection;

/// <summary>
/// Some channels of one sample's activation [C, H, W] as one grey PNG mosaic: each channel stretched to its own
/// min..max (so a quiet channel still shows its pattern), tiles separated by a one-pixel gap.
/// </summary>
public static class FeatureMapImage
{
    public static byte[] Encode(float[] activation, int channels, int height, int width, int columns)
    {
        int rows = (channels + columns - 1) / columns;
        int mosaicWidth = columns * (width + 1) - 1, mosaicHeight = rows * (height + 1) - 1;
        var rgba = new byte[mosaicWidth * mosaicHeight * 4];
        // The gaps are a mid blue, so a tile's black border is told apart from the gap.
        for (int i = 0; i < rgba.Length; i += 4) { rgba[i] = 60; rgba[i + 1] = 90; rgba[i + 2] = 140; rgba[i + 3] = 255; }
        int plane = height * width;
        for (int c = 0; c < channels; c++)
        {
            var tile = activation.AsSpan(c * plane, plane);
            float min = float.MaxValue, max = float.MinValue;
            foreach (var v in tile) { if (v < min) min = v; if (v > max) max = v; }
            float scale = max > min ? 255f / (max - min) : 0;
            int originX = c % columns * (width + 1), originY = c / columns * (height + 1);
            for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                byte grey = (byte)Math.Clamp((tile[y * width + x] - min) * scale, 0, 255);
                int at = ((originY + y) * mosaicWidth + originX + x) * 4;
                rgba[at] = rgba[at + 1] = rgba[at + 2] = grey;
            }
        }
        using var bitmap = new SKBitmap(new SKImageInfo(mosaicWidth, mosaicHeight, SKColorType.Rgba8888, SKAlphaType.Opaque));
        System.Runtime.InteropServices.Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        using var encoded = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return encoded.ToArray();
    }
}
