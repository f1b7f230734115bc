using System.Text.Json;
using SkiaSharp;

namespace Lab.Tools.DatasetBuilder;

/// <summary>Cuts the base emoji out of the package's 32-px "clean" sprite sheet and flattens them onto white.</summary>
public static class EmojiSheet
{
    public const int CellSize = 32;

    // Cells are 34 px apart: a 1-px transparent border on each side of every 32-px image.
    private const int CellPitch = CellSize + 2;

    /// <summary>RGB images, 32×32×3 channels-last each, in the package's sort order; and how many empty cells were skipped.</summary>
    public static (List<byte[]> Images, int Skipped) Load(string packageFolder)
    {
        using var sheet = DecodeUnpremultiplied(Path.Combine(packageFolder, "img", "google", "sheets-clean", "32.png"));
        var rgba = sheet.GetPixelSpan().ToArray();

        var images = new List<byte[]>();
        int skipped = 0;
        foreach (var (x, y) in BaseEmojiCells(Path.Combine(packageFolder, "emoji.json")))
        {
            int left = x * CellPitch + 1, top = y * CellPitch + 1;
            if (left + CellSize > sheet.Width || top + CellSize > sheet.Height)
                throw new InvalidDataException($"Cell ({x}, {y}) lies outside the {sheet.Width}×{sheet.Height} sheet.");
            var image = FlattenOnWhite(rgba, sheet.Width, left, top);
            if (image is null) skipped++;
            else images.Add(image);
        }
        return (images, skipped);
    }

    // Only the top-level entries: skin_variations would add five near-copies of each person emoji.
    // Sorted by sort_order (Unicode's emoji order) so the file does not depend on how the JSON happens to be ordered.
    private static IEnumerable<(int X, int Y)> BaseEmojiCells(string emojiJson)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(emojiJson));
        return json.RootElement.EnumerateArray()
            .Where(e => e.TryGetProperty("has_img_google", out var has) && has.GetBoolean())
            .Select(e => (Order: e.GetProperty("sort_order").GetInt32(), X: e.GetProperty("sheet_x").GetInt32(), Y: e.GetProperty("sheet_y").GetInt32()))
            .OrderBy(e => e.Order).ThenBy(e => e.Y).ThenBy(e => e.X)
            .Select(e => (e.X, e.Y))
            .ToList();
    }

    // PNG stores straight (unpremultiplied) alpha; decoding to exactly that keeps the bytes as stored, so the
    // compositing below is plain integer arithmetic and gives the same result on every machine.
    private static SKBitmap DecodeUnpremultiplied(string png)
    {
        using var codec = SKCodec.Create(png) ?? throw new InvalidDataException($"{png}: not a readable PNG.");
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
        {
            bitmap.Dispose();
            throw new InvalidDataException($"{png}: decoding failed ({result}).");
        }
        return bitmap;
    }

    /// <summary>The cell composited over white as 32×32×3 bytes, or null when the cell is fully transparent.</summary>
    private static byte[]? FlattenOnWhite(byte[] rgba, int sheetWidth, int left, int top)
    {
        var rgb = new byte[CellSize * CellSize * 3];
        bool anyInk = false;
        for (int row = 0; row < CellSize; row++)
        for (int col = 0; col < CellSize; col++)
        {
            int source = ((top + row) * sheetWidth + left + col) * 4;
            int alpha = rgba[source + 3];
            anyInk |= alpha != 0;
            int target = (row * CellSize + col) * 3;
            for (int c = 0; c < 3; c++)
                rgb[target + c] = (byte)((rgba[source + c] * alpha + 255 * (255 - alpha) + 127) / 255);
        }
        return anyInk ? rgb : null;
    }
}
