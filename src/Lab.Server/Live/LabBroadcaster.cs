using System.Collections.Concurrent;
using Lab.Contracts;
using Lab.Server.Hubs;
using Lab.Server.Options;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Lab.Server.Live;

/// <summary>
/// Fans a lab's events out to hub groups and in-process page observers. The training thread only enqueues; a timer
/// drains the queue a few times a second and sends consecutive step metrics as one message, so a fast run never
/// floods viewers and a slow viewer never holds up training. Order within a lab is kept.
/// </summary>
public sealed class LabBroadcaster(IHubContext<LabHub> hub, IOptions<LabOptions> options, ILogger<LabBroadcaster> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<LabEvent>> _pending = new();
    private readonly ConcurrentDictionary<string, ImmutableObservers> _observers = new();

    public void PublishMetrics(string labId, MetricPoint point) => Queue(labId).Enqueue(new LabEvent.Metrics(point));
    public void PublishSample(string labId, SamplePoint sample) => Queue(labId).Enqueue(new LabEvent.Sample(sample));
    public void PublishStatus(string labId, LabView lab) => Queue(labId).Enqueue(new LabEvent.Status(lab));

    public IDisposable Subscribe(string labId, ILabObserver observer)
    {
        _observers.AddOrUpdate(labId, _ => new ImmutableObservers([observer]), (_, o) => o.With(observer));
        return new Subscription(() => _observers.AddOrUpdate(labId, _ => new ImmutableObservers([]), (_, o) => o.Without(observer)));
    }

    /// <summary>Page observers currently following a lab (tests check that closing a page releases its own).</summary>
    public int ObserverCount(string labId) => _observers.TryGetValue(labId, out var o) ? o.Items.Count : 0;

    private ConcurrentQueue<LabEvent> Queue(string labId) => _pending.GetOrAdd(labId, _ => new ConcurrentQueue<LabEvent>());

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
        foreach (var (labId, queue) in _pending)
        {
            var batch = new List<MetricPoint>();
            while (queue.TryDequeue(out var next))
            {
                if (next is LabEvent.Metrics m) { batch.Add(m.Point); continue; }
                await SendMetricsAsync(labId, batch);
                batch = [];
                await SendAsync(labId, next);
            }
            await SendMetricsAsync(labId, batch);
        }
    }

    private async Task SendMetricsAsync(string labId, List<MetricPoint> batch)
    {
        if (batch.Count == 0) return;
        await Deliver(labId, "metrics", batch, o => o.OnMetricsAsync(labId, batch));
    }

    private Task SendAsync(string labId, LabEvent e) => e switch
    {
        LabEvent.Sample s => Deliver(labId, "samples", s.Point, o => o.OnSampleAsync(labId, s.Point)),
        LabEvent.Status s => Deliver(labId, "status", s.Lab, o => o.OnStatusAsync(labId, s.Lab)),
        _ => Task.CompletedTask,
    };

    private async Task Deliver(string labId, string method, object payload, Func<ILabObserver, Task> toObserver)
    {
        try
        {
            await hub.Clients.Group(LabHub.GroupName(labId)).SendAsync(method, labId, payload);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Sending {Method} for lab {LabId} to hub viewers failed", method, labId);
        }
        if (!_observers.TryGetValue(labId, out var observers)) return;
        foreach (var observer in observers.Items)
        {
            try { await toObserver(observer); }
            catch (Exception e) { logger.LogWarning(e, "A page observer of lab {LabId} failed on {Method}", labId, method); }
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
