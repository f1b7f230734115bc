namespace Lab.Engine.Checkpoints;

/// <summary>
/// Which checkpoints a run keeps: the newest <see cref="KeepLast"/>, plus the epoch-boundary ones at every
/// <see cref="KeepEveryEpochs"/>-th epoch (0: none), so a long run keeps a sparse history to go back to.
/// </summary>
public sealed record CheckpointRetention(int KeepLast = 3, int KeepEveryEpochs = 10)
{
    public void Validate()
    {
        if (KeepLast < 1) throw new ArgumentOutOfRangeException(nameof(KeepLast), KeepLast, "Keep at least the newest checkpoint.");
        if (KeepEveryEpochs < 0) throw new ArgumentOutOfRangeException(nameof(KeepEveryEpochs), KeepEveryEpochs, "Use 0 for none.");
    }

    public bool Keeps(CheckpointName name, int rankFromNewest) =>
        rankFromNewest < KeepLast ||
        (KeepEveryEpochs > 0 && name.AtEpochBoundary && name.CompletedEpochs > 0 && name.CompletedEpochs % KeepEveryEpochs == 0);
}
