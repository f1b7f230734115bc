using System.Net.Http.Json;
using System.Text.Json;
using Lab.Contracts;
using Microsoft.AspNetCore.SignalR.Client;

namespace Lab.Server.Tests.Sharing;

/// <summary>A viewer who joins a running lab late gets history plus live stream: the whole record, nothing twice.</summary>
public class LateJoinTests(LabServerFactory factory) : IClassFixture<LabServerFactory>
{
    private readonly LabApi _api = new(factory.CreateClient());

    private sealed record Joined(LabView Lab, MetricPoint[] Metrics, SamplePoint[] Samples);

    [Theory]
    [InlineData(0)]
    [InlineData(25)]
    public async Task A_late_viewer_gets_history_then_live_with_no_gap_and_no_duplicate(int maxPoints)
    {
        var created = await _api.CreateAsync(new { epochs = 6 });
        await _api.ControlAsync(created.Id, "start", created.ControlKey);
        await _api.WaitUntilAsync(created.Id, l => l.Step >= 40, "not at step 40");

        await using var hub = factory.ConnectHub();
        var live = new List<MetricPoint>();
        var liveGrids = new List<SamplePoint>();
        hub.On<string, MetricPoint[]>("metrics", (_, points) => { lock (live) live.AddRange(points); });
        hub.On<string, SamplePoint>("samples", (_, sample) => { lock (liveGrids) liveGrids.Add(sample); });
        await hub.StartAsync();
        var joined = await hub.InvokeAsync<Joined>("Join", created.Id, maxPoints);
        Assert.True(joined.Metrics.Length > 0, "joined mid-run");
        Assert.Equal(LabStatus.Running, joined.Lab.Status);

        var finished = await _api.WaitForStatusAsync(created.Id, LabStatus.Completed);
        await LabApi.UntilAsync(() => { lock (live) return live.Count > 0 && live[^1].Step == finished.Step; }, "the last step reached the viewer");

        var record = (await _api.Http.GetFromJsonAsync<MetricPoint[]>($"/api/labs/{created.Id}/metrics", LabApi.Json))!;
        MetricPoint[] liveSteps;
        lock (live) liveSteps = [.. live];
        // The seam: live starts exactly after the last point of the history.
        Assert.Equal(joined.Metrics[^1].Step + 1, liveSteps[0].Step);
        if (maxPoints == 0)
            Assert.Equal(record.Select(p => p.Step), joined.Metrics.Concat(liveSteps).Select(p => p.Step));
        else
        {
            Assert.Equal(maxPoints, joined.Metrics.Length);
            Assert.Equal(record.Where(p => p.Step > joined.Metrics[^1].Step).Select(p => p.Step), liveSteps.Select(p => p.Step));
            Assert.Equal(record[0].Step, joined.Metrics[0].Step);
            // Downsampled points are real ones, not averages.
            Assert.All(joined.Metrics, p => Assert.Equal(record.Single(r => r.Step == p.Step), p));
        }
        Assert.All(liveSteps, p => Assert.InRange(p.WallTime, DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1));
        // Every grid, each once: epoch 0 (before training) to the last.
        await Task.Delay(300);
        SamplePoint[] grids;
        lock (liveGrids) grids = [.. joined.Samples, .. liveGrids];
        Assert.Equal(Enumerable.Range(0, 7), grids.Select(g => g.Epoch));
    }
}
