using Lab.Contracts;
using Lab.Server.Labs;
using Lab.Server.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lab.Server.Tests.Storage;

/// <summary>The store against a real SQLite file and real lab folders in a temporary directory.</summary>
public sealed class SqliteLabStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lab-store-").FullName;
    private static readonly LabConfig Config = new("emoji-32", 3, 64, 1e-4, 100, 7, 1, 1);

    private SqliteLabStore Open() => new(new LabDatabase(Path.Combine(_directory, "labs.db")), _directory, NullLogger<SqliteLabStore>.Instance);

    [Fact]
    public void A_lab_its_status_history_metrics_epochs_and_grids_survive_reopening_the_file()
    {
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 1, 2, 3 };
        using (var store = Open())
        {
            var lab = new LabRecord("lab-1", "first", Config, "hash", DateTimeOffset.UtcNow);
            store.Add(lab);
            lab.Update(l => { l.Status = LabStatus.Running; l.Step = 2; l.Epoch = 1; l.Device = "CPU (2 threads)"; });
            store.RecordStatus(lab);
            store.AppendMetrics("lab-1", [Point(1), Point(2)]);
            store.SaveEpoch("lab-1", new EpochSummary(1, 0.7, 1.3, 0.6, 0.4, 2.5, 51.2));
            store.SaveGrid("lab-1", 0, 0, png);
            lab.Update(l => { l.Status = LabStatus.Paused; l.Notice = "why"; });
            store.RecordStatus(lab, "paused by the teacher");
            store.Flush();
        }

        using var reopened = Open();
        var back = Assert.Single(reopened.All());
        var view = back.ToView();
        Assert.Equal(("lab-1", "first", Config, LabStatus.Paused, 2L, 1, "CPU (2 threads)", "why"),
            (view.Id, view.Name, view.Config, view.Status, view.Step, view.Epoch, view.Device, view.Notice));
        Assert.Equal([LabStatus.Created, LabStatus.Running, LabStatus.Paused], reopened.History("lab-1").Select(h => h.Status));
        Assert.Equal("paused by the teacher", reopened.History("lab-1").Last().Detail);
        Assert.Equal([1L, 2L], reopened.Metrics("lab-1", 0).Select(m => m.Step));
        Assert.Equal(51.2, Assert.Single(reopened.Epochs("lab-1")).ImagesPerSecond);
        Assert.Equal(png, reopened.GridPng("lab-1", 0));
        Assert.True(File.Exists(Path.Combine(reopened.LabDirectory("lab-1"), "grids", "epoch-00000.png")));
    }

    [Fact]
    public void Queued_metrics_are_read_before_they_are_committed_and_exactly_once_after()
    {
        using var store = Open();
        store.Add(new LabRecord("lab-1", "q", Config, "hash", DateTimeOffset.UtcNow));

        store.AppendMetrics("lab-1", [Point(1), Point(2), Point(3)]);
        Assert.Equal([1L, 2L, 3L], store.Metrics("lab-1", 0).Select(m => m.Step));
        store.Flush();
        store.AppendMetrics("lab-1", [Point(4)]);
        Assert.Equal([2L, 3L, 4L], store.Metrics("lab-1", 2).Select(m => m.Step));
    }

    [Fact]
    public void A_diverged_step_reads_back_as_a_gap_not_a_zero()
    {
        using (var store = Open())
        {
            store.Add(new LabRecord("lab-1", "nan", Config, "hash", DateTimeOffset.UtcNow));
            store.AppendMetrics("lab-1", [Point(1) with { GLoss = double.NaN, DLoss = double.PositiveInfinity }]);
            store.Flush();
        }
        using var reopened = Open();
        var point = Assert.Single(reopened.Metrics("lab-1", 0));
        Assert.True(double.IsNaN(point.GLoss));
        Assert.True(double.IsNaN(point.DLoss));
        Assert.Equal(0.5, point.DReal);
    }

    [Fact]
    public void Discarding_after_a_restored_checkpoint_removes_later_metrics_epoch_rows_and_grid_files()
    {
        using var store = Open();
        store.Add(new LabRecord("lab-1", "d", Config, "hash", DateTimeOffset.UtcNow));
        store.AppendMetrics("lab-1", Enumerable.Range(1, 9).Select(i => Point(i)).ToList());
        for (int epoch = 0; epoch <= 3; epoch++) store.SaveGrid("lab-1", epoch, epoch * 3, [1, 2, 3]);
        for (int epoch = 1; epoch <= 3; epoch++) store.SaveEpoch("lab-1", new EpochSummary(epoch, 1, 1, 0.5, 0.5, 1, 1));
        store.Flush();

        store.DiscardAfter("lab-1", step: 3, epoch: 1);

        Assert.Equal([1L, 2L, 3L], store.Metrics("lab-1", 0).Select(m => m.Step));
        Assert.Equal([0, 1], store.Grids("lab-1").Select(g => g.Epoch));
        Assert.Equal([1], store.Epochs("lab-1").Select(e => e.Epoch));
        Assert.False(File.Exists(Path.Combine(store.LabDirectory("lab-1"), "grids", "epoch-00002.png")));
    }

    [Fact]
    public void A_new_file_gets_the_latest_schema_and_one_from_a_newer_lab_is_refused_with_what_to_do()
    {
        var path = Path.Combine(_directory, "labs.db");
        var database = new LabDatabase(path);
        Assert.Equal(0, database.Migrate());
        Assert.Equal(LabDatabase.LatestVersion, database.Migrate());

        using (var connection = database.Open()) LabDatabase.Execute(connection, "PRAGMA user_version = 99");
        var refused = Assert.Throws<InvalidOperationException>(() => database.Migrate());
        Assert.Contains("schema version 99", refused.Message);
        Assert.Contains("newer version of the lab", refused.Message);
        SqliteConnection.ClearAllPools();
    }

    private static MetricPoint Point(long step) => new(step, 1, 0.7, 1.3, 0.5, 0.5, step * 0.1);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
