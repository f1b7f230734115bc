using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Lab.Contracts;
using Lab.Server.Labs;
using Microsoft.Data.Sqlite;

namespace Lab.Server.Storage;

/// <summary>
/// Labs in SQLite, grids as PNG files in each lab's folder. Lab state is written at once (it changes rarely and must
/// survive a crash); metrics, epoch summaries and grids go through <see cref="BackgroundWriter"/> so a slow disk never
/// stalls training. Labs are read once at start-up and then served from memory.
/// </summary>
public sealed class SqliteLabStore : ILabStore, IDisposable
{
    private readonly LabDatabase _database;
    private readonly string _labsDirectory;
    private readonly ConcurrentDictionary<string, LabRecord> _labs = new();
    private readonly BackgroundWriter _writer;
    private readonly Lock _stateWrites = new();

    public SqliteLabStore(LabDatabase database, string dataDirectory, ILogger<SqliteLabStore> logger)
    {
        _database = database;
        _labsDirectory = Path.Combine(dataDirectory, "labs");
        Directory.CreateDirectory(_labsDirectory);
        _database.Migrate();
        foreach (var lab in ReadLabs()) _labs[lab.Id] = lab;
        _writer = new BackgroundWriter(database, GridFile, logger);
    }

    public int Count => _labs.Count;

    public LabRecord? Find(string id) => _labs.GetValueOrDefault(id);

    public IReadOnlyList<LabRecord> All() => _labs.Values.OrderByDescending(l => l.CreatedAt).ToList();

    public string LabDirectory(string labId) => Path.Combine(_labsDirectory, labId);

    public void Add(LabRecord lab)
    {
        Directory.CreateDirectory(LabDirectory(lab.Id));
        lock (_stateWrites)
        {
            using var connection = _database.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO labs (id, name, config, key_hash, status, epoch, step, steps_per_epoch, device, error, notice, created_at, updated_at, forked_from, forked_at_step)
                VALUES ($id, $name, $config, $key, 'created', 0, 0, 0, NULL, NULL, NULL, $created, $created, $from, $fromStep)
                """;
            command.Parameters.AddWithValue("$from", (object?)lab.ForkedFrom ?? DBNull.Value);
            command.Parameters.AddWithValue("$fromStep", (object?)lab.ForkedAtStep ?? DBNull.Value);
            command.Parameters.AddWithValue("$id", lab.Id);
            command.Parameters.AddWithValue("$name", lab.Name);
            command.Parameters.AddWithValue("$config", JsonSerializer.Serialize(lab.Config));
            command.Parameters.AddWithValue("$key", lab.ControlKeyHash);
            command.Parameters.AddWithValue("$created", Time(lab.CreatedAt));
            command.ExecuteNonQuery();
            AddHistory(connection, lab.Id, LabStatus.Created, null);
        }
        _labs[lab.Id] = lab;
    }

    public void SaveState(LabRecord lab) => Save(lab, history: false, null);

    public void RecordStatus(LabRecord lab, string? detail = null) => Save(lab, history: true, detail);

    private void Save(LabRecord lab, bool history, string? detail)
    {
        var view = lab.ToView();
        lock (_stateWrites)
        {
            using var connection = _database.Open();
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                UPDATE labs SET status = $status, epoch = $epoch, step = $step, steps_per_epoch = $spe, device = $device,
                                error = $error, notice = $notice, updated_at = $updated, key_hash = $key
                WHERE id = $id
                """;
            command.Parameters.AddWithValue("$key", lab.ControlKeyHash);
            command.Parameters.AddWithValue("$id", view.Id);
            command.Parameters.AddWithValue("$status", view.Status.ToApiName());
            command.Parameters.AddWithValue("$epoch", view.Epoch);
            command.Parameters.AddWithValue("$step", view.Step);
            command.Parameters.AddWithValue("$spe", view.StepsPerEpoch);
            command.Parameters.AddWithValue("$device", (object?)view.Device ?? DBNull.Value);
            command.Parameters.AddWithValue("$error", (object?)view.Error ?? DBNull.Value);
            command.Parameters.AddWithValue("$notice", (object?)view.Notice ?? DBNull.Value);
            command.Parameters.AddWithValue("$updated", Time(view.UpdatedAt));
            command.ExecuteNonQuery();
            if (history) AddHistory(connection, view.Id, view.Status, detail, transaction);
            transaction.Commit();
        }
    }

