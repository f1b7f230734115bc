using Lab.Engine.Data;
using Lab.Engine.Models;
using static TorchSharp.torch;

namespace Lab.Engine.Tests.Data;

public class DatasetCatalogTests
{
    [Fact]
    public void Lists_the_three_datasets_with_emoji_as_the_default_and_cifar_unavailable_until_configured()
    {
        var catalog = new DatasetCatalog();

        Assert.Equal(["emoji-32", "fashion-mnist", "cifar-10"], catalog.Entries.Select(entry => entry.Id));
        Assert.Equal("emoji-32", Assert.Single(catalog.Entries, entry => entry.IsDefault).Id);

        var emoji = catalog.Get("emoji-32");
        Assert.True(emoji.Available, emoji.UnavailableReason);
        Assert.Equal(new ImageShape(3, 32), emoji.Shape);
        Assert.Equal(1_911, emoji.Count);

        var fashion = catalog.Get("fashion-mnist");
        Assert.True(fashion.Available, fashion.UnavailableReason);
        Assert.Equal(new ImageShape(1, 32), fashion.Shape);
        Assert.Equal(10_000, fashion.Count);

        var cifar = catalog.Get("cifar-10");
        Assert.False(cifar.Available);
        Assert.Equal(new ImageShape(3, 32), cifar.Shape);
        Assert.Contains("Lab:Cifar10Directory", cifar.UnavailableReason);
        Assert.All(catalog.Entries, entry => Assert.False(string.IsNullOrWhiteSpace(entry.Description)));
    }

    [Fact]
    public void Shipped_emoji_load_as_colour_32x32_images()
    {
        using var emoji = new DatasetCatalog().Load("emoji-32");

        Assert.Equal([1_911L, 3, 32, 32], emoji.Images.shape);
        Assert.Equal(new ImageShape(3, 32), emoji.Shape);
        // Composited on white: the corner pixel of most emoji is white, and the images vary.
        Assert.Equal(255, emoji.Images[0, 0, 0, 0].item<byte>());
        Assert.True(emoji.Images.min().item<byte>() < 50);
        // Colour, not grey: red and blue planes differ (yellow faces have much more red than blue).
        Assert.False(emoji.Images[.., 0].eq(emoji.Images[.., 2]).all().item<bool>());
    }

    [Fact]
    public void Shipped_fashion_mnist_loads_as_grey_32x32_with_a_2_pixel_black_border()
    {
        using var fashion = new DatasetCatalog().Load("fashion-mnist");

        Assert.Equal([10_000L, 1, 32, 32], fashion.Images.shape);
        Assert.Equal(0, fashion.Images[.., .., ..2, ..].max().item<byte>());
        Assert.Equal(0, fashion.Images[.., .., .., 30..].max().item<byte>());
        Assert.Equal(255, fashion.Images[.., .., 2..30, 2..30].max().item<byte>());
        Assert.True(fashion.Images.to_type(ScalarType.Float32).mean().item<float>() > 20);
    }

    [Fact]
    public void Batches_are_scaled_to_minus_one_to_one()
    {
        using var fashion = new DatasetCatalog().Load("fashion-mnist");
        using var indices = arange(0, 256, ScalarType.Int64);

        using var batch = fashion.Batch(indices, CPU);

        Assert.Equal([256L, 1, 32, 32], batch.shape);
        Assert.Equal(ScalarType.Float32, batch.dtype);
        Assert.Equal(-1f, batch.min().item<float>());
        Assert.Equal(1f, batch.max().item<float>());
    }

    [Fact]
    public void A_configured_cifar_folder_is_counted_and_loaded()
    {
        using var folder = new TempFolder();
        CifarFiles.WriteBatches(Path.Combine(folder.Path, "cifar-10-batches-bin"), recordsPerFile: 2);
        var catalog = new DatasetCatalog(cifar10Directory: folder.Path);

        var entry = catalog.Get("cifar-10");
        Assert.True(entry.Available, entry.UnavailableReason);
        Assert.Equal(10, entry.Count);

        using var cifar = catalog.Load("cifar-10");
        Assert.Equal([10L, 3, 32, 32], cifar.Images.shape);
        Assert.Equal(20, cifar.Images[1, 0, 0, 0].item<byte>());
        Assert.Equal(22, cifar.Images[1, 2, 0, 0].item<byte>());
    }

    [Fact]
    public void A_broken_cifar_folder_is_unavailable_with_the_reason()
    {
        using var folder = new TempFolder();
        CifarFiles.WriteBatches(folder.Path, recordsPerFile: 1);
        File.Delete(Path.Combine(folder.Path, "data_batch_5.bin"));
        var catalog = new DatasetCatalog(cifar10Directory: folder.Path);

        var entry = catalog.Get("cifar-10");

        Assert.False(entry.Available);
        Assert.Contains("data_batch_5.bin", entry.UnavailableReason);
        var error = Assert.Throws<DatasetFormatException>(() => catalog.Load("cifar-10"));
        Assert.Contains("data_batch_5.bin", error.Message);
    }

    [Fact]
    public void Missing_shipped_files_make_their_datasets_unavailable_with_the_file_named()
    {
        using var folder = new TempFolder();
        var catalog = new DatasetCatalog(root: folder.Path);

        var emoji = catalog.Get("emoji-32");

        Assert.False(emoji.Available);
        Assert.Equal(0, emoji.Count);
        Assert.Contains("emoji32-images-idx4-ubyte.gz", emoji.UnavailableReason);
        Assert.Contains("missing", emoji.UnavailableReason);
        Assert.False(catalog.Get("fashion-mnist").Available);
        Assert.Throws<DatasetFormatException>(() => catalog.Load("fashion-mnist"));
    }

    [Fact]
    public void A_shipped_file_of_the_wrong_shape_is_unavailable()
    {
        using var folder = new TempFolder();
        // Grey images where Emoji-32 should be colour.
        IdxFiles.Write(folder.File("emoji-32/emoji32-images-idx4-ubyte.gz"), [1, 32, 32], new byte[32 * 32], gzip: true);

        var emoji = new DatasetCatalog(root: folder.Path).Get("emoji-32");

        Assert.False(emoji.Available);
        Assert.Contains("3×32×32", emoji.UnavailableReason);
    }

    [Fact]
    public void Unknown_dataset_id_is_an_argument_error()
    {
        var catalog = new DatasetCatalog();

        var error = Assert.Throws<ArgumentException>(() => catalog.Load("mnist"));

        Assert.Contains("emoji-32", error.Message);
    }
}
