using System.Globalization;
using Lab.Engine.Models;

namespace Lab.Engine.Data;

/// <summary>
/// Reads the training images of CIFAR-10's "binary version" (cifar-10-binary.tar.gz from
/// https://www.cs.toronto.edu/~kriz/cifar.html) from a folder the user downloaded it to. Each of data_batch_1.bin …
/// data_batch_5.bin is a run of 3,073-byte records: a label byte, then 1,024 red, 1,024 green and 1,024 blue bytes,
/// each plane row by row. That is already channels-first, so a record's pixels are copied as they are.
/// </summary>
public static class Cifar10BinaryReader
{
    public const string BatchFolderName = "cifar-10-batches-bin";
    public const int BatchCount = 5;
    public static readonly ImageShape Shape = new(3, 32);

    private const int LabelLength = 1;
    private static readonly int RecordLength = LabelLength + Shape.Length;
    private const string Remedy = "Download cifar-10-binary.tar.gz (the binary version, not the Python one) from https://www.cs.toronto.edu/~kriz/cifar.html and unpack it again.";

    /// <summary>
    /// The five training batch files, checked to exist and to hold whole records. <paramref name="folder"/> may be
    /// cifar-10-batches-bin itself or the folder that contains it (where the tarball was unpacked).
    /// </summary>
    public static IReadOnlyList<string> BatchFiles(string folder)
    {
        if (!Directory.Exists(folder))
            throw new DatasetFormatException(folder, $"folder not found. {Remedy}");
        var batches = Path.Combine(folder, BatchFolderName);
        if (Directory.Exists(batches)) folder = batches;

        var files = new List<string>();
        for (int i = 1; i <= BatchCount; i++)
        {
            var file = Path.Combine(folder, $"data_batch_{i}.bin");
            if (!File.Exists(file))
            {
                // The Python version has files of the same name without ".bin"; say so, it is the usual mix-up.
                var pythonHint = File.Exists(Path.Combine(folder, $"data_batch_{i}")) || Directory.Exists(Path.Combine(folder, "cifar-10-batches-py"))
                    ? " This looks like the Python version of CIFAR-10, which the lab does not read."
                    : "";
                throw new DatasetFormatException(file, $"file missing.{pythonHint} {Remedy}");
            }
            long length = new FileInfo(file).Length;
            if (length == 0 || length % RecordLength != 0)
                throw new DatasetFormatException(file,
                    $"{Number(length)} bytes is not a whole number of {Number(RecordLength)}-byte records (1 label + {Number(Shape.Length)} pixels); " +
                    $"a full batch is {Number(10_000L * RecordLength)} bytes. The file is truncated or not CIFAR-10's binary version. {Remedy}");
            files.Add(file);
        }
        return files;
    }

    /// <summary>The number of images, from the file sizes alone.</summary>
    public static int Count(string folder) => (int)BatchFiles(folder).Sum(file => new FileInfo(file).Length / RecordLength);

    /// <summary>All training images as N·3·32·32 bytes, channels-first; the label bytes are skipped.</summary>
    public static byte[] Read(string folder)
    {
        var files = BatchFiles(folder);
        var pixels = new byte[(long)files.Sum(file => new FileInfo(file).Length / RecordLength) * Shape.Length];
        int target = 0;
        foreach (var file in files)
        {
            var records = File.ReadAllBytes(file);
            if (records.Length % RecordLength != 0 || target + (long)records.Length / RecordLength * Shape.Length > pixels.Length)
                throw new DatasetFormatException(file, "the file changed while it was being read; try again.");
            for (int source = 0; source < records.Length; source += RecordLength, target += Shape.Length)
                Buffer.BlockCopy(records, source + LabelLength, pixels, target, Shape.Length);
        }
        if (target != pixels.Length)
            throw new DatasetFormatException(folder, "the batch files changed while they were being read; try again.");
        return pixels;
    }

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
