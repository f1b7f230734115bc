using Lab.Contracts;
using Microsoft.Data.Sqlite;

namespace Lab.Server.Storage;

/// <summary>
/// Commits what training produces every step (metrics, epoch summaries, grid PNGs) on its own thread, in one
/// transaction every <see cref="CommitInterval"/>, so neither a slow disk nor SQLite's fsync ever stalls a training step.
/// Until an item is committed, readers see it through the Pending* methods; an item whose commit fails (a full disk)
/// stays queued and is retried, so nothing recorded is dropped while the process lives.
/// </summary>
internal sealed class BackgroundWriter : IDisposable
{
    private static readonly TimeSpan CommitInterval = TimeSpan.FromMilliseconds(250);
    private const int WakeAtItems = 512;

    private readonly LabDatabase _database;
    private readonly Func<string, int, string> _gridFile;
    private readonly ILogger _logger;
    private readonly object _lock = new(); // a Monitor, not a Lock: Flush waits on it for commits
    private readonly AutoResetEvent _wake = new(false);
    private readonly Thread _thread;
    private List<WriteItem> _queued = [];
    private List<WriteItem> _committing = [];
    private long _enqueued, _committed;
    private volatile bool _disposing;

    public BackgroundWriter(LabDatabase database, Func<string, int, string> gridFile, ILogger logger)
    {
        _database = database;
        _gridFile = gridFile;
        _logger = logger;
        _thread = new Thread(Loop) { IsBackground = true, Name = "lab-store-writer" };
        _thread.Start();
    }

    /// <summary>Why the last commit failed, while it keeps failing; null when writes go through.</summary>
    public string? LastError { get; private set; }

    public void EnqueueMetrics(string labId, IReadOnlyList<MetricPoint> points) => Enqueue(new WriteItem.Metrics(labId, points));
    public void EnqueueEpoch(string labId, EpochSummary summary) => Enqueue(new WriteItem.Epoch(labId, summary));
    public void EnqueueGrid(string labId, int epoch, long step, byte[] png) => Enqueue(new WriteItem.Grid(labId, epoch, step, png));

    public IReadOnlyList<MetricPoint> PendingMetrics(string labId) =>
        Pending<WriteItem.Metrics>(labId).SelectMany(m => m.Points).ToList();

    public IReadOnlyList<EpochSummary> PendingEpochs(string labId) =>
        Pending<WriteItem.Epoch>(labId).Select(e => e.Summary).ToList();

    public IReadOnlyList<(int Epoch, long Step)> PendingGrids(string labId) =>
        Pending<WriteItem.Grid>(labId).Select(g => (g.EpochNumber, g.Step)).ToList();

    public byte[]? PendingGridPng(string labId, int epoch) =>
        Pending<WriteItem.Grid>(labId).LastOrDefault(g => g.EpochNumber == epoch)?.Png;

    /// <summary>Blocks until everything enqueued before the call is committed (or <paramref name="timeout"/> passes).</summary>
    public bool Flush(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        long target;
        lock (_lock) target = _enqueued;
        _wake.Set();
        lock (_lock)
        {
            while (_committed < target)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero) return false;
                Monitor.Wait(_lock, left);
            }
        }
        return true;
    }

    private void Enqueue(WriteItem item)
    {
        int count;
        lock (_lock)
        {
            _queued.Add(item);
            _enqueued++;
            count = _queued.Count;
        }
        if (count >= WakeAtItems) _wake.Set();
    }

    private IEnumerable<T> Pending<T>(string labId) where T : WriteItem
    {
        lock (_lock) return _committing.Concat(_queued).OfType<T>().Where(i => i.LabId == labId).ToList();
    }

    private void Loop()
    {
        while (!_disposing)
        {
            _wake.WaitOne(CommitInterval);
            CommitQueued();
        }
        CommitQueued();
    }

    private void CommitQueued()
    {
        long upTo;
        lock (_lock)
        {
            if (_queued.Count == 0) return;
            (_committing, _queued) = (_queued, []);
            upTo = _enqueued;
        }
        try
        {
            Commit(_committing);
            LastError = null;
            lock (_lock)
            {
                _committing = [];
                _committed = upTo;
                Monitor.PulseAll(_lock);
            }
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            LastError = e.Message;
            _logger.LogError(e, "Saving training history failed; it stays queued and is retried");
            lock (_lock)
            {
                _queued.InsertRange(0, _committing);
                _committing = [];
            }
            if (!_disposing) Thread.Sleep(CommitInterval);
        }
    }

    private void Commit(List<WriteItem> items)
    {
        // Grid files first: a row must never point at a PNG that is not on the disk.
        foreach (var png in items.OfType<WriteItem.Grid>()) WriteFileAtomically(_gridFile(png.LabId, png.EpochNumber), png.Png);

        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        using var metric = Command(connection, transaction, """
            INSERT OR REPLACE INTO metrics (lab_id, step, epoch, g_loss, d_loss, d_real, d_fake, seconds, wall_time)
            VALUES ($lab, $step, $epoch, $g, $d, $real, $fake, $seconds, $wall)
            """, "$lab", "$step", "$epoch", "$g", "$d", "$real", "$fake", "$seconds", "$wall");
        using var epoch = Command(connection, transaction, """
            INSERT OR REPLACE INTO epochs (lab_id, epoch, g_loss, d_loss, d_real, d_fake, seconds, images_per_second)
            VALUES ($lab, $epoch, $g, $d, $real, $fake, $seconds, $ips)
            """, "$lab", "$epoch", "$g", "$d", "$real", "$fake", "$seconds", "$ips");
        using var grid = Command(connection, transaction,
            "INSERT OR REPLACE INTO grids (lab_id, epoch, step, file) VALUES ($lab, $epoch, $step, $file)",
            "$lab", "$epoch", "$step", "$file");

        foreach (var item in items)
        {
            switch (item)
            {
                case WriteItem.Metrics m:
                    foreach (var p in m.Points)
                        Run(metric, m.LabId, p.Step, p.Epoch, Real(p.GLoss), Real(p.DLoss), Real(p.DReal), Real(p.DFake), p.Seconds, p.WallTime);
                    break;
                case WriteItem.Epoch e:
                    var s = e.Summary;
                    Run(epoch, e.LabId, s.Epoch, Real(s.GLoss), Real(s.DLoss), Real(s.DReal), Real(s.DFake), s.Seconds, s.ImagesPerSecond);
                    break;
                case WriteItem.Grid g:
                    Run(grid, g.LabId, g.EpochNumber, g.Step, Path.GetFileName(_gridFile(g.LabId, g.EpochNumber)));
                    break;
            }
        }
        transaction.Commit();
    }

    private static void WriteFileAtomically(string path, byte[] bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var partial = path + ".partial";
        File.WriteAllBytes(partial, bytes);
        File.Move(partial, path, overwrite: true);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, params object?[] values)
    {
        for (int i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
        command.ExecuteNonQuery();
    }

    /// <summary>NaN and infinities are stored as NULL: a diverged step reads back as a gap, never as a number.</summary>
    private static object? Real(double value) => double.IsFinite(value) ? value : null;

    public void Dispose()
    {
        _disposing = true;
        _wake.Set();
        _thread.Join();
        _wake.Dispose();
    }

    private abstract record WriteItem(string LabId)
    {
        public sealed record Metrics(string LabId, IReadOnlyList<MetricPoint> Points) : WriteItem(LabId);
        public sealed record Epoch(string LabId, EpochSummary Summary) : WriteItem(LabId);
        public sealed record Grid(string LabId, int EpochNumber, long Step, byte[] Png) : WriteItem(LabId);
    }
}
