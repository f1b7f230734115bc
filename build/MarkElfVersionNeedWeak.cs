using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

// Sets VER_FLG_WEAK on one named entry of an ELF64 little-endian file's .gnu.version_r (SHT_GNU_verneed) section.
// Layouts: Elf64_Shdr, Elf64_Verneed and Elf64_Vernaux from <elf.h>.
public class MarkElfVersionNeedWeak : Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 0x2;

    [Required] public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();
    [Required] public string VersionName { get; set; } = "";

    public override bool Execute()
    {
        foreach (var item in Files)
        {
            var path = item.ItemSpec;
            try
            {
                var outcome = Patch(path);
                Log.LogMessage(MessageImportance.Low, $"{path}: {outcome}");
            }
            catch (Exception e)
            {
                // A library we cannot read is left as it is; the engine reports at run time whether torch loads.
                Log.LogWarning($"Could not mark {VersionName} weak in {path}: {e.Message}");
            }
        }
        return true;
    }

    private string Patch(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 64 || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F')
            return "not an ELF file";
        if (bytes[4] != 2 || bytes[5] != 1) return "not ELF64 little-endian";

        long sectionTable = (long)BitConverter.ToUInt64(bytes, 0x28);
        int sectionSize = BitConverter.ToUInt16(bytes, 0x3A);
        int sectionCount = BitConverter.ToUInt16(bytes, 0x3C);
        bool changed = false, found = false;
        for (int i = 0; i < sectionCount; i++)
        {
            long header = sectionTable + (long)i * sectionSize;
            if (BitConverter.ToUInt32(bytes, (int)header + 4) != ShtGnuVerneed) continue;
            long offset = (long)BitConverter.ToUInt64(bytes, (int)header + 0x18);
            int stringSection = (int)BitConverter.ToUInt32(bytes, (int)header + 0x28);
            int entryCount = (int)BitConverter.ToUInt32(bytes, (int)header + 0x2C);
            long strings = (long)BitConverter.ToUInt64(bytes, (int)(sectionTable + (long)stringSection * sectionSize) + 0x18);

            long need = offset;
            for (int n = 0; n < entryCount; n++)
            {
                int auxCount = BitConverter.ToUInt16(bytes, (int)need + 2);
                long aux = need + BitConverter.ToUInt32(bytes, (int)need + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    var name = ReadString(bytes, strings + BitConverter.ToUInt32(bytes, (int)aux + 8));
                    if (name == VersionName)
                    {
                        found = true;
                        ushort flags = BitConverter.ToUInt16(bytes, (int)aux + 4);
                        if ((flags & VerFlagWeak) == 0)
                        {
                            BitConverter.GetBytes((ushort)(flags | VerFlagWeak)).CopyTo(bytes, (int)aux + 4);
                            changed = true;
                        }
                    }
                    aux += BitConverter.ToUInt32(bytes, (int)aux + 12);
                }
                need += BitConverter.ToUInt32(bytes, (int)need + 12);
            }
        }
        if (!found) return $"needs no {VersionName}";
        if (!changed) return $"{VersionName} already weak";
        var temporary = path + ".patching";
        File.WriteAllBytes(temporary, bytes);
        File.Replace(temporary, path, null);
        return $"{VersionName} marked weak";
    }

    private static string ReadString(byte[] bytes, long start)
    {
        long end = start;
        while (bytes[end] != 0) end++;
        return Encoding.ASCII.GetString(bytes, (int)start, (int)(end - start));
    }
}
