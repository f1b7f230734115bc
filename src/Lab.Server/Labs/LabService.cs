using Lab.Contracts;
using Lab.Engine.Data;
using Lab.Server.Live;
using Lab.Server.Options;
using Lab.Server.Training;
using Microsoft.Extensions.Options;

namespace Lab.Server.Labs;

/// <summary>
/// The one place that creates and controls labs, used by the pages, the HTTP API and the hub alike, so a right checked
/// here is checked everywhere. Every method returns at once: training happens on the scheduler's threads.
/// </summary>
public sealed class LabService(
    ILabStore store,
    LabRequestValidator validator,
    TrainingScheduler scheduler,
    LabBroadcaster broadcaster,
    DatasetCatalog catalog,
    IOptions<LabOptions> options) : ILabService
{
    private readonly Lock _control = new();

    public IReadOnlyList<DatasetInfo> Datasets() =>
        catalog.Entries.Select(e => new DatasetInfo(e.Id, e.Name, e.Shape.Size, e.Shape.Channels, e.Count, e.Available,
            e.Available ? e.Description : $"{e.Description} Unavailable: {e.UnavailableReason}", e.IsDefault)).ToList();

    public IReadOnlyList<LabView> List() => store.All().Select(l => l.ToView()).ToList();

    public LabView? Get(string id) => store.Find(id)?.ToView();

    public CreatedLab Create(CreateLabRequest request)
    {
        var (config, name) = validator.Validate(request);
        if (store.Count >= options.Value.MaxLabs)
            throw new LabValidationException(new Dictionary<string, string[]>
            {
                ["lab"] = [$"This server already keeps {store.Count} labs, its limit (Lab:MaxLabs). Ask the administrator to raise it."],
            });
        var id = ControlKey.NewSecret();
        var key = ControlKey.NewSecret();
        try
        {
            store.Add(new LabRecord(id, name, config, ControlKey.Hash(key), DateTimeOffset.UtcNow));
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new LabStorageException($"The lab could not be saved ({e.Message}). Free disk space in the server's data folder or check its permissions, then try again; nothing was created.", e);
        }
        return new CreatedLab(id, LabUrls.View(id), LabUrls.Control(id, key), key);
    }

    public bool CanControl(string id, string? controlKey) =>
        store.Find(id) is { } lab && ControlKey.Matches(controlKey, lab.ControlKeyHash);

    public ControlResult Control(string id, LabCommand command, string? controlKey)
    {
        if (store.Find(id) is not { } lab) return new ControlResult(ControlOutcome.NotFound, $"No lab with id '{id}'.");
        if (!ControlKey.Matches(controlKey, lab.ControlKeyHash))
            return new ControlResult(ControlOutcome.Forbidden, "This needs the lab's control key (open the control link, or send the X-Lab-Key header).");

        // One control decision at a time, so two quick clicks cannot both start a lab.
        lock (_control)
        {
            var status = lab.Status;
            var run = scheduler.ActiveRun(id);
            switch (command, status)
            {
                case (LabCommand.Start, LabStatus.Created):
                    scheduler.Enqueue(id, resume: false);
                    break;
                case (LabCommand.Pause, LabStatus.Running) when run is not null:
                    run.Pause();
                    break;
                case (LabCommand.Pause, LabStatus.Queued) when scheduler.Dequeue(id):
                    SetStatus(lab, LabStatus.Paused);
                    break;
                case (LabCommand.Resume, LabStatus.Paused) when run is not null:
                    run.Resume();
                    break;
                case (LabCommand.Resume, LabStatus.Paused):
                    // No run in memory (a restart, a divergence, a shutdown): continue from the newest checkpoint.
                    scheduler.Enqueue(id, resume: true);
                    break;
                case (LabCommand.Stop, LabStatus.Running or LabStatus.Paused) when run is not null:
                    run.Stop();
                    break;
                case (LabCommand.Stop, LabStatus.Paused):
                case (LabCommand.Stop, LabStatus.Queued) when scheduler.Dequeue(id):
                    scheduler.Dequeue(id);
                    SetStatus(lab, LabStatus.Stopped);
                    break;
                default:
                    return new ControlResult(ControlOutcome.Conflict, ConflictMessage(command, status), lab.ToView());
            }
            return new ControlResult(ControlOutcome.Done, null, lab.ToView());
        }
    }

    public IReadOnlyList<MetricPoint> Metrics(string id, long fromStep = 0) => store.Metrics(id, fromStep);

    public IReadOnlyList<SamplePoint> Samples(string id) =>
        store.Grids(id).Select(g => new SamplePoint(g.Epoch, g.Step, LabUrls.Sample(id, g.Epoch))).ToList();

    public IDisposable Watch(string id, ILabObserver observer) => broadcaster.Subscribe(id, observer);

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
