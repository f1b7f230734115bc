using System.Net;
using System.Net.Http.Json;
using Lab.Contracts;

namespace Lab.Server.Tests.Sharing;

public class ForkTests(LabServerFactory factory) : IClassFixture<LabServerFactory>
{
    private readonly LabApi _api = new(factory.CreateClient());

    private async Task<(CreatedLab Created, HttpResponseMessage Response)> ForkAsync(string id, object body)
    {
        var response = await _api.Http.PostAsJsonAsync($"/api/labs/{id}/fork", body, LabApi.Json);
        return (response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<CreatedLab>(LabApi.Json))! : null!, response);
    }

    [Fact]
    public async Task A_fork_from_a_checkpoint_continues_where_its_source_was_with_its_history()
    {
        var source = await _api.CreateAsync(new { epochs = 2, name = "Teacher's run" });
        await _api.ControlAsync(source.Id, "start", source.ControlKey);
        var done = await _api.WaitForStatusAsync(source.Id, LabStatus.Completed);

        // No key of the source: a viewer forks.
        var (fork, response) = await ForkAsync(source.Id, new { fromCheckpoint = true, epochs = 3 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.NotEqual(source.ControlKey, fork.ControlKey);
        var forked = await _api.GetAsync(fork.Id);
        Assert.Equal("Teacher's run (fork)", forked.Name);
        Assert.Equal(source.Id, forked.ForkedFrom);
        Assert.Equal(done.Step, forked.ForkedAtStep);
        Assert.Equal(done.Step, forked.Step);
        Assert.Equal(done.Step, forked.CheckpointStep);
        Assert.Equal(LabStatus.Created, forked.Status);
        Assert.Equal(3, forked.Config.Epochs);
        var sourceMetrics = await _api.Http.GetFromJsonAsync<MetricPoint[]>($"/api/labs/{source.Id}/metrics", LabApi.Json);
        var copied = await _api.Http.GetFromJsonAsync<MetricPoint[]>($"/api/labs/{fork.Id}/metrics", LabApi.Json);
        Assert.Equal(sourceMetrics!.Select(p => p.Step), copied!.Select(p => p.Step));
        var grids = await _api.Http.GetFromJsonAsync<SamplePoint[]>($"/api/labs/{fork.Id}/samples", LabApi.Json);
        Assert.Equal([0, 1, 2], grids!.Select(g => g.Epoch));
        Assert.Equal(await _api.Http.GetByteArrayAsync($"/api/labs/{source.Id}/samples/2.png"), await _api.Http.GetByteArrayAsync(grids![2].Url));

        // The source's key does not control the fork; the fork's does, and it trains only the third epoch.
        Assert.Equal(HttpStatusCode.Forbidden, (await _api.ControlAsync(fork.Id, "start", source.ControlKey)).StatusCode);
        await _api.ControlAsync(fork.Id, "start", fork.ControlKey);
        var finished = await _api.WaitForStatusAsync(fork.Id, LabStatus.Completed);
        Assert.Equal(done.Step + done.StepsPerEpoch, finished.Step);
        var all = (await _api.Http.GetFromJsonAsync<MetricPoint[]>($"/api/labs/{fork.Id}/metrics", LabApi.Json))!;
        Assert.Equal(Enumerable.Range(1, (int)finished.Step).Select(s => (long)s), all.Select(p => p.Step));
        Assert.Equal(3, all[^1].Epoch);
        // The source is untouched.
        Assert.Equal(done.Step, (await _api.GetAsync(source.Id)).Step);
    }

    [Fact]
    public async Task A_fork_without_a_checkpoint_starts_fresh_and_bad_forks_say_why()
    {
        var source = await _api.CreateAsync(new { epochs = 1, batchSize = 32, seed = 5 });
        var (fresh, response) = await ForkAsync(source.Id, new { });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var view = await _api.GetAsync(fresh.Id);
        Assert.Equal(32, view.Config.BatchSize);
        Assert.Equal(5, view.Config.Seed);
        Assert.Null(view.ForkedAtStep);
        Assert.Equal(0, view.Step);

        var (_, noCheckpoint) = await ForkAsync(source.Id, new { fromCheckpoint = true });
        Assert.Equal(HttpStatusCode.BadRequest, noCheckpoint.StatusCode);
        Assert.Contains("no checkpoint yet", await noCheckpoint.Content.ReadAsStringAsync());
        var (_, missing) = await ForkAsync("no-such-lab", new { });
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var (_, badEpochs) = await ForkAsync(source.Id, new { epochs = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, badEpochs.StatusCode);
        Assert.Contains("epochs", await badEpochs.Content.ReadAsStringAsync());

        await _api.ControlAsync(source.Id, "start", source.ControlKey);
        await _api.WaitForStatusAsync(source.Id, LabStatus.Completed);
        var (_, nothingLeft) = await ForkAsync(source.Id, new { fromCheckpoint = true });
        Assert.Equal(HttpStatusCode.BadRequest, nothingLeft.StatusCode);
        Assert.Contains("more epochs", await nothingLeft.Content.ReadAsStringAsync());
    }
}
