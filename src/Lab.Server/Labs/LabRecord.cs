using Lab.Contracts;

namespace Lab.Server.Labs;

/// <summary>
/// The live state of one lab. Mutated by the training observer and by control requests on different threads, so
/// every change goes through <see cref="Update"/> under the record's lock and readers take a <see cref="ToView"/> copy.
/// </summary>
public sealed class LabRecord(string id, string name, LabConfig config, string controlKeyHash, DateTimeOffset createdAt)
{
    private readonly Lock _lock = new();

    public string Id { get; } = id;
    public string Name { get; } = name;
    public LabConfig Config { get; } = config;
    public string ControlKeyHash { get; private set; } = controlKeyHash;
    public DateTimeOffset CreatedAt { get; } = createdAt;

    /// <summary>The lab this one was forked from, and the checkpoint step it branched at (null: fresh weights).</summary>
    public string? ForkedFrom { get; init; }
    public long? ForkedAtStep { get; init; }

    public LabStatus Status { get; private set; } = LabStatus.Created;
    public int Epoch { get; private set; }
    public long Step { get; private set; }
    public int StepsPerEpoch { get; private set; }
    public string? Device { get; private set; }
    public string? Error { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; } = createdAt;
    public double? StepsPerSecond { get; private set; }
    public int? QueuePosition { get; private set; }
    public string? Notice { get; private set; }
    public long? CheckpointStep { get; private set; }

    /// <summary>A lab read back from storage, with the state it was saved in.</summary>
    public static LabRecord Restore(string id, string name, LabConfig config, string controlKeyHash, DateTimeOffset createdAt,
        DateTimeOffset updatedAt, Action<Mutable> state, string? forkedFrom = null, long? forkedAtStep = null)
    {
        var lab = new LabRecord(id, name, config, controlKeyHash, createdAt) { ForkedFrom = forkedFrom, ForkedAtStep = forkedAtStep };
        state(new Mutable(lab));
        lab.UpdatedAt = updatedAt;
        return lab;
    }

    public LabView Update(Action<Mutable> change)
    {
        lock (_lock)
        {
            var mutable = new Mutable(this);
            change(mutable);
            UpdatedAt = DateTimeOffset.UtcNow;
            return ViewUnlocked();
        }
    }

    public LabView ToView()
    {
        lock (_lock) return ViewUnlocked();
    }

    private LabView ViewUnlocked()
    {
        double? eta = null;
        if (StepsPerSecond is > 0 && Status == LabStatus.Running && StepsPerEpoch > 0)
            eta = Math.Max(0, (long)StepsPerEpoch * Config.Epochs - Step) / StepsPerSecond.Value;
        return new LabView(Id, Name, Config, Status, Epoch, Step, StepsPerEpoch, Device, Error, CreatedAt, UpdatedAt,
            Status == LabStatus.Queued ? QueuePosition : null, StepsPerSecond, eta, Notice, CheckpointStep, ForkedFrom, ForkedAtStep);
    }

    /// <summary>The setters, handed out only inside <see cref="Update"/>'s lock.</summary>
    public readonly struct Mutable(LabRecord record)
    {
        public LabStatus Status { get => record.Status; set => record.Status = value; }
        public int Epoch { set => record.Epoch = value; }
        public long Step { set => record.Step = value; }
        public int StepsPerEpoch { set => record.StepsPerEpoch = value; }
        public string? Device { set => record.Device = value; }
        public string? Error { set => record.Error = value; }
        public double? StepsPerSecond { set => record.StepsPerSecond = value; }
        public int? QueuePosition { set => record.QueuePosition = value; }
        public string? Notice { get => record.Notice; set => record.Notice = value; }
        public long? CheckpointStep { get => record.CheckpointStep; set => record.CheckpointStep = value; }
        public string ControlKeyHash { set => record.ControlKeyHash = value; }
    }
}
