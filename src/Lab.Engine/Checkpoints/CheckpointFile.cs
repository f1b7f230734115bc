using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Lab.Engine.Checkpoints;

/// <summary>
/// The on-disk form of a checkpoint: "DCGANLAB", format version, the header as JSON, named binary sections (TorchSharp's
/// own serialisation of modules, optimizers and tensors), then a SHA-256 of everything before it. The checksum is what
/// turns a truncated or damaged file into a clear error instead of a model with garbage weights.
/// Written atomically: a ".partial" file, flushed to the disk, then renamed over the final name.
/// </summary>
public static class CheckpointFile
{
    public const int FormatVersion = 1;
    public const string Extension = ".ckpt";
    public const string PartialSuffix = ".partial";
    private static readonly byte[] Magic = "DCGANLAB"u8.ToArray();
    private const int HashLength = 32;

    public static void Write(string path, CheckpointHeader header, IReadOnlyDictionary<string, byte[]> sections)
    {
        var bytes = Encode(header, sections);
        var partial = path + PartialSuffix;
        try
        {
            using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                stream.Write(bytes);
                // The rename below must never publish a file whose bytes are still only in the page cache.
                stream.Flush(flushToDisk: true);
            }
            File.Move(partial, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(partial);
            throw new CheckpointException(path, $"could not be written: {e.Message}. Free disk space or fix the folder's permissions, then resume; earlier checkpoints are intact.", e);
        }
    }

    /// <summary>Reads only the header (and checks the whole file's checksum).</summary>
    public static CheckpointHeader ReadHeader(string path) => Read(path).Header;

    public static (CheckpointHeader Header, IReadOnlyDictionary<string, byte[]> Sections) Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException(path, $"could not be read: {e.Message}", e);
        }
        if (bytes.Length < Magic.Length + 4 + HashLength || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new CheckpointException(path, $"is not a lab checkpoint ({bytes.Length} bytes, no DCGANLAB signature).");
        var body = bytes.AsSpan(0, bytes.Length - HashLength);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - HashLength)))
            throw new CheckpointException(path, $"is corrupt or truncated: its checksum does not match its {bytes.Length} bytes.");

        using var reader = new BinaryReader(new MemoryStream(bytes, 0, body.Length, writable: false), Encoding.UTF8);
        reader.ReadBytes(Magic.Length);
        var version = reader.ReadInt32();
        if (version != FormatVersion)
            throw new CheckpointException(path, $"has format version {version}; this lab reads version {FormatVersion}. Use the lab version that wrote it.");
        var header = JsonSerializer.Deserialize<CheckpointHeader>(reader.ReadString())
                     ?? throw new CheckpointException(path, "has an empty header.");
        var count = reader.ReadInt32();
        var sections = new Dictionary<string, byte[]>(count);
        for (int i = 0; i < count; i++)
        {
            var name = reader.ReadString();
            sections[name] = reader.ReadBytes(reader.ReadInt32());
        }
        return (header, sections);
    }

    private static byte[] Encode(CheckpointHeader header, IReadOnlyDictionary<string, byte[]> sections)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(JsonSerializer.Serialize(header));
            writer.Write(sections.Count);
            foreach (var (name, data) in sections)
            {
                writer.Write(name);
                writer.Write(data.Length);
                writer.Write(data);
            }
        }
        var hash = SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        buffer.Write(hash);
        return buffer.ToArray();
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
