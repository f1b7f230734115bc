using System.Collections.Concurrent;
using Lab.Contracts;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Lab.Server.Tests;

public class LabHubTests(LabServerFactory factory) : IClassFixture<LabServerFactory>
{
    private readonly LabApi _api = new(factory.CreateClient());

    private HubConnection Connect() => factory.ConnectHub();

    [Fact]
    public async Task A_watcher_receives_metrics_samples_and_status_until_the_lab_completes()
    {
        var created = await _api.CreateAsync(new { epochs = 2, seed = 9 });
        await using var hub = Connect();
        var metrics = new ConcurrentQueue<MetricPoint>();
        var samples = new ConcurrentQueue<SamplePoint>();
        var statuses = new ConcurrentQueue<LabStatus>();
        var completed = new TaskCompletionSource();
        hub.On<string, MetricPoint[]>("metrics", (id, points) =>
        {
            Assert.Equal(created.Id, id);
            foreach (var p in points) metrics.Enqueue(p);
        });
        hub.On<string, SamplePoint>("samples", (_, s) => samples.Enqueue(s));
        hub.On<string, LabView>("status", (_, lab) =>
        {
            statuses.Enqueue(lab.Status);
            if (lab.Status.IsFinal()) completed.TrySetResult();
        });
        await hub.StartAsync();

        var snapshot = await hub.InvokeAsync<LabView?>("Watch", created.Id);
        Assert.Equal(LabStatus.Created, snapshot?.Status);
        await _api.ControlAsync(created.Id, "start", created.ControlKey);
        await completed.Task.WaitAsync(LabApi.Patience);

        var lab = await _api.GetAsync(created.Id);
        Assert.Equal(LabStatus.Completed, lab.Status);
        Assert.Equal(Enumerable.Range(1, (int)lab.Step).Select(i => (long)i), metrics.Select(m => m.Step));
        Assert.Equal([0, 1, 2], samples.Select(s => s.Epoch));
        Assert.All(samples, s => Assert.Equal($"/api/labs/{created.Id}/samples/{s.Epoch}.png", s.Url));
        Assert.Equal([LabStatus.Queued, LabStatus.Running, LabStatus.Completed], statuses.Distinct());
    }

    [Fact]
    public async Task Watching_an_unknown_lab_returns_nothing_and_control_through_the_hub_needs_the_key()
    {
        var created = await _api.CreateAsync(new { epochs = 1 });
        await using var hub = Connect();
        await hub.StartAsync();

        Assert.Null(await hub.InvokeAsync<LabView?>("Watch", "no-such-lab"));
        var refused = await hub.InvokeAsync<ControlResult>("Start", created.Id, "wrong-key");
        Assert.Equal(ControlOutcome.Forbidden, refused.Outcome);
        Assert.Equal(LabStatus.Created, (await _api.GetAsync(created.Id)).Status);

        var accepted = await hub.InvokeAsync<ControlResult>("Start", created.Id, created.ControlKey);
        Assert.Equal(ControlOutcome.Done, accepted.Outcome);
        await _api.WaitForStatusAsync(created.Id, LabStatus.Completed);
    }

    [Fact]
    public async Task A_page_subscription_is_released_when_disposed()
    {
        var created = await _api.CreateAsync(new { epochs = 1 });
        using var scope = factory.Services.CreateScope();
        var labs = scope.ServiceProvider.GetRequiredService<ILabService>();
        var broadcaster = factory.Services.GetRequiredService<Live.LabBroadcaster>();
        var observer = new CountingObserver();

        var subscription = (await labs.JoinAsync(created.Id, observer))!.Subscription;
        Assert.Equal(1, broadcaster.ObserverCount(created.Id));
        labs.Control(created.Id, LabCommand.Start, created.ControlKey);
        await _api.WaitForStatusAsync(created.Id, LabStatus.Completed);
        await broadcaster.FlushAsync();
        Assert.True(observer.Points > 0);

        subscription.Dispose();
        Assert.Equal(0, broadcaster.ObserverCount(created.Id));
    }

    private sealed class CountingObserver : ILabObserver
    {
        public int Points;
        public Task OnMetricsAsync(string labId, IReadOnlyList<MetricPoint> points) { Interlocked.Add(ref Points, points.Count); return Task.CompletedTask; }
        public Task OnSampleAsync(string labId, SamplePoint sample) => Task.CompletedTask;
        public Task OnStatusAsync(string labId, LabView lab) => Task.CompletedTask;
    }
}
