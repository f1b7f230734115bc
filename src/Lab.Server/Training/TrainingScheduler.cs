using Lab.Contracts;
using Lab.Engine.Checkpoints;
using Lab.Engine.Data;
using Lab.Engine.Runtime;
using Lab.Engine.Training;
using Lab.Server.Labs;
using Lab.Server.Live;
using Lab.Server.Options;
using Microsoft.Extensions.Options;

namespace Lab.Server.Training;

/// <summary>
/// Runs queued labs one at a time (one device, and a CPU that two runs would only share). Each run trains on its own
/// thread inside the engine; this service only decides what runs next, so web requests never wait on training.
/// A paused run keeps its place (and its model in memory) until resumed or stopped. A lab queued to resume (after a
/// restart, a divergence or a shutdown) continues from its newest good checkpoint.
/// </summary>
public sealed class TrainingScheduler(
    ILabStore store,
    LabBroadcaster broadcaster,
    DatasetCatalog catalog,
    TorchAvailability torch,
    LabCheckpoints checkpoints,
    IOptions<LabOptions> options,
    ILogger<TrainingScheduler> logger) : BackgroundService
{
    private readonly Lock _lock = new();
    private readonly List<(string LabId, bool Resume)> _queue = [];
    private readonly SemaphoreSlim _wakeUp = new(0);
    private readonly Dictionary<string, ImageDataset> _datasets = [];
    private (string LabId, TrainingRun Run)? _active;

    /// <param name="resume">Continue from the lab's newest checkpoint rather than from fresh weights.</param>
    public void Enqueue(string labId, bool resume)
    {
        lock (_lock)
        {
            if (!_queue.Exists(q => q.LabId == labId)) _queue.Add((labId, resume));
            PublishQueuePositions();
        }
        _wakeUp.Release();
    }

    /// <summary>Takes a lab out of the queue; false if it was not waiting.</summary>
    public bool Dequeue(string labId)
    {
        lock (_lock)
        {
            var removed = _queue.RemoveAll(q => q.LabId == labId) > 0;
            if (removed) PublishQueuePositions();
            return removed;
        }
    }

    /// <summary>The run of this lab if it is the one training (running or paused).</summary>
    public TrainingRun? ActiveRun(string labId)
    {
        lock (_lock) return _active is { } a && a.LabId == labId ? a.Run : null;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting before the first (slow) libtorch work.
        await Task.Yield();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await _wakeUp.WaitAsync(stoppingToken);
                (string LabId, bool Resume)? next = null;
                lock (_lock)
                {
                    if (_queue.Count > 0)
                    {
                        next = _queue[0];
                        _queue.RemoveAt(0);
                    }
                    PublishQueuePositions();
                }
                if (next is { } n && store.Find(n.LabId) is { } lab) await TrainAsync(lab, n.Resume, stoppingToken);
            }
        }
        catch (OperationCanceledException) { }
    }

    private async Task TrainAsync(LabRecord lab, bool resume, CancellationToken stoppingToken)
    {
        if (!torch.Available)
        {
            Fail(lab, $"Training is unavailable on this server: {torch.Reason}");
            return;
        }
        TrainingRun run;
        try
        {
            var data = await Task.Run(() => Dataset(lab.Config.Dataset), stoppingToken);
            var settings = new TrainingSettings(lab.Config.Epochs, lab.Config.BatchSize, lab.Config.LearningRate,
                lab.Config.Seed, lab.Config.SampleEvery, lab.Config.LatentDim, options.Value.GeneratorWidth, options.Value.DiscriminatorWidth);
            var plan = new CheckpointPlan(checkpoints.For(lab.Id), lab.Config.CheckpointEvery, ResumeFromLatest: resume);
            run = new TrainingRun(settings, data, torch.Device, new LabTrainingObserver(lab, store, broadcaster, torch.Description), plan);
            lab.Update(l => l.StepsPerEpoch = run.StepsPerEpoch);
        }
        catch (Exception e) when (e is DatasetFormatException or IOException or ArgumentException)
        {
            Fail(lab, e.Message);
            return;
        }

        lock (_lock) _active = (lab.Id, run);
        // The host is going down: the run checkpoints where it is and the lab comes back paused, ready to resume.
        using (stoppingToken.Register(run.Interrupt))
        {
            run.Start();
            await run.Completion;
        }
        lock (_lock) _active = null;
        run.Dispose();
        logger.LogInformation("Lab {LabId} finished as {State}", lab.Id, run.State);
    }

    private ImageDataset Dataset(string id)
    {
        lock (_datasets)
        {
            if (!_datasets.TryGetValue(id, out var data)) _datasets[id] = data = catalog.Load(id);
            return data;
        }
    }

    private void Fail(LabRecord lab, string error)
    {
        logger.LogWarning("Lab {LabId} failed: {Error}", lab.Id, error);
        broadcaster.PublishStatus(lab.Id, lab.Update(l => { l.Status = LabStatus.Failed; l.Error = error; }));
        store.RecordStatus(lab, error);
    }

    private void PublishQueuePositions()
    {
        for (int i = 0; i < _queue.Count; i++)
        {
            if (store.Find(_queue[i].LabId) is not { } lab) continue;
            int position = i + 1;
            var wasQueued = lab.Status == LabStatus.Queued;
            broadcaster.PublishStatus(lab.Id, lab.Update(l => { l.Status = LabStatus.Queued; l.QueuePosition = position; }));
            if (!wasQueued) store.RecordStatus(lab);
        }
    }

    public override void Dispose()
    {
        lock (_datasets) foreach (var d in _datasets.Values) d.Dispose();
        _wakeUp.Dispose();
        base.Dispose();
    }
}
