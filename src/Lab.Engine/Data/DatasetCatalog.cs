using Lab.Engine.Models;

namespace Lab.Engine.Data;

/// <summary>
/// The datasets the lab can train on: Emoji-32 and Fashion-MNIST ship with the lab (data/ in the repository, copied
/// next to the binaries as datasets/), CIFAR-10 is read from a folder the user downloaded it to. Listing reads only
/// file headers and sizes; <see cref="Load"/> reads the pixels.
/// </summary>
public sealed class DatasetCatalog
{
    public const string EmojiId = "emoji-32";
    public const string FashionMnistId = "fashion-mnist";
    public const string Cifar10Id = "cifar-10";
    public const string DefaultId = EmojiId;

    /// <summary>Every dataset is served at the notebook's 32×32 so one model architecture fits them all.</summary>
    public const int ImageSize = 32;

    public static string DefaultRoot => Path.Combine(AppContext.BaseDirectory, "datasets");

    private const string EmojiFile = "emoji-32/emoji32-images-idx4-ubyte.gz";
    private const string FashionMnistFile = "fashion-mnist/t10k-images-idx3-ubyte.gz";

    private readonly string _root;
    private readonly string? _cifar10Directory;

    /// <param name="root">Folder holding the shipped datasets; defaults to <see cref="DefaultRoot"/>.</param>
    /// <param name="cifar10Directory">Folder containing cifar-10-batches-bin (or that folder itself); null if not configured.</param>
    public DatasetCatalog(string? root = null, string? cifar10Directory = null)
    {
        _root = root ?? DefaultRoot;
        _cifar10Directory = string.IsNullOrWhiteSpace(cifar10Directory) ? null : cifar10Directory;
        Entries =
        [
            ShippedEntry(EmojiId, "Emoji-32", EmojiFile, new ImageShape(3, ImageSize),
                "Colourful emoji (faces, animals, food, objects, flags) drawn on white: Google's Noto Color Emoji at 32×32, " +
                "from the npm package emoji-datasource-google 16.0.0 (images Apache-2.0, © Google)."),
            ShippedEntry(FashionMnistId, "Fashion-MNIST", FashionMnistFile, new ImageShape(1, ImageSize),
                "Greyscale photos of clothes, shoes and bags (Zalando's Fashion-MNIST test set, 28×28 padded to 32×32 with black; MIT, © Zalando SE)."),
            Cifar10Entry(),
        ];
    }

    /// <summary>Emoji-32 (the default), Fashion-MNIST, CIFAR-10, in that order.</summary>
    public IReadOnlyList<DatasetEntry> Entries { get; }

    public DatasetEntry Get(string id) =>
        Entries.FirstOrDefault(entry => entry.Id == id)
        ?? throw new ArgumentException($"Unknown dataset '{id}'; known: {string.Join(", ", Entries.Select(entry => entry.Id))}.", nameof(id));

    /// <summary>All images of the dataset as one uint8 tensor. The caller owns (and disposes) the result.</summary>
    public ImageDataset Load(string id)
    {
        var entry = Get(id);
        if (!entry.Available)
            throw new DatasetFormatException(entry.Name, entry.UnavailableReason ?? "not available.");
        if (id == Cifar10Id)
            return ImageDataset.FromPixels(id, Cifar10BinaryReader.Shape, Cifar10BinaryReader.Read(_cifar10Directory!));

        var (shape, pixels) = IdxImages.Load(ShippedPath(id), ImageSize);
        return ImageDataset.FromPixels(id, shape, pixels);
    }

    private string ShippedPath(string id) => Path.Combine(_root, id == EmojiId ? EmojiFile : FashionMnistFile);

    private DatasetEntry ShippedEntry(string id, string name, string file, ImageShape shape, string description)
    {
        var path = Path.Combine(_root, file);
        try
        {
            var header = IdxReader.ReadHeader(path);
            var actual = IdxImages.ShapeOf(header, ImageSize, path);
            if (actual != shape)
                throw new DatasetFormatException(path, $"holds {header} images; {name} should give {shape.Channels}×{ImageSize}×{ImageSize}.");
            return new DatasetEntry(id, name, description, shape, header.Count, true, null, id == DefaultId);
        }
        catch (DatasetFormatException e)
        {
            return new DatasetEntry(id, name, description, shape, 0, false, e.Message, id == DefaultId);
        }
    }

    private DatasetEntry Cifar10Entry()
    {
        const string name = "CIFAR-10";
        const string description =
            "Small colour photos of planes, cars, birds, cats, deer, dogs, frogs, horses, ships and trucks: the 50,000 " +
            "CIFAR-10 training images the original notebook uses (Krizhevsky 2009, https://www.cs.toronto.edu/~kriz/cifar.html), read from your own download.";
        if (_cifar10Directory is null)
            return new DatasetEntry(Cifar10Id, name, description, Cifar10BinaryReader.Shape, 0, false,
                "CIFAR-10 folder not configured: set Lab:Cifar10Directory to a folder containing cifar-10-batches-bin " +
                "(unpacked from cifar-10-binary.tar.gz, https://www.cs.toronto.edu/~kriz/cifar.html).", false);
        try
        {
            int count = Cifar10BinaryReader.Count(_cifar10Directory);
            return new DatasetEntry(Cifar10Id, name, description, Cifar10BinaryReader.Shape, count, true, null, false);
        }
        catch (DatasetFormatException e)
        {
            return new DatasetEntry(Cifar10Id, name, description, Cifar10BinaryReader.Shape, 0, false, e.Message, false);
        }
    }
}
