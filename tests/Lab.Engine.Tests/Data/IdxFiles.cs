using System.Buffers.Binary;
using System.IO.Compression;

namespace Lab.Engine.Tests.Data;

/// <summary>Writes files in the real IDX format (big-endian header), so the reader is tested against the format itself.</summary>
public static class IdxFiles
{
    public static byte[] Bytes(int[] dimensions, byte[] data, byte typeCode = 0x08)
    {
        var bytes = new byte[4 + 4 * dimensions.Length + data.Length];
        bytes[2] = typeCode;
        bytes[3] = (byte)dimensions.Length;
        for (int i = 0; i < dimensions.Length; i++)
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), dimensions[i]);
        data.CopyTo(bytes, 4 + 4 * dimensions.Length);
        return bytes;
    }

    public static void Write(string path, int[] dimensions, byte[] data, bool gzip)
    {
        var bytes = Bytes(dimensions, data);
        if (!gzip)
        {
            File.WriteAllBytes(path, bytes);
            return;
        }
        using var file = File.Create(path);
        using var compressor = new GZipStream(file, CompressionLevel.Fastest);
        compressor.Write(bytes);
    }
}
