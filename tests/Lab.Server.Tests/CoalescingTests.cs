using System.Collections.Concurrent;
using Lab.Contracts;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Lab.Server.Tests;

public class CoalescingTests(ManualFlushServerFactory factory) : IClassFixture<ManualFlushServerFactory>
{
    private readonly LabApi _api = new(factory.CreateClient());

    [Fact]
    public async Task Steps_published_between_two_flushes_reach_a_watcher_as_one_message_in_order()
    {
        var created = await _api.CreateAsync(new { epochs = 1 });
        var broadcaster = factory.Services.GetRequiredService<Live.LabBroadcaster>();
        await using var hub = factory.ConnectHub();
        var messages = new ConcurrentQueue<MetricPoint[]>();
        hub.On<string, MetricPoint[]>("metrics", (_, points) => messages.Enqueue(points));
        await hub.StartAsync();
        await hub.InvokeAsync<LabView?>("Watch", created.Id);

        // However fast training runs, viewers get one message per flush carrying every step since the last.
        await broadcaster.FlushAsync();
        for (int step = 1; step <= 50; step++) broadcaster.PublishMetrics(created.Id, new MetricPoint(step, 1, 1, 1, 0.5, 0.5, step), persist: () => { });
        await broadcaster.FlushAsync();

        var deadline = DateTime.UtcNow + LabApi.Patience;
        while (messages.IsEmpty && DateTime.UtcNow < deadline) await Task.Delay(20);
        var message = Assert.Single(messages);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), message.Select(p => p.Step));
    }

}
