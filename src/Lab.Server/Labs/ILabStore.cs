using Lab.Contracts;

namespace Lab.Server.Labs;

/// <summary>
/// Where labs, their history, metrics and grids are kept (SQLite plus a folder per lab). Writes that happen every
/// step are queued and committed in batches off the training thread; reads see queued items too.
/// </summary>
public interface ILabStore
{
    void Add(LabRecord lab);
    LabRecord? Find(string id);
    IReadOnlyList<LabRecord> All();
    int Count { get; }

    /// <summary>Persists the lab's current state (status, epoch, step, device, error, notice) now.</summary>
    void SaveState(LabRecord lab);

    /// <summary>Persists the lab's state and adds its status to the status history, with why when there is a reason.</summary>
    void RecordStatus(LabRecord lab, string? detail = null);

    IReadOnlyList<(DateTimeOffset At, LabStatus Status, string? Detail)> History(string labId);

    void AppendMetrics(string labId, IReadOnlyList<MetricPoint> points);
    IReadOnlyList<MetricPoint> Metrics(string labId, long fromStep);

    void SaveEpoch(string labId, EpochSummary summary);
    IReadOnlyList<EpochSummary> Epochs(string labId);

    void SaveGrid(string labId, int epoch, long step, byte[] png);
    IReadOnlyList<(int Epoch, long Step)> Grids(string labId);
    byte[]? GridPng(string labId, int epoch);

    /// <summary>
    /// Forgets what was recorded after a restored checkpoint (TensorBoard does the same when a run restarts from an
    /// earlier step): metrics after <paramref name="step"/>, epoch summaries and grids after <paramref name="epoch"/>.
    /// </summary>
    void DiscardAfter(string labId, long step, int epoch);

    /// <summary>
    /// Gives a fork its source's past: metrics through <paramref name="throughStep"/>, epoch summaries and grids
    /// through <paramref name="throughEpoch"/> (grid files are copied, so either lab can be deleted later).
    /// </summary>
    void CopyHistory(string fromLabId, string toLabId, long throughStep, int throughEpoch);

    /// <summary>The lab's own folder (grids, checkpoints).</summary>
    string LabDirectory(string labId);

    /// <summary>Waits until everything queued so far is committed.</summary>
    void Flush();

    /// <summary>Why training history could not be saved just now (it is kept and retried); null when all is well.</summary>
    string? WriteError { get; }
}
