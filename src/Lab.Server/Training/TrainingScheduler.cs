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
/// Runs queued labs, at most <see cref="LabOptions.MaxConcurrentRuns"/> at once on the server's device, the others
/// waiting in order as <c>queued</c> with their position. Each run trains on its own thread inside the engine; this
/// service only decides what runs next, so web requests never wait on training. Pausing a lab checkpoints it and
/// frees its slot (its model leaves memory); Resume queues it to continue from that checkpoint, which is exact.
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
    // Labs holding a slot: starting (Run still null) or training.
    private readonly Dictionary<string, Slot> _slots = [];
    private readonly List<Task> _running = [];

    /// <summary>How many labs train at once here (the option, or 1 on a CPU and 2 on a GPU).</summary>
    public int Capacity => options.Value.MaxConcurrentRuns is > 0 and var n ? n : torch.IsCuda ? 2 : 1;

    /// <param name="resume">Continue from the lab's newest checkpoint rather than from fresh weights.</param>
    public void Enqueue(string labId, bool resume)
    {
        lock (_lock)
        {
            if (!_queue.Exists(q => q.LabId == labId) && !_slots.ContainsKey(labId)) _queue.Add((labId, resume));
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

    /// <summary>The run of this lab while it trains (null when it is queued, paused or done).</summary>
    public TrainingRun? ActiveRun(string labId)
    {
        lock (_lock) return _slots.GetValueOrDefault(labId)?.Run;
    }

    /// <summary>Whether the lab holds a slot (starting or training).</summary>
    public bool IsActive(string labId)
    {
        lock (_lock) return _slots.ContainsKey(labId);
    }

    /// <summary>
    /// Pauses a lab that holds a slot: it checkpoints where it is and gives the slot to the next in the queue. A lab
    /// still starting pauses as soon as its run exists. False if the lab holds no slot.
    /// </summary>
    public bool Pause(string labId) => EndRun(labId, pause: true);

    /// <summary>Stops a lab that holds a slot, checkpointing first. False if it holds none.</summary>
    public bool Stop(string labId) => EndRun(labId, pause: false);

    private bool EndRun(string labId, bool pause)
    {
        lock (_lock)
        {
            if (!_slots.TryGetValue(labId, out var slot)) return false;
            slot.Ending = pause ? SlotEnding.Pause : SlotEnding.Stop;
            if (slot.Run is { } run) End(run, slot);
            return true;
        }
    }

    private static void End(TrainingRun run, Slot slot)
    {
        slot.Observer!.EndingAsPause = slot.Ending == SlotEnding.Pause;
        if (slot.Ending == SlotEnding.Pause) run.Interrupt();
        else run.Stop();
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
                lock (_lock)
                {
                    _running.RemoveAll(t => t.IsCompleted);
                    while (_slots.Count < Capacity && _queue.Count > 0)
                    {
                        var (labId, resume) = _queue[0];
                        _queue.RemoveAt(0);
                        if (store.Find(labId) is not { } lab) continue;
                        var slot = new Slot();
                        _slots[labId] = slot;
                        _running.Add(Task.Run(() => TrainAsync(lab, resume, slot, stoppingToken), CancellationToken.None));
                    }
                    PublishQueuePositions();
                }
            }
        }
        catch (OperationCanceledException) { }

        // The host is going down: every run checkpoints where it is (see TrainAsync); wait for them to have done so.
        Task[] running;
        lock (_lock) running = [.. _running];
        await Task.WhenAll(running);
    }

    private async Task TrainAsync(LabRecord lab, bool resume, Slot slot, CancellationToken stoppingToken)
    {
        try
        {
            await TrainInSlotAsync(lab, resume, slot, stoppingToken);
        }
        catch (Exception e)
        {
            Fail(lab, $"Training could not run: {e.Message}");
        }
        finally
        {
            lock (_lock) _slots.Remove(lab.Id);
            _wakeUp.Release();
        }
    }

    private async Task TrainInSlotAsync(LabRecord lab, bool resume, Slot slot, CancellationToken stoppingToken)
    {
        if (!torch.Available)
        {
            Fail(lab, $"Training is unavailable on this server: {torch.Reason}");
            return;
        }
        TrainingRun run;
        LabTrainingObserver observer;
        try
        {
            var data = Dataset(lab.Config.Dataset);
            var settings = new TrainingSettings(lab.Config.Epochs, lab.Config.BatchSize, lab.Config.LearningRate,
                lab.Config.Seed, lab.Config.SampleEvery, lab.Config.LatentDim, options.Value.GeneratorWidth, options.Value.DiscriminatorWidth);
            var plan = new CheckpointPlan(checkpoints.For(lab.Id), lab.Config.CheckpointEvery, ResumeFromLatest: resume);
            observer = new LabTrainingObserver(lab, store, broadcaster, torch.Description);
            run = new TrainingRun(settings, data, torch.Device, observer, plan);
            lab.Update(l => l.StepsPerEpoch = run.StepsPerEpoch);
        }
        catch (Exception e) when (e is DatasetFormatException or IOException or ArgumentException)
        {
            Fail(lab, e.Message);
            return;
        }

        lock (_lock)
        {
            slot.Run = run;
            slot.Observer = observer;
        }
        // The host is going down: the run checkpoints where it is and the lab comes back paused, ready to resume.
        using (stoppingToken.Register(run.Interrupt))
        {
            run.Start();
            // Paused or stopped while its dataset was loading: end it as soon as it runs.
            lock (_lock) if (slot.Ending != SlotEnding.None) End(run, slot);
            await run.Completion;
        }
        lock (_lock) slot.Run = null;
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

    private enum SlotEnding { None, Pause, Stop }

    private sealed class Slot
    {
        public TrainingRun? Run { get; set; }
        public LabTrainingObserver? Observer { get; set; }
        public SlotEnding Ending { get; set; }
    }
}
