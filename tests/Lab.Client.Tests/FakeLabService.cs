using Lab.Contracts;

namespace Lab.Client.Tests;

/// <summary>An in-memory lab host for page tests: records what the pages ask and lets a test push observer calls.</summary>
public sealed class FakeLabService : ILabService
{
    public const string Key = "the-key";

    public List<DatasetInfo> DatasetList { get; } =
    [
        new("mnist", "MNIST", 28, 1, 60_000, Available: false, "Not downloaded: run tools/fetch-mnist."),
        new("fashion-mnist", "Fashion-MNIST", 28, 1, 60_000, Available: true, "Zalando's clothes, offline copy.", IsDefault: true),
        new("emoji", "Noto emoji", 32, 3, 1_911, Available: true, "1,911 emoji, 32×32."),
    ];

    public Dictionary<string, LabView> Labs { get; } = [];
    public Dictionary<string, List<MetricPoint>> MetricsOf { get; } = [];
    public Dictionary<string, List<SamplePoint>> SamplesOf { get; } = [];
    public List<CreateLabRequest> CreateRequests { get; } = [];
    public List<(string Id, LabCommand Command, string? Key)> Commands { get; } = [];
    public List<Subscription> Subscriptions { get; } = [];

    /// <summary>What Create does; by default it answers a new lab with the usual URLs.</summary>
    public Func<CreateLabRequest, CreatedLab> OnCreate { get; set; } =
        _ => new CreatedLab("lab42", "/labs/lab42", "/labs/lab42/control?key=k42", "k42");

    /// <summary>What Control answers; by default Done with the lab as it is.</summary>
    public Func<string, LabCommand, string?, ControlResult>? OnControl { get; set; }

    public IReadOnlyList<DatasetInfo> Datasets() => DatasetList;
    public IReadOnlyList<LabView> List() => Labs.Values.ToList();
    public LabView? Get(string id) => Labs.GetValueOrDefault(id);

    public CreatedLab Create(CreateLabRequest request)
    {
        CreateRequests.Add(request);
        return OnCreate(request);
    }

    public ControlResult Control(string id, LabCommand command, string? controlKey)
    {
        Commands.Add((id, command, controlKey));
        if (OnControl is not null) return OnControl(id, command, controlKey);
        if (!CanControl(id, controlKey)) return new ControlResult(ControlOutcome.Forbidden);
        return new ControlResult(ControlOutcome.Done, Lab: Labs[id]);
    }

    public bool CanControl(string id, string? controlKey) => Labs.ContainsKey(id) && controlKey == _currentKey;

    // Rotation retires the key, as the server does.
    private string _currentKey = Key;

    public List<(string Id, ForkLabRequest Request)> ForkRequests { get; } = [];

    /// <summary>What Fork does; by default a new lab with the usual URLs.</summary>
    public Func<string, ForkLabRequest, CreatedLab?> OnFork { get; set; } =
        (id, _) => new CreatedLab("fork1", "/labs/fork1", "/labs/fork1/control?key=kf", "kf");

    public CreatedLab? Fork(string sourceId, ForkLabRequest request)
    {
        ForkRequests.Add((sourceId, request));
        return OnFork(sourceId, request);
    }

    public List<string> Rotations { get; } = [];

    public KeyRotation RotateKey(string id, string? controlKey)
    {
        if (!CanControl(id, controlKey)) return new KeyRotation(ControlOutcome.Forbidden, "needs the key");
        Rotations.Add(id);
        _currentKey = "rotated";
        return new KeyRotation(ControlOutcome.Done, null, new CreatedLab(id, $"/labs/{id}", $"/labs/{id}/control?key=rotated", "rotated"));
    }

    public IReadOnlyList<MetricPoint> Metrics(string id, long fromStep = 0, int maxPoints = 0) =>
        MetricsOf.GetValueOrDefault(id, []).Where(p => p.Step >= fromStep).ToList();

    public IReadOnlyList<SamplePoint> Samples(string id) => SamplesOf.GetValueOrDefault(id, []);

    public Task<LabJoin?> JoinAsync(string id, ILabObserver observer, int maxPoints = LabJoin.DefaultMaxPoints)
    {
        if (Get(id) is not { } lab) return Task.FromResult<LabJoin?>(null);
        var subscription = new Subscription(id, observer);
        Subscriptions.Add(subscription);
        return Task.FromResult<LabJoin?>(new LabJoin(lab, Metrics(id), Samples(id), subscription));
    }

    public sealed class Subscription(string labId, ILabObserver observer) : IDisposable
    {
        public string LabId { get; } = labId;
        public ILabObserver Observer { get; } = observer;
        public bool Disposed { get; private set; }
        public void Dispose() => Disposed = true;
    }

    public static LabView NewLab(string id = "lab1", LabStatus status = LabStatus.Created, int epoch = 0, long step = 0,
        string? device = null, string? error = null, double? stepsPerSecond = null, double? etaSeconds = null) =>
        new(id, "Fashion run", new LabConfig("fashion-mnist", 50, 64, 1e-4, 100, 7, 1, 1), status, epoch, step,
            StepsPerEpoch: 937, device, error, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch,
            StepsPerSecond: stepsPerSecond, EtaSeconds: etaSeconds);

    public static MetricPoint Point(long step) => new(step, 1 + (int)(step / 937), 2.0 - step * 1e-4, 1.2, 0.7, 0.3, step * 0.45);
}
