using Microsoft.Data.Sqlite;

namespace Lab.Server.Storage;

/// <summary>
/// The embedded SQLite file (labs.db in the data directory). The schema is created and upgraded at start-up by the
/// numbered migrations below, tracked in PRAGMA user_version: an older file is upgraded in place, never dropped.
/// Add a migration at the end; never edit one that has shipped.
/// </summary>
public sealed class LabDatabase
{
    private static readonly string[] Migrations =
    [
        // 1: labs, their status history, per-step metrics, per-epoch summaries, the grid index.
        """
        CREATE TABLE labs (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, config TEXT NOT NULL, key_hash TEXT NOT NULL,
            status TEXT NOT NULL, epoch INTEGER NOT NULL, step INTEGER NOT NULL, steps_per_epoch INTEGER NOT NULL,
            device TEXT, error TEXT, notice TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
        CREATE TABLE status_history (
            lab_id TEXT NOT NULL REFERENCES labs(id), at TEXT NOT NULL, status TEXT NOT NULL, detail TEXT);
        CREATE INDEX status_history_lab ON status_history(lab_id);
        CREATE TABLE metrics (
            lab_id TEXT NOT NULL, step INTEGER NOT NULL, epoch INTEGER NOT NULL,
            g_loss REAL, d_loss REAL, d_real REAL, d_fake REAL, seconds REAL NOT NULL,
            PRIMARY KEY (lab_id, step)) WITHOUT ROWID;
        CREATE TABLE epochs (
            lab_id TEXT NOT NULL, epoch INTEGER NOT NULL, g_loss REAL, d_loss REAL, d_real REAL, d_fake REAL,
            seconds REAL NOT NULL, images_per_second REAL NOT NULL,
            PRIMARY KEY (lab_id, epoch)) WITHOUT ROWID;
        CREATE TABLE grids (
            lab_id TEXT NOT NULL, epoch INTEGER NOT NULL, step INTEGER NOT NULL, file TEXT NOT NULL,
            PRIMARY KEY (lab_id, epoch)) WITHOUT ROWID;
        """,
        // 2: forks remember their source; metrics carry the wall time their step ended (viewer delay, TensorBoard).
        """
        ALTER TABLE labs ADD COLUMN forked_from TEXT;
        ALTER TABLE labs ADD COLUMN forked_at_step INTEGER;
        ALTER TABLE metrics ADD COLUMN wall_time REAL;
        """,
    ];

    private readonly string _connectionString;

    public LabDatabase(string path)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString();
    }

    public string Path { get; }

    public static int LatestVersion => Migrations.Length;

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        // WAL lets page requests read while the metric writer commits; NORMAL sync is durable at each checkpoint of
        // the log and far cheaper than FULL on every small commit.
        Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;");
        return connection;
    }

    /// <summary>Brings the file to the latest schema; returns the version it had.</summary>
    public int Migrate()
    {
        using var connection = Open();
        var version = Convert.ToInt32(Scalar(connection, "PRAGMA user_version"));
        if (version > Migrations.Length)
            throw new InvalidOperationException($"{Path} has schema version {version}, newer than this lab understands ({Migrations.Length}). Run a newer version of the lab, or point Lab:DataDirectory elsewhere.");
        for (int next = version; next < Migrations.Length; next++)
        {
            using var transaction = connection.BeginTransaction();
            Execute(connection, Migrations[next], transaction);
            Execute(connection, $"PRAGMA user_version = {next + 1}", transaction);
            transaction.Commit();
        }
        return version;
    }

    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
