using System.Buffers.Binary;
using System.IO.Compression;

namespace Lab.Tools.DatasetBuilder;

/// <summary>Writes an IDX unsigned-byte file (the MNIST format), gzip-compressed, byte-for-byte reproducibly.</summary>
public static class IdxWriter
{
    private const byte UnsignedByte = 0x08;

    // The gzip header's OS byte (offset 9) says which system wrote the file; pinning it to 255 ("unknown") keeps the
    // output identical whichever OS runs the build. .NET's GZipStream already writes no name and a zero mtime.
    private const int GzipOsByteOffset = 9;
    private const byte GzipOsUnknown = 255;

    public static void WriteGzipped(string path, int[] dimensions, IEnumerable<byte[]> items)
    {
        var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var header = new byte[4 + 4 * dimensions.Length];
            header[2] = UnsignedByte;
            header[3] = (byte)dimensions.Length;
            for (int i = 0; i < dimensions.Length; i++)
                BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + 4 * i), dimensions[i]);
            gzip.Write(header);
            foreach (var item in items) gzip.Write(item);
        }
        var bytes = buffer.ToArray();
        bytes[GzipOsByteOffset] = GzipOsUnknown;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllBytes(path, bytes);
    }
}
