using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;

namespace Lab.Engine.Data;

/// <summary>
/// Reads IDX files (the MNIST format: http://yann.lecun.com/exdb/mnist/) of unsigned bytes, raw or gzip-compressed,
/// with any number of dimensions. Header: two zero bytes, a type code, the number of dimensions, then each size as a
/// big-endian int32; the data follows, last dimension fastest.
/// </summary>
public static class IdxReader
{
    private const byte UnsignedByteType = 0x08;
    private const string Remedy = "Download the file again, or rebuild the lab's shipped data with tools/datasets/build-shipped-datasets.sh.";

    /// <summary>Reads only the header, so a catalog can show sizes without unpacking megabytes of pixels.</summary>
    public static IdxHeader ReadHeader(string path)
    {
        using var stream = Open(path);
        return ReadHeader(stream, path);
    }

    /// <summary>Reads the header and all the data, checking that the data is exactly as long as the header says.</summary>
    public static (IdxHeader Header, byte[] Data) Read(string path)
    {
        using var stream = Open(path);
        var header = ReadHeader(stream, path);
        if (header.DataLength > Array.MaxLength)
            throw new DatasetFormatException(path, $"the header declares {header} = {Number(header.DataLength)} bytes, more than this reader can hold. {Remedy}");

        var data = new byte[header.DataLength];
        int found = ReadUpTo(stream, data, path);
        if (found < data.Length)
            throw new DatasetFormatException(path, $"the file is truncated: expected {Number(data.Length)} bytes of pixels ({header}), found {Number(found)}. {Remedy}");
        if (ReadUpTo(stream, new byte[1], path) != 0)
            throw new DatasetFormatException(path, $"the file has more bytes than its header ({header}) declares, so it is corrupt or not this format. {Remedy}");
        return (header, data);
    }

    private static Stream Open(string path)
    {
        if (!File.Exists(path))
            throw new DatasetFormatException(path, $"file missing. {Remedy}");
        var file = File.OpenRead(path);
        // A gzip stream starts with 1f 8b, an IDX file with two zero bytes, so the first two bytes tell them apart.
        Span<byte> magic = stackalloc byte[2];
        int read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    private static IdxHeader ReadHeader(Stream stream, string path)
    {
        var magic = new byte[4];
        if (ReadUpTo(stream, magic, path) < magic.Length)
            throw new DatasetFormatException(path, $"the file is too short to hold an IDX header. {Remedy}");
        if (magic[0] != 0 || magic[1] != 0)
            throw new DatasetFormatException(path, $"not an IDX file: it starts with {Convert.ToHexString(magic)}, not 0000 followed by a type code. {Remedy}");
        if (magic[2] != UnsignedByteType)
            throw new DatasetFormatException(path, $"the IDX type code is 0x{magic[2]:X2}; only unsigned bytes (0x08) are supported.");
        int rank = magic[3];
        if (rank == 0)
            throw new DatasetFormatException(path, $"the IDX header declares no dimensions. {Remedy}");

        var sizes = new byte[4 * rank];
        if (ReadUpTo(stream, sizes, path) < sizes.Length)
            throw new DatasetFormatException(path, $"the file is truncated inside its header ({rank} dimension sizes expected). {Remedy}");
        var dimensions = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            dimensions[i] = BinaryPrimitives.ReadInt32BigEndian(sizes.AsSpan(4 * i));
            if (dimensions[i] <= 0)
                throw new DatasetFormatException(path, $"dimension {i + 1} of the IDX header is {dimensions[i]}; sizes must be positive. {Remedy}");
        }
        return new IdxHeader(dimensions);
    }

    /// <summary>Fills as much of <paramref name="buffer"/> as the stream holds; returns how many bytes that was.</summary>
    private static int ReadUpTo(Stream stream, byte[] buffer, string path)
    {
        try
        {
            return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw new DatasetFormatException(path, $"the gzip data is corrupt ({e.Message}). {Remedy}", e);
        }
    }

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
