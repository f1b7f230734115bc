using System.Collections.Concurrent;
using Lab.Contracts;
using Lab.Server.Hubs;
using Lab.Server.Options;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Lab.Server.Live;

/// <summary>
/// Fans a lab's events out to hub viewers (<see cref="HubViewers"/>) and in-process page observers, waiting for
/// neither. The training thread only enqueues; a timer
/// drains the queue a few times a second and sends consecutive step metrics as one message, so a fast run never
/// floods viewers and a slow viewer never holds up training. Order within a lab is kept.
/// Joining a lab is serialised with that lab's flush (<see cref="JoinAsync"/>), which is what lets a late viewer get
/// history and live stream with no gap and no duplicate between them.
/// </summary>
public sealed class LabBroadcaster(IHubContext<LabHub> hub, HubViewers viewers, IOptions<LabOptions> options, ILogger<LabBroadcaster> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, LabChannel> _channels = new();
    private readonly ConcurrentDictionary<string, ImmutableObservers> _observers = new();

    /// <summary>
    /// Stores a step's metrics (through <paramref name="persist"/>) and queues it for viewers as one atomic act, as
    /// <see cref="JoinAsync"/> needs. Both are in-memory enqueues, so the training thread never waits here.
    /// </summary>
    public void PublishMetrics(string labId, MetricPoint point, Action persist) => Channel(labId).Publish(new LabEvent.Metrics(point), persist);
    public void PublishSample(string labId, SamplePoint sample, Action persist) => Channel(labId).Publish(new LabEvent.Sample(sample), persist);
    public void PublishStatus(string labId, LabView lab) => Channel(labId).Pending.Enqueue(new LabEvent.Status(lab));

    /// <summary>
    /// Joins a lab's stream with its history and no gap or duplicate between them. Between two flushes of the lab:
    /// <paramref name="join"/> (register a hub connection, or subscribe a page), then
    /// <paramref name="readHistory"/> (the store), then a look at what is queued. Every stored point was queued with
    /// its storing, so a stored point is either already sent (history) or still queued (it will come live, and is
    /// cut from the history here); a point stored after the read comes live.
    /// </summary>
    public async Task<(IReadOnlyList<MetricPoint> Metrics, IReadOnlyList<SamplePoint> Samples)> JoinAsync(
        string labId, Action join, Func<(IReadOnlyList<MetricPoint>, IReadOnlyList<SamplePoint>)> readHistory)
    {
        var channel = Channel(labId);
        await channel.Gate.WaitAsync();
        try
        {
            join();
            var (metrics, samples) = readHistory();
            var (firstStep, firstEpoch) = channel.FirstQueued();
            return (metrics.Where(p => firstStep is not { } s || p.Step < s).ToList(),
                    samples.Where(g => firstEpoch is not { } e || g.Epoch < e).ToList());
        }
        finally
        {
            channel.Gate.Release();
        }
    }

    public IDisposable Subscribe(string labId, ILabObserver observer)
    {
        _observers.AddOrUpdate(labId, _ => new ImmutableObservers([observer]), (_, o) => o.With(observer));
        return new Subscription(() => _observers.AddOrUpdate(labId, _ => new ImmutableObservers([]), (_, o) => o.Without(observer)));
    }

    /// <summary>Page observers currently following a lab (tests check that closing a page releases its own).</summary>
    public int ObserverCount(string labId) => _observers.TryGetValue(labId, out var o) ? o.Items.Count : 0;

    private LabChannel Channel(string labId) => _channels.GetOrAdd(labId, _ => new LabChannel());

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.Value.MetricsFlushMilliseconds));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await FlushAsync();
        }
        catch (OperationCanceledException) { }
        await FlushAsync();
    }

    /// <summary>Sends everything queued so far. Public so a test can flush without waiting for the timer.</summary>
    public async Task FlushAsync()
    {
        foreach (var (labId, channel) in _channels)
        {
            await channel.Gate.WaitAsync();
            try
            {
                var batch = new List<MetricPoint>();
                while (channel.Pending.TryDequeue(out var next))
                {
                    if (next is LabEvent.Metrics m) { batch.Add(m.Point); continue; }
                    SendMetrics(labId, batch);
                    batch = [];
                    Send(labId, next);
                }
                SendMetrics(labId, batch);
            }
            finally
            {
                channel.Gate.Release();
            }
        }
    }

    private void SendMetrics(string labId, List<MetricPoint> batch)
    {
        if (batch.Count == 0) return;
        Deliver(labId, "metrics", batch, o => o.OnMetricsAsync(labId, batch));
    }

    private void Send(string labId, LabEvent e)
    {
        switch (e)
        {
            case LabEvent.Sample s: Deliver(labId, "samples", s.Point, o => o.OnSampleAsync(labId, s.Point)); break;
            case LabEvent.Status s: Deliver(labId, "status", s.Lab, o => o.OnStatusAsync(labId, s.Lab)); break;
        }
    }

    private void Deliver(string labId, string method, object payload, Func<ILabObserver, Task> toObserver)
    {
        foreach (var viewer in viewers.Of(labId))
        {
            if (viewer.WaitingLongerThan(viewers.SlowViewerLimit))
            {
                logger.LogWarning("A viewer of lab {LabId} has not taken a message for {Seconds} s: disconnecting it", labId, viewers.SlowViewerLimit.TotalSeconds);
                viewers.Remove(labId, viewer.ConnectionId);
                viewer.Disconnect();
                continue;
            }
            try
            {
                viewer.Track(hub.Clients.Client(viewer.ConnectionId).SendAsync(method, labId, payload));
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Sending {Method} for lab {LabId} to a hub viewer failed", method, labId);
            }
        }
        if (!_observers.TryGetValue(labId, out var observers)) return;
        // Not awaited either: a page's update ends in a JS call to its browser, and a browser that has gone without
        // closing its connection would hold every lab's stream for the JS call timeout. A page keeps its own order
        // (its updates run one after another on its circuit's dispatcher).
        foreach (var observer in observers.Items)
        {
            Task update;
            try { update = toObserver(observer); }
            catch (Exception e) { update = Task.FromException(e); }
            if (!update.IsCompletedSuccessfully)
                _ = update.ContinueWith(t => logger.LogWarning(t.Exception, "A page observer of lab {LabId} failed on {Method}", labId, method),
                    CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    private sealed class LabChannel
    {
        private readonly Lock _publishing = new();

        public ConcurrentQueue<LabEvent> Pending { get; } = new();

        /// <summary>Held by a flush and by a join, never by training.</summary>
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public void Publish(LabEvent e, Action persist)
        {
            lock (_publishing)
            {
                persist();
                Pending.Enqueue(e);
            }
        }

        /// <summary>The first queued step and grid epoch; taken under the publishing lock so no store is half done.</summary>
        public (long? Step, int? Epoch) FirstQueued()
        {
            lock (_publishing)
            {
                long? step = null;
                int? epoch = null;
                foreach (var e in Pending)
                {
                    if (e is LabEvent.Metrics m) step ??= m.Point.Step;
                    if (e is LabEvent.Sample s) epoch ??= s.Point.Epoch;
                }
                return (step, epoch);
            }
        }
    }

    private abstract record LabEvent
    {
        public sealed record Metrics(MetricPoint Point) : LabEvent;
        public sealed record Sample(SamplePoint Point) : LabEvent;
        public sealed record Status(LabView Lab) : LabEvent;
    }

    /// <summary>Copy-on-write list: the flush loop iterates a snapshot while pages come and go.</summary>
    private sealed record ImmutableObservers(IReadOnlyList<ILabObserver> Items)
    {
        public ImmutableObservers With(ILabObserver o) => new([.. Items, o]);
        public ImmutableObservers Without(ILabObserver o) => new(Items.Where(i => !ReferenceEquals(i, o)).ToList());
    }

    private sealed class Subscription(Action release) : IDisposable
    {
        private int _disposed;
        public void Dispose() { if (Interlocked.Exchange(ref _disposed, 1) == 0) release(); }
    }
}
