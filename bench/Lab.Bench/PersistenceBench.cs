using System.Diagnostics;
using Lab.Contracts;
using Lab.Engine.Checkpoints;
using Lab.Engine.Data;
using Lab.Engine.Training;
using Lab.Server.Labs;
using Lab.Server.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using static TorchSharp.torch;

/// <summary>
/// What persistence costs a training run of the notebook model: the same run with nothing saved, and with everything
/// the server saves (every step's metrics through the SQLite store, epoch rows, grid files, a checkpoint every epoch),
/// alternated in one process so both see the same machine. Also the size and write time of one checkpoint.
/// </summary>
static class PersistenceBench
{
    public static void Run(Device device, int epochs, int rounds)
    {
        var catalog = new DatasetCatalog();
        using var data = catalog.Load("emoji-32");
        var folder = Directory.CreateTempSubdirectory("lab-bench-").FullName;
        try
        {
            var plain = new List<double>();
            var saved = new List<double>();
            var checkpoints = new List<(long Bytes, TimeSpan Took)>();
            for (int round = 0; round < rounds; round++)
            {
                plain.Add(Measure(device, data, epochs, null, null).StepsPerSecond);
                var labFolder = Path.Combine(folder, $"round-{round}");
                using var store = new SqliteLabStore(new LabDatabase(Path.Combine(labFolder, "labs.db")), labFolder, NullLogger<SqliteLabStore>.Instance);
                var probe = Measure(device, data, epochs, store, new CheckpointDirectory(Path.Combine(labFolder, "checkpoints")));
                saved.Add(probe.StepsPerSecond);
                checkpoints.AddRange(probe.Checkpoints);
                Console.WriteLine($"round {round + 1}: {plain[^1]:F3} steps/s without persistence, {saved[^1]:F3} with");
            }
            Console.WriteLine($"persistence: {saved.Average():F3} vs {plain.Average():F3} steps/s = {saved.Average() / plain.Average():P1} of the speed without it ({epochs} epochs of {data.Count} images per run, {rounds} rounds)");
            Console.WriteLine($"checkpoint of the notebook model: {checkpoints.Average(c => c.Bytes) / 1048576:F1} MB, written in {checkpoints.Average(c => c.Took.TotalMilliseconds):F0} ms on average ({checkpoints.Count} written, min {checkpoints.Min(c => c.Took.TotalMilliseconds):F0} ms, max {checkpoints.Max(c => c.Took.TotalMilliseconds):F0} ms)");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Probe Measure(Device device, ImageDataset data, int epochs, SqliteLabStore? store, CheckpointDirectory? checkpoints)
    {
        const string labId = "bench";
        LabRecord? lab = null;
        if (store is not null)
        {
            lab = new LabRecord(labId, "bench", new LabConfig(data.Id, epochs, 64, 1e-4, 100, 1, 1, 1), "-", DateTimeOffset.UtcNow);
            store.Add(lab);
        }
        var probe = new Probe(store, lab);
        var plan = checkpoints is null ? null : new CheckpointPlan(checkpoints);
        using var run = new TrainingRun(new TrainingSettings(epochs, Seed: 1), data, device, probe, plan);
        run.Start();
        run.Completion.Wait();
        probe.Finish();
        store?.Flush();
        return probe;
    }

    private sealed class Probe(SqliteLabStore? store, LabRecord? lab) : ITrainingObserver
    {
        private readonly Stopwatch _clock = new();
        private long _firstStep, _lastStep;
        public List<(long Bytes, TimeSpan Took)> Checkpoints { get; } = [];
        public double StepsPerSecond { get; private set; }

        public void OnStep(StepMetrics m)
        {
            // Timed from the end of the first step, so libtorch's warm-up is left out of both runs alike.
            if (!_clock.IsRunning) { _clock.Start(); _firstStep = m.Step; }
            _lastStep = m.Step;
            store?.AppendMetrics(lab!.Id, [new MetricPoint(m.Step, m.Epoch, m.GeneratorLoss, m.DiscriminatorLoss, m.DReal, m.DFake, m.Seconds)]);
        }

        public void OnSampleGrid(int epoch, long step, byte[] png) => store?.SaveGrid(lab!.Id, epoch, step, png);

        public void OnEpochCompleted(EpochStats e)
        {
            if (store is null) return;
            store.SaveEpoch(lab!.Id, new EpochSummary(e.Epoch, e.GeneratorLoss, e.DiscriminatorLoss, e.DReal, e.DFake, e.Seconds, e.ImagesPerSecond));
            lab.Update(l => { l.Epoch = e.Epoch; l.Step = e.Step; });
            store.SaveState(lab);
        }

        public void OnCheckpointWritten(string path, CheckpointHeader checkpoint, TimeSpan took) => Checkpoints.Add((new FileInfo(path).Length, took));

        public void OnStateChanged(TrainingState state, string? error, string? notice = null)
        {
            if (error is not null) Console.Error.WriteLine(error);
        }

        public void Finish() => StepsPerSecond = (_lastStep - _firstStep) / _clock.Elapsed.TotalSeconds;
    }
}
