using Lab.Tools.DatasetBuilder;

// Builds data/emoji-32/emoji32-images-idx4-ubyte.gz from an unpacked emoji-datasource-google package.
// Usage: DatasetBuilder <package-folder> <output-file>
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: DatasetBuilder <emoji-datasource-google package folder> <output .gz file>");
    return 2;
}

var (images, skipped) = EmojiSheet.Load(args[0]);
IdxWriter.WriteGzipped(args[1], [images.Count, EmojiSheet.CellSize, EmojiSheet.CellSize, 3], images);
Console.WriteLine($"{args[1]}: {images.Count} emoji ({skipped} empty cells skipped), {new FileInfo(args[1]).Length:N0} bytes");
return 0;
