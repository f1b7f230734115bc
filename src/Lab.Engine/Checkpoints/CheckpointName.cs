using System.Globalization;
using System.Text.RegularExpressions;

namespace Lab.Engine.Checkpoints;

/// <summary>
/// A checkpoint's file name says where it was taken, so listing and pruning never open a file:
/// <c>step-0000000150-epoch-00005.ckpt</c> at an epoch boundary, <c>...-epoch-00005-mid.ckpt</c> inside epoch 6.
/// </summary>
public sealed partial record CheckpointName(long Step, int CompletedEpochs, bool AtEpochBoundary)
{
    public string FileName => string.Create(CultureInfo.InvariantCulture,
        $"step-{Step:D10}-epoch-{CompletedEpochs:D5}{(AtEpochBoundary ? "" : "-mid")}{CheckpointFile.Extension}");

    public static CheckpointName For(CheckpointHeader header) => new(header.Step, header.CompletedEpochs, header.AtEpochBoundary);

    public static CheckpointName? Parse(string fileName)
    {
        var match = Pattern().Match(fileName);
        if (!match.Success) return null;
        return new CheckpointName(long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), !match.Groups[3].Success);
    }

    [GeneratedRegex(@"^step-(\d{10})-epoch-(\d{5})(-mid)?\.ckpt$")]
    private static partial Regex Pattern();
}
