namespace Lab.Engine.Tests.Data;

/// <summary>Writes CIFAR-10 binary batches: records of 1 label byte + 1,024 R + 1,024 G + 1,024 B bytes.</summary>
public static class CifarFiles
{
    public const int RecordLength = 1 + 3 * 1024;

    /// <summary>
    /// A record whose label is 9 and whose red, green and blue planes are filled with <paramref name="red"/>,
    /// red + 1 and red + 2, except pixel (row 0, column 1) of each plane, which is 250, 251, 252.
    /// </summary>
    public static byte[] Record(byte red)
    {
        var record = new byte[RecordLength];
        record[0] = 9;
        for (int channel = 0; channel < 3; channel++)
        {
            Array.Fill(record, (byte)(red + channel), 1 + channel * 1024, 1024);
            record[1 + channel * 1024 + 1] = (byte)(250 + channel);
        }
        return record;
    }

    /// <summary>Writes data_batch_1.bin … data_batch_5.bin, <paramref name="recordsPerFile"/> records each, numbered 10, 20, 30, ….</summary>
    public static void WriteBatches(string batchFolder, int recordsPerFile)
    {
        Directory.CreateDirectory(batchFolder);
        int image = 0;
        for (int batch = 1; batch <= 5; batch++)
        {
            var bytes = new List<byte>();
            for (int r = 0; r < recordsPerFile; r++)
                bytes.AddRange(Record((byte)(10 * ++image)));
            File.WriteAllBytes(Path.Combine(batchFolder, $"data_batch_{batch}.bin"), [.. bytes]);
        }
    }
}
