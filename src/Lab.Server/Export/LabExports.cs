using System.IO.Compression;
using System.Text.RegularExpressions;
using Lab.Engine.Checkpoints;
using Lab.Engine.Export;
using Lab.Server.Labs;
using Lab.Server.Training;

namespace Lab.Server.Export;

/// <summary>A lab's results as files: the generator's weights, every grid, the metrics, the grids as an animation.</summary>
public sealed partial class LabExports(ILabStore store, LabCheckpoints checkpoints, ILogger<LabExports> logger)
{
    public static readonly TimeSpan AnimationFrameDelay = TimeSpan.FromMilliseconds(300);

    /// <summary>A file to download, or why there is none yet.</summary>
    public sealed record ExportFile(byte[]? Content, string FileName, string ContentType, string? Missing = null);

    public ExportFile? GeneratorTorchSharp(string labId) =>
        FromCheckpoint(labId, "generator.dat", "application/octet-stream", GeneratorExport.TorchSharpWeights);

    public ExportFile? GeneratorPyTorch(string labId) =>
        FromCheckpoint(labId, "generator.pt", "application/octet-stream", GeneratorExport.PyTorchStateDict);

    public ExportFile? MetricsCsvFile(string labId) => store.Find(labId) is { } lab
        ? new ExportFile(MetricsCsv.Write(store.Metrics(labId, 0)), Name(lab, "metrics.csv"), "text/csv")
        : null;

    public ExportFile? GridsZip(string labId)
    {
        if (store.Find(labId) is not { } lab) return null;
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (epoch, png) in Grids(labId))
            {
                // PNGs are compressed already; storing them keeps the zip quick to make.
                using var entry = archive.CreateEntry($"epoch-{epoch:D5}.png", CompressionLevel.NoCompression).Open();
                entry.Write(png);
            }
        }
        return new ExportFile(zip.ToArray(), Name(lab, "grids.zip"), "application/zip");
    }

    public ExportFile? AnimationGif(string labId)
    {
        if (store.Find(labId) is not { } lab) return null;
        var pngs = Grids(labId).Select(g => g.Png).ToList();
        return pngs.Count == 0
            ? new ExportFile(null, "", "", "This lab has no sample grids yet.")
            : new ExportFile(GridAnimation.Gif(pngs, AnimationFrameDelay), Name(lab, "timeline.gif"), "image/gif");
    }

    private IEnumerable<(int Epoch, byte[] Png)> Grids(string labId)
    {
        foreach (var (epoch, _) in store.Grids(labId))
            if (store.GridPng(labId, epoch) is { } png) yield return (epoch, png);
    }

    private ExportFile? FromCheckpoint(string labId, string suffix, string contentType, Func<LoadedCheckpoint, byte[]> export)
    {
        if (store.Find(labId) is not { } lab) return null;
        var checkpoint = checkpoints.For(labId).LoadLatest(skipped => logger.LogWarning("Export of lab {LabId} skipped {Reason}", labId, skipped.Message));
        return checkpoint is null
            ? new ExportFile(null, "", "", "This lab has no checkpoint yet: its weights are saved after each epoch (and on pause and stop).")
            : new ExportFile(export(checkpoint), Name(lab, suffix), contentType);
    }

    /// <summary>"my-first-gan-generator.pt": the lab's name, made safe for any file system.</summary>
    private static string Name(LabRecord lab, string suffix)
    {
        var slug = Unsafe().Replace(lab.Name.ToLowerInvariant(), "-").Trim('-');
        return $"{(slug.Length == 0 ? "lab" : slug[..Math.Min(slug.Length, 60)])}-{suffix}";
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex Unsafe();
}
