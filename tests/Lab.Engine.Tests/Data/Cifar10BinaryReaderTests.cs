using Lab.Engine.Data;

namespace Lab.Engine.Tests.Data;

public class Cifar10BinaryReaderTests
{
    [Fact]
    public void Labels_are_skipped_and_rgb_planes_land_in_channels()
    {
        using var folder = new TempFolder();
        CifarFiles.WriteBatches(Path.Combine(folder.Path, "cifar-10-batches-bin"), recordsPerFile: 3);

        var pixels = Cifar10BinaryReader.Read(folder.Path);

        Assert.Equal(15 * 3 * 1024, pixels.Length);
        // Image 4 (the second record of data_batch_2.bin) was written with red 50, green 51, blue 52.
        int image = 4 * 3 * 1024;
        Assert.Equal(50, pixels[image]);
        Assert.Equal(51, pixels[image + 1024]);
        Assert.Equal(52, pixels[image + 2048 + 1023]);
        Assert.Equal(250, pixels[image + 1]);
        Assert.Equal(251, pixels[image + 1024 + 1]);
        Assert.Equal(252, pixels[image + 2048 + 1]);
        // No label byte (9) was copied anywhere.
        Assert.DoesNotContain((byte)9, pixels);
        // The last image is the 15th record: red 150.
        Assert.Equal(150, pixels[14 * 3 * 1024]);
    }

    [Fact]
    public void The_batches_folder_itself_is_accepted_and_counted_from_file_sizes()
    {
        using var folder = new TempFolder();
        var batches = Path.Combine(folder.Path, "cifar-10-batches-bin");
        CifarFiles.WriteBatches(batches, recordsPerFile: 2);

        Assert.Equal(10, Cifar10BinaryReader.Count(batches));
        Assert.Equal(10, Cifar10BinaryReader.Count(folder.Path));
    }

    [Fact]
    public void File_that_is_not_whole_records_names_the_file_and_the_byte_counts()
    {
        using var folder = new TempFolder();
        CifarFiles.WriteBatches(folder.Path, recordsPerFile: 3);
        var third = Path.Combine(folder.Path, "data_batch_3.bin");
        var bytes = File.ReadAllBytes(third);
        File.WriteAllBytes(third, bytes[..(bytes.Length - 100)]);

        var error = Assert.Throws<DatasetFormatException>(() => Cifar10BinaryReader.Read(folder.Path));

        Assert.Contains(third, error.Message);
        Assert.Contains("9,119 bytes", error.Message);
        Assert.Contains("3,073-byte records", error.Message);
    }

    [Fact]
    public void Missing_batch_file_is_named()
    {
        using var folder = new TempFolder();
        CifarFiles.WriteBatches(folder.Path, recordsPerFile: 1);
        var fourth = Path.Combine(folder.Path, "data_batch_4.bin");
        File.Delete(fourth);

        var error = Assert.Throws<DatasetFormatException>(() => Cifar10BinaryReader.Count(folder.Path));

        Assert.Contains(fourth, error.Message);
        Assert.Contains("missing", error.Message);
        Assert.Contains("cifar-10-binary.tar.gz", error.Message);
    }

    [Fact]
    public void The_python_version_is_recognised_as_the_wrong_download()
    {
        using var folder = new TempFolder();
        File.WriteAllBytes(folder.File("data_batch_1"), [0x80, 0x02]);

        var error = Assert.Throws<DatasetFormatException>(() => Cifar10BinaryReader.Count(folder.Path));

        Assert.Contains("Python version", error.Message);
    }

    [Fact]
    public void Missing_folder_is_named()
    {
        using var folder = new TempFolder();
        var nowhere = Path.Combine(folder.Path, "not-downloaded");

        var error = Assert.Throws<DatasetFormatException>(() => Cifar10BinaryReader.Count(nowhere));

        Assert.Contains(nowhere, error.Message);
    }
}
