namespace Lab.Engine.Checkpoints;

/// <summary>
/// One run's folder of checkpoints: writes them atomically, finds the newest one that reads back whole (setting an
/// unusable one aside as <c>.unusable</c>, never deleting it), and prunes by <see cref="CheckpointRetention"/> only after
/// a new checkpoint has been written, so nothing is deleted to make room for a write that then fails.
/// </summary>
public sealed class CheckpointDirectory
{
    public const string UnusableSuffix = ".unusable";
    private readonly CheckpointRetention _retention;

    public CheckpointDirectory(string path, CheckpointRetention? retention = null)
    {
        Path = path;
        _retention = retention ?? new CheckpointRetention();
        _retention.Validate();
    }

    public string Path { get; }

    /// <summary>The checkpoints present, oldest first.</summary>
    public IReadOnlyList<(CheckpointName Name, string File)> List()
    {
        if (!Directory.Exists(Path)) return [];
        return Directory.EnumerateFiles(Path, "*" + CheckpointFile.Extension)
            .Select(f => (Name: CheckpointName.Parse(System.IO.Path.GetFileName(f)), File: f))
            .Where(c => c.Name is not null)
            .Select(c => (c.Name!, c.File))
            .OrderBy(c => c.Item1.Step).ThenBy(c => c.Item1.AtEpochBoundary ? 0 : 1)
            .ToList();
    }

    /// <summary>Writes a checkpoint, then prunes older ones; returns its path.</summary>
    /// <exception cref="CheckpointException">when it cannot be written; the folder is left as it was.</exception>
    public string Save(CheckpointHeader header, IReadOnlyDictionary<string, byte[]> sections)
    {
        var path = System.IO.Path.Combine(Path, CheckpointName.For(header).FileName);
        try
        {
            Directory.CreateDirectory(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException(path, $"could not be written: the folder {Path} cannot be created ({e.Message}).", e);
        }
        CheckpointFile.Write(path, header, sections);
        Prune();
        return path;
    }

    /// <summary>
    /// The newest checkpoint that reads back whole, or null when there is none. Each one skipped is reported through
    /// <paramref name="skipped"/> (its path and why) and renamed to <c>.unusable</c> so it is never tried again.
    /// </summary>
    /// <exception cref="CheckpointException">when checkpoints exist but none of them can be read.</exception>
    public LoadedCheckpoint? LoadLatest(Action<CheckpointException> skipped, Func<CheckpointHeader, string?>? incompatibility = null)
    {
        var candidates = List();
        var failures = new List<CheckpointException>();
        foreach (var (_, file) in candidates.Reverse())
        {
            try
            {
                var (header, sections) = CheckpointFile.Read(file);
                if (incompatibility?.Invoke(header) is { } why) throw new CheckpointException(file, why);
                return new LoadedCheckpoint(file, header, sections);
            }
            catch (CheckpointException e)
            {
                failures.Add(e);
                skipped(e);
                SetAside(file);
            }
        }
        if (failures.Count > 0)
            throw new CheckpointException(Path, $"none of its {failures.Count} checkpoint(s) can be used: {string.Join(" ", failures.Select(f => f.Message))}");
        return null;
    }

    private void Prune()
    {
        var all = List();
        for (int i = 0; i < all.Count; i++)
        {
            int rankFromNewest = all.Count - 1 - i;
            if (_retention.Keeps(all[i].Name, rankFromNewest)) continue;
            try { File.Delete(all[i].File); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* kept; pruned next time */ }
        }
    }

    private static void SetAside(string file)
    {
        try { File.Move(file, file + UnusableSuffix, overwrite: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* left in place; skipped again next time */ }
    }
}

/// <summary>A checkpoint read back whole: its file, header and raw sections.</summary>
public sealed record LoadedCheckpoint(string File, CheckpointHeader Header, IReadOnlyDictionary<string, byte[]> Sections);
