namespace Lab.Contracts;

/// <summary>
/// What the pages need from the lab host. The server implements it in-process; pages never see the engine.
/// Rights are enforced here, not in the page: control calls carry the key and are refused without it.
/// </summary>
public interface ILabService
{
    IReadOnlyList<DatasetInfo> Datasets();
    IReadOnlyList<LabView> List();
    LabView? Get(string id);

    /// <exception cref="LabValidationException">when a value is out of bounds; names each bad field.</exception>
    /// <exception cref="LabStorageException">when the lab cannot be saved.</exception>
    CreatedLab Create(CreateLabRequest request);

    ControlResult Control(string id, LabCommand command, string? controlKey);
    bool CanControl(string id, string? controlKey);

    IReadOnlyList<MetricPoint> Metrics(string id, long fromStep = 0);
    IReadOnlyList<SamplePoint> Samples(string id);

    /// <summary>
    /// Follows a lab: the observer is called (on a background thread) with coalesced metrics, new grids and status
    /// changes. Dispose the subscription to stop; a page does so when its circuit ends.
    /// </summary>
    IDisposable Watch(string id, ILabObserver observer);
}

public interface ILabObserver
{
    Task OnMetricsAsync(string labId, IReadOnlyList<MetricPoint> points);
    Task OnSampleAsync(string labId, SamplePoint sample);
    Task OnStatusAsync(string labId, LabView lab);
}

/// <summary>The server could not save what was asked (a full disk, a read-only data folder); nothing was created.</summary>
public sealed class LabStorageException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Bad create values: field name (camelCase, as in the JSON) → messages.</summary>
public sealed class LabValidationException(IDictionary<string, string[]> errors)
    : Exception("Invalid lab configuration: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")))
{
    public IDictionary<string, string[]> Errors { get; } = errors;
}
