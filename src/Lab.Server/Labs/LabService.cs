using Lab.Contracts;
using Lab.Engine.Checkpoints;
using Lab.Engine.Data;
using Lab.Server.Live;
using Lab.Server.Options;
using Lab.Server.Training;
using Microsoft.Extensions.Options;

namespace Lab.Server.Labs;

/// <summary>
/// The one place that creates and controls labs, used by the pages, the HTTP API and the hub alike, so a right checked
/// here is checked everywhere. Every method returns at once: training happens on the scheduler's threads.
/// One per request or circuit (it knows the caller's address for the creation limit); the state is all elsewhere.
/// </summary>
public sealed class LabService(
    ILabStore store,
    LabRequestValidator validator,
    TrainingScheduler scheduler,
    LabBroadcaster broadcaster,
    DatasetCatalog catalog,
    LabCheckpoints checkpoints,
    LabCreationLimiter limiter,
    ClientAddress caller,
    IOptions<LabOptions> options) : ILabService
{
    // One control decision at a time across all callers, so two quick clicks cannot both start a lab.
    private static readonly Lock ControlDecisions = new();

    public IReadOnlyList<DatasetInfo> Datasets() =>
        catalog.Entries.Select(e => new DatasetInfo(e.Id, e.Name, e.Shape.Size, e.Shape.Channels, e.Count, e.Available,
            e.Available ? e.Description : $"{e.Description} Unavailable: {e.UnavailableReason}", e.IsDefault)).ToList();

    public IReadOnlyList<LabView> List() => store.All().Select(l => l.ToView()).ToList();

    public LabView? Get(string id) => store.Find(id)?.ToView();

    public CreatedLab Create(CreateLabRequest request)
    {
        var (config, name) = validator.Validate(request);
        var (id, key) = Admit();
        Save(() => store.Add(new LabRecord(id, name, config, ControlKey.Hash(key), DateTimeOffset.UtcNow)));
        return Links(id, key);
    }

    public CreatedLab? Fork(string sourceId, ForkLabRequest request)
    {
        if (store.Find(sourceId) is not { } source) return null;
        var c = source.Config;
        var (config, name) = validator.Validate(new CreateLabRequest
        {
            Name = request.Name ?? ForkName(source.Name), Dataset = c.Dataset, Epochs = request.Epochs ?? c.Epochs,
            BatchSize = c.BatchSize, LearningRate = c.LearningRate, LatentDim = c.LatentDim, Seed = c.Seed,
            CheckpointEvery = c.CheckpointEvery, SampleEvery = c.SampleEvery,
        });
        var branch = request.FromCheckpoint ? BranchPoint(source, config) : null;
        var (id, key) = Admit();
        var fork = new LabRecord(id, name, config, ControlKey.Hash(key), DateTimeOffset.UtcNow)
        {
            ForkedFrom = source.Id,
            ForkedAtStep = branch?.Name.Step,
        };
        Save(() =>
        {
            if (branch is { } from)
            {
                // The checkpoint first: a fork that says it starts from a step must have that step's weights.
                var target = checkpoints.For(id).Path;
                Directory.CreateDirectory(target);
                File.Copy(from.File, Path.Combine(target, from.Name.FileName));
            }
            store.Add(fork);
            if (branch is not { } b) return;
            store.CopyHistory(source.Id, id, b.Name.Step, b.Name.CompletedEpochs);
            var stepsPerEpoch = source.StepsPerEpoch;
            fork.Update(l =>
            {
                l.Step = b.Name.Step;
                l.Epoch = b.Name.AtEpochBoundary ? b.Name.CompletedEpochs : b.Name.CompletedEpochs + 1;
                l.StepsPerEpoch = stepsPerEpoch;
                l.CheckpointStep = b.Name.Step;
            });
            store.SaveState(fork);
        });
        return Links(id, key);
    }

    /// <summary>The source's newest checkpoint, copied while the source may be training (and pruning) beside it.</summary>
    private (CheckpointName Name, string File)? BranchPoint(LabRecord source, LabConfig config)
    {
        var newest = checkpoints.For(source.Id).List().LastOrDefault(c => File.Exists(c.File));
        if (newest.File is null)
            throw Invalid("fromCheckpoint", $"'{source.Name}' has no checkpoint yet (one is written at the end of each epoch and when it is paused). Fork without starting from a checkpoint, or wait for the first epoch to end.");
        if (newest.Name.AtEpochBoundary && newest.Name.CompletedEpochs >= config.Epochs)
            throw Invalid("epochs", $"The checkpoint is after epoch {newest.Name.CompletedEpochs}, the last of {config.Epochs}: give the fork more epochs to train further.");
        return newest;
    }

    private static string ForkName(string name) =>
        name.EndsWith(" (fork)", StringComparison.Ordinal) || name.Length + 7 > LabDefaults.MaxNameLength ? name : name + " (fork)";

    /// <summary>The limits a new lab must pass; a new id and key when it does.</summary>
    private (string Id, string Key) Admit()
    {
        if (store.Count >= options.Value.MaxLabs)
            throw Invalid("lab", $"This server already keeps {store.Count} labs, its limit (Lab:MaxLabs). Ask the administrator to raise it.");
        limiter.Take(caller.Value);
        return (ControlKey.NewSecret(), ControlKey.NewSecret());
    }

    private static void Save(Action save)
    {
        try
        {
            save();
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new LabStorageException($"The lab could not be saved ({e.Message}). Free disk space in the server's data folder or check its permissions, then try again.", e);
        }
    }

    private static LabValidationException Invalid(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });

    private static CreatedLab Links(string id, string key) => new(id, LabUrls.View(id), LabUrls.Control(id, key), key);

    public KeyRotation RotateKey(string id, string? controlKey)
    {
        if (store.Find(id) is not { } lab) return new KeyRotation(ControlOutcome.NotFound, $"No lab with id '{id}'.");
        if (!ControlKey.Matches(controlKey, lab.ControlKeyHash)) return new KeyRotation(ControlOutcome.Forbidden, ForbiddenText);
        var key = ControlKey.NewSecret();
        lock (ControlDecisions)
        {
            lab.Update(l => l.ControlKeyHash = ControlKey.Hash(key));
            Save(() => store.SaveState(lab));
        }
        return new KeyRotation(ControlOutcome.Done, null, Links(id, key));
    }

    private const string ForbiddenText = "This needs the lab's control key (open the control link, or send the X-Lab-Key header).";

    public bool CanControl(string id, string? controlKey) =>
        store.Find(id) is { } lab && ControlKey.Matches(controlKey, lab.ControlKeyHash);

    public ControlResult Control(string id, LabCommand command, string? controlKey)
    {
        if (store.Find(id) is not { } lab) return new ControlResult(ControlOutcome.NotFound, $"No lab with id '{id}'.");
        if (!ControlKey.Matches(controlKey, lab.ControlKeyHash)) return new ControlResult(ControlOutcome.Forbidden, ForbiddenText);

        lock (ControlDecisions)
        {
            var status = lab.Status;
            switch (command, status)
            {
                case (LabCommand.Start, LabStatus.Created):
                    // A fork from a checkpoint starts where its source was.
                    scheduler.Enqueue(id, resume: lab.CheckpointStep is not null);
                    break;
                case (LabCommand.Pause, LabStatus.Running or LabStatus.Queued) when scheduler.Pause(id):
                    break;
                case (LabCommand.Pause, LabStatus.Queued) when scheduler.Dequeue(id):
                    SetStatus(lab, LabStatus.Paused);
                    break;
                case (LabCommand.Resume, LabStatus.Paused) when !scheduler.IsActive(id):
                    // Paused labs hold no slot and no model: continue from the newest checkpoint, in the queue's order.
                    scheduler.Enqueue(id, resume: true);
                    break;
                case (LabCommand.Stop, LabStatus.Running or LabStatus.Paused or LabStatus.Queued) when scheduler.Stop(id):
                    break;
                case (LabCommand.Stop, LabStatus.Paused):
                case (LabCommand.Stop, LabStatus.Queued) when scheduler.Dequeue(id):
                    SetStatus(lab, LabStatus.Stopped);
                    break;
                default:
                    return new ControlResult(ControlOutcome.Conflict, ConflictMessage(command, status), lab.ToView());
            }
            return new ControlResult(ControlOutcome.Done, null, lab.ToView());
        }
    }

    public IReadOnlyList<MetricPoint> Metrics(string id, long fromStep = 0, int maxPoints = 0) =>
        MetricDownsampling.Pick(store.Metrics(id, fromStep), maxPoints);

    public IReadOnlyList<SamplePoint> Samples(string id) =>
        store.Grids(id).Select(g => new SamplePoint(g.Epoch, g.Step, LabUrls.Sample(id, g.Epoch))).ToList();

    public async Task<LabJoin?> JoinAsync(string id, ILabObserver observer, int maxPoints = LabJoin.DefaultMaxPoints)
    {
        IDisposable? subscription = null;
        var history = await JoinAsync(id, maxPoints, () => subscription = broadcaster.Subscribe(id, observer));
        return history is { } h ? new LabJoin(h.Lab, h.Metrics, h.Samples, subscription!) : null;
    }

    /// <summary>The join pages and hub viewers share: <paramref name="subscribe"/> runs between two flushes of the lab.</summary>
    public async Task<(LabView Lab, IReadOnlyList<MetricPoint> Metrics, IReadOnlyList<SamplePoint> Samples)?> JoinAsync(
        string id, int maxPoints, Action subscribe)
    {
        if (store.Find(id) is null) return null;
        var (metrics, samples) = await broadcaster.JoinAsync(id, subscribe, () => (store.Metrics(id, 0), Samples(id)));
        return (Get(id)!, MetricDownsampling.Pick(metrics, maxPoints), samples);
    }

    private void SetStatus(LabRecord lab, LabStatus status)
    {
        broadcaster.PublishStatus(lab.Id, lab.Update(l => { l.Status = status; l.Notice = null; }));
        store.RecordStatus(lab);
    }

    private static string ConflictMessage(LabCommand command, LabStatus status) => (command, status) switch
    {
        (LabCommand.Start, _) => $"The lab is {status.ToApiName()}; Start only begins a new lab. Create a new lab to train again.",
        (LabCommand.Resume, _) => $"Only a paused lab can be resumed; this one is {status.ToApiName()}.",
        _ => $"Cannot {command.ToString().ToLowerInvariant()} a lab that is {status.ToApiName()}.",
    };
}
