using Lab.Engine.Data;
using Lab.Engine.Models;

namespace Lab.Engine.Tests.Data;

public class IdxReaderTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Grey_28x28_images_are_centred_in_32x32_with_a_zero_border(bool gzip)
    {
        using var folder = new TempFolder();
        var path = folder.File(gzip ? "grey.gz" : "grey");
        // Two images; image 1 has a single bright pixel at row 5, column 7 and image 0 is all 1s.
        var data = new byte[2 * 28 * 28];
        Array.Fill(data, (byte)1, 0, 28 * 28);
        data[28 * 28 + 5 * 28 + 7] = 200;
        IdxFiles.Write(path, [2, 28, 28], data, gzip);

        var (shape, pixels) = IdxImages.Load(path, 32);

        Assert.Equal(new ImageShape(1, 32), shape);
        Assert.Equal(2 * 32 * 32, pixels.Length);
        Assert.Equal(200, pixels[32 * 32 + (5 + 2) * 32 + (7 + 2)]);
        Assert.Equal(1, pixels.Skip(32 * 32).Count(p => p != 0));
        // Image 0: the 28×28 block of 1s sits at rows/columns 2..29, zeros around it.
        Assert.Equal(0, pixels[0]);
        Assert.Equal(0, pixels[1 * 32 + 1]);
        Assert.Equal(1, pixels[2 * 32 + 2]);
        Assert.Equal(1, pixels[29 * 32 + 29]);
        Assert.Equal(0, pixels[30 * 32 + 29]);
        Assert.Equal(28 * 28, pixels.Take(32 * 32).Count(p => p == 1));
    }

    [Fact]
    public void Channels_last_rgb_images_become_channels_first()
    {
        using var folder = new TempFolder();
        var path = folder.File("rgb.gz");
        // One 4×4 image: every pixel's R, G, B = 10 + position, 100 + position, 200 + position (position = row·4 + column).
        var data = new byte[4 * 4 * 3];
        for (int position = 0; position < 16; position++)
        {
            data[position * 3] = (byte)(10 + position);
            data[position * 3 + 1] = (byte)(100 + position);
            data[position * 3 + 2] = (byte)(200 + position);
        }
        IdxFiles.Write(path, [1, 4, 4, 3], data, gzip: true);

        var (shape, pixels) = IdxImages.Load(path, 8);

        Assert.Equal(new ImageShape(3, 8), shape);
        // Row 1, column 3 of the source (position 7) lands at row 3, column 5 of each 8×8 plane.
        Assert.Equal(17, pixels[0 * 64 + 3 * 8 + 5]);
        Assert.Equal(107, pixels[1 * 64 + 3 * 8 + 5]);
        Assert.Equal(207, pixels[2 * 64 + 3 * 8 + 5]);
        Assert.Equal(0, pixels[1 * 64 + 1 * 8 + 1]);
    }

    [Fact]
    public void Header_is_read_without_the_pixels()
    {
        using var folder = new TempFolder();
        var path = folder.File("big.gz");
        IdxFiles.Write(path, [3, 28, 28], new byte[3 * 28 * 28], gzip: true);

        var header = IdxReader.ReadHeader(path);

        Assert.Equal([3, 28, 28], header.Dimensions);
        Assert.Equal(3, header.Count);
        Assert.Equal(3 * 28 * 28, header.DataLength);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Truncated_idx_file_names_the_file_and_the_missing_bytes(bool gzip)
    {
        using var folder = new TempFolder();
        var path = folder.File(gzip ? "t10k-images-idx3-ubyte.gz" : "t10k-images-idx3-ubyte");
        // The header promises 10,000 images of 28×28 but only 1,234 bytes follow.
        IdxFiles.Write(path, [10_000, 28, 28], new byte[1_234], gzip);

        var error = Assert.Throws<DatasetFormatException>(() => IdxReader.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("expected 7,840,000 bytes of pixels", error.Message);
        Assert.Contains("found 1,234", error.Message);
        Assert.Contains("build-shipped-datasets.sh", error.Message);
    }

    [Fact]
    public void Truncated_gzip_stream_is_reported_as_a_dataset_error()
    {
        using var folder = new TempFolder();
        var whole = folder.File("whole.gz");
        IdxFiles.Write(whole, [100, 28, 28], Enumerable.Range(0, 100 * 28 * 28).Select(i => (byte)(i * 7)).ToArray(), gzip: true);
        var cut = folder.File("cut.gz");
        var bytes = File.ReadAllBytes(whole);
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<DatasetFormatException>(() => IdxReader.Read(cut));

        Assert.Contains(cut, error.Message);
    }

    [Fact]
    public void Extra_bytes_after_the_declared_data_are_rejected()
    {
        using var folder = new TempFolder();
        var path = folder.File("long");
        File.WriteAllBytes(path, [.. IdxFiles.Bytes([2, 2], [1, 2, 3, 4]), 5]);

        var error = Assert.Throws<DatasetFormatException>(() => IdxReader.Read(path));

        Assert.Contains("more bytes than its header", error.Message);
    }

    [Fact]
    public void Non_byte_idx_types_are_rejected_with_the_type_code()
    {
        using var folder = new TempFolder();
        var path = folder.File("floats");
        File.WriteAllBytes(path, IdxFiles.Bytes([1], [0, 0, 0, 0], typeCode: 0x0D));

        var error = Assert.Throws<DatasetFormatException>(() => IdxReader.Read(path));

        Assert.Contains("0x0D", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_idx_is_rejected()
    {
        using var folder = new TempFolder();
        var path = folder.File("picture.png");
        File.WriteAllBytes(path, [0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10]);

        var error = Assert.Throws<DatasetFormatException>(() => IdxReader.ReadHeader(path));

        Assert.Contains("not an IDX file", error.Message);
    }

    [Fact]
    public void Missing_file_is_named()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "nothing-here.gz");

        var error = Assert.Throws<DatasetFormatException>(() => IdxReader.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("missing", error.Message);
    }

    [Fact]
    public void Images_larger_than_the_model_size_are_rejected()
    {
        using var folder = new TempFolder();
        var path = folder.File("big");
        IdxFiles.Write(path, [1, 64, 64], new byte[64 * 64], gzip: false);

        var error = Assert.Throws<DatasetFormatException>(() => IdxImages.Load(path, 32));

        Assert.Contains("64×64", error.Message);
    }
}
