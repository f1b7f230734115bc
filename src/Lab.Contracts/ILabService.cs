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

    /// <summary>
    /// A new lab of the caller's with the source's configuration (viewers may fork: no key needed); null when there
    /// is no such source. Throws as <see cref="Create"/> does.
    /// </summary>
    CreatedLab? Fork(string sourceId, ForkLabRequest request);

    ControlResult Control(string id, LabCommand command, string? controlKey);
    bool CanControl(string id, string? controlKey);

    /// <summary>Replaces the control key (the current one is needed); the old control link stops working.</summary>
    KeyRotation RotateKey(string id, string? controlKey);

    /// <param name="maxPoints">at most this many points, evenly spaced, always with the last (0: all).</param>
    IReadOnlyList<MetricPoint> Metrics(string id, long fromStep = 0, int maxPoints = 0);
    IReadOnlyList<SamplePoint> Samples(string id);

    /// <summary>
    /// Follows a lab from now on and returns what came before: the lab, its metrics (downsampled to
    /// <paramref name="maxPoints"/>) and every grid. The observer then gets (on a background thread) exactly the
    /// metrics after the last one returned: no gap, no duplicate. Dispose the subscription to stop; a page does so
    /// when its circuit ends. Null for an unknown lab.
    /// </summary>
    Task<LabJoin?> JoinAsync(string id, ILabObserver observer, int maxPoints = LabJoin.DefaultMaxPoints);
}

/// <summary>What a viewer needs to draw a lab it has just joined, and the subscription that keeps it current.</summary>
public sealed record LabJoin(LabView Lab, IReadOnlyList<MetricPoint> Metrics, IReadOnlyList<SamplePoint> Samples, IDisposable Subscription)
{
    /// <summary>A few thousand points draw a whole run faithfully in a chart a few hundred pixels wide.</summary>
    public const int DefaultMaxPoints = 3000;
}

public interface ILabObserver
{
    Task OnMetricsAsync(string labId, IReadOnlyList<MetricPoint> points);
    Task OnSampleAsync(string labId, SamplePoint sample);
    Task OnStatusAsync(string labId, LabView lab);
}

/// <summary>A limit that protects the host was reached (labs per client per hour); says when to try again.</summary>
public sealed class LabLimitException(string message, TimeSpan? retryAfter = null) : Exception(message)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>The server could not save what was asked (a full disk, a read-only data folder); nothing was created.</summary>
public sealed class LabStorageException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Bad create values: field name (camelCase, as in the JSON) → messages.</summary>
public sealed class LabValidationException(IDictionary<string, string[]> errors)
    : Exception("Invalid lab configuration: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")))
{
    public IDictionary<string, string[]> Errors { get; } = errors;
}