    public IReadOnlyList<(DateTimeOffset At, LabStatus Status, string? Detail)> History(string labId)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT at, status, detail FROM status_history WHERE lab_id = $id ORDER BY rowid";
        command.Parameters.AddWithValue("$id", labId);
        using var reader = command.ExecuteReader();
        var rows = new List<(DateTimeOffset, LabStatus, string?)>();
        while (reader.Read())
            rows.Add((DateTimeOffset.Parse(reader.GetString(0), CultureInfo.InvariantCulture), ParseStatus(reader.GetString(1)), reader.IsDBNull(2) ? null : reader.GetString(2)));
        return rows;
    }

    public void AppendMetrics(string labId, IReadOnlyList<MetricPoint> points) => _writer.EnqueueMetrics(labId, points);

    public IReadOnlyList<MetricPoint> Metrics(string labId, long fromStep)
    {
        var stored = new List<MetricPoint>();
        using (var connection = _database.Open())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT step, epoch, g_loss, d_loss, d_real, d_fake, seconds, wall_time FROM metrics
                WHERE lab_id = $id AND step >= $from ORDER BY step
                """;
            command.Parameters.AddWithValue("$id", labId);
            command.Parameters.AddWithValue("$from", fromStep);
            using var reader = command.ExecuteReader();
            while (reader.Read())
                stored.Add(new MetricPoint(reader.GetInt64(0), reader.GetInt32(1), Real(reader, 2), Real(reader, 3), Real(reader, 4), Real(reader, 5), reader.GetDouble(6), reader.IsDBNull(7) ? 0 : reader.GetDouble(7)));
        }
        // Points still queued for the writer follow the stored ones; a point committed meanwhile is in both, once.
        var lastStored = stored.Count > 0 ? stored[^1].Step : fromStep - 1;
        stored.AddRange(_writer.PendingMetrics(labId).Where(p => p.Step > lastStored));
        return stored;
    }

    public void SaveEpoch(string labId, EpochSummary summary) => _writer.EnqueueEpoch(labId, summary);

    public IReadOnlyList<EpochSummary> Epochs(string labId)
    {
        var pending = _writer.PendingEpochs(labId);
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT epoch, g_loss, d_loss, d_real, d_fake, seconds, images_per_second FROM epochs WHERE lab_id = $id ORDER BY epoch";
        command.Parameters.AddWithValue("$id", labId);
        using var reader = command.ExecuteReader();
        var rows = new SortedDictionary<int, EpochSummary>();
        while (reader.Read())
            rows[reader.GetInt32(0)] = new EpochSummary(reader.GetInt32(0), Real(reader, 1), Real(reader, 2), Real(reader, 3), Real(reader, 4), reader.GetDouble(5), reader.GetDouble(6));
        foreach (var summary in pending) rows[summary.Epoch] = summary;
        return rows.Values.ToList();
    }

    public void SaveGrid(string labId, int epoch, long step, byte[] png) => _writer.EnqueueGrid(labId, epoch, step, png);

    public IReadOnlyList<(int Epoch, long Step)> Grids(string labId)
    {
        var grids = new SortedDictionary<int, long>();
        using (var connection = _database.Open())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT epoch, step FROM grids WHERE lab_id = $id";
            command.Parameters.AddWithValue("$id", labId);
            using var reader = command.ExecuteReader();
            while (reader.Read()) grids[reader.GetInt32(0)] = reader.GetInt64(1);
        }
        foreach (var (epoch, step) in _writer.PendingGrids(labId)) grids[epoch] = step;
        return grids.Select(g => (g.Key, g.Value)).ToList();
    }

    public byte[]? GridPng(string labId, int epoch)
    {
        if (_writer.PendingGridPng(labId, epoch) is { } pending) return pending;
        var file = GridFile(labId, epoch);
        return File.Exists(file) ? File.ReadAllBytes(file) : null;
    }

    public void DiscardAfter(string labId, long step, int epoch)
    {
        _writer.Flush();
        List<int> discardedGrids;
        lock (_stateWrites)
        {
            using var connection = _database.Open();
            using var transaction = connection.BeginTransaction();
            discardedGrids = Grids(labId).Where(g => g.Epoch > epoch).Select(g => g.Epoch).ToList();
            foreach (var (table, column, value) in new[] { ("metrics", "step", step), ("epochs", "epoch", epoch), ("grids", "epoch", (long)epoch) })
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = $"DELETE FROM {table} WHERE lab_id = $id AND {column} > $value";
                command.Parameters.AddWithValue("$id", labId);
                command.Parameters.AddWithValue("$value", value);
                command.ExecuteNonQuery();
            }
            transaction.Commit();
        }
        foreach (var grid in discardedGrids)
        {
            try { File.Delete(GridFile(labId, grid)); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* an orphan file, unlisted */ }
        }
    }

    public void CopyHistory(string fromLabId, string toLabId, long throughStep, int throughEpoch)
    {
        _writer.Flush();
        var grids = Grids(fromLabId).Where(g => g.Epoch <= throughEpoch).ToList();
        // Files first, as the writer does: a row must never point at a PNG that is not on the disk.
        foreach (var (epoch, _) in grids)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(GridFile(toLabId, epoch))!);
            File.Copy(GridFile(fromLabId, epoch), GridFile(toLabId, epoch), overwrite: true);
        }
        lock (_stateWrites)
        {
            using var connection = _database.Open();
            using var transaction = connection.BeginTransaction();
            foreach (var sql in new[]
            {
                """
                INSERT INTO metrics (lab_id, step, epoch, g_loss, d_loss, d_real, d_fake, seconds, wall_time)
                SELECT $to, step, epoch, g_loss, d_loss, d_real, d_fake, seconds, wall_time FROM metrics WHERE lab_id = $from AND step <= $step
                """,
                """
                INSERT INTO epochs (lab_id, epoch, g_loss, d_loss, d_real, d_fake, seconds, images_per_second)
                SELECT $to, epoch, g_loss, d_loss, d_real, d_fake, seconds, images_per_second FROM epochs WHERE lab_id = $from AND epoch <= $epoch
                """,
            })
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = sql;
                command.Parameters.AddWithValue("$from", fromLabId);
                command.Parameters.AddWithValue("$to", toLabId);
                command.Parameters.AddWithValue("$step", throughStep);
                command.Parameters.AddWithValue("$epoch", throughEpoch);
                command.ExecuteNonQuery();
            }
            foreach (var (epoch, step) in grids)
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "INSERT INTO grids (lab_id, epoch, step, file) VALUES ($to, $epoch, $step, $file)";
                command.Parameters.AddWithValue("$to", toLabId);
                command.Parameters.AddWithValue("$epoch", epoch);
                command.Parameters.AddWithValue("$step", step);
                command.Parameters.AddWithValue("$file", Path.GetFileName(GridFile(toLabId, epoch)));
                command.ExecuteNonQuery();
            }
            transaction.Commit();
        }
    }

    public void Flush() => _writer.Flush();

    public string? WriteError => _writer.LastError;

    internal string GridFile(string labId, int epoch) => Path.Combine(LabDirectory(labId), "grids", $"epoch-{epoch:D5}.png");

    private IEnumerable<LabRecord> ReadLabs()
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, name, config, key_hash, status, epoch, step, steps_per_epoch, device, error, notice, created_at, updated_at, forked_from, forked_at_step FROM labs";
        using var reader = command.ExecuteReader();
        var labs = new List<LabRecord>();
        while (reader.Read())
        {
            var config = JsonSerializer.Deserialize<LabConfig>(reader.GetString(2))!;
            var status = ParseStatus(reader.GetString(4));
            int epoch = reader.GetInt32(5), stepsPerEpoch = reader.GetInt32(7);
            long step = reader.GetInt64(6);
            string? device = Text(reader, 8), error = Text(reader, 9), notice = Text(reader, 10);
            labs.Add(LabRecord.Restore(reader.GetString(0), reader.GetString(1), config, reader.GetString(3),
                DateTimeOffset.Parse(reader.GetString(11), CultureInfo.InvariantCulture), DateTimeOffset.Parse(reader.GetString(12), CultureInfo.InvariantCulture),
                l => { l.Status = status; l.Epoch = epoch; l.Step = step; l.StepsPerEpoch = stepsPerEpoch; l.Device = device; l.Error = error; l.Notice = notice; },
                Text(reader, 13), reader.IsDBNull(14) ? null : reader.GetInt64(14)));
        }
        return labs;
    }

    private static void AddHistory(SqliteConnection connection, string labId, LabStatus status, string? detail, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO status_history (lab_id, at, status, detail) VALUES ($id, $at, $status, $detail)";
        command.Parameters.AddWithValue("$id", labId);
        command.Parameters.AddWithValue("$at", Time(DateTimeOffset.UtcNow));
        command.Parameters.AddWithValue("$status", status.ToApiName());
        command.Parameters.AddWithValue("$detail", (object?)detail ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    private static LabStatus ParseStatus(string name) => Enum.Parse<LabStatus>(name, ignoreCase: true);
    private static string Time(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);
    private static string? Text(SqliteDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    /// <summary>SQLite stores NaN as NULL; reading it back as NaN keeps a diverged step a gap, never a zero.</summary>
    private static double Real(SqliteDataReader reader, int column) => reader.IsDBNull(column) ? double.NaN : reader.GetDouble(column);

    public void Dispose() => _writer.Dispose();
}
