using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Lab.Contracts;

namespace Lab.Server.Tests.Restart;

/// <summary>
/// The real server process killed or stopped mid-run and started again on the same data directory: every lab comes
/// back with its history, and a resumed lab continues from its last checkpoint.
/// </summary>
public sealed class RestartRecoveryTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("lab-restart-").FullName;

    [Fact]
    public async Task A_server_killed_mid_epoch_comes_back_with_the_lab_paused_its_history_and_grids_and_resumes_from_the_checkpoint()
    {
        CreatedLab created;
        List<MetricPoint> seenBeforeKill;
        long checkpointStep;
        await using (var first = await ServerProcess.StartAsync(_data))
        {
            var api = Api(first);
            created = await api.CreateAsync(new { epochs = 500, seed = 4, name = "killed" });
            await api.ControlAsync(created.Id, "start", created.ControlKey);
            var running = await api.WaitUntilAsync(created.Id, l => l.CheckpointStep >= 60 && l.Step > l.CheckpointStep + 3);
            checkpointStep = running.CheckpointStep!.Value;
            await Task.Delay(400); // let the store commit a little past the checkpoint, so there is something to discard
            seenBeforeKill = await Metrics(api, created.Id);
            await first.KillAsync();
        }

        var clock = Stopwatch.StartNew();
        await using var second = await ServerProcess.StartAsync(_data);
        var again = Api(second);
        var lab = await again.GetAsync(created.Id);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"answered after {clock.Elapsed}");

        Assert.Equal(LabStatus.Paused, lab.Status);
        Assert.Contains("Interrupted", lab.Notice);
        Assert.True(lab.CheckpointStep >= checkpointStep, $"checkpoint {lab.CheckpointStep} < {checkpointStep}");
        Assert.Contains(lab.Id, (await again.Http.GetFromJsonAsync<List<LabView>>("/api/labs", LabApi.Json))!.Select(l => l.Id));

        // What was committed before the kill is all there, contiguous from step 1, and equal to what viewers saw.
        var restored = await Metrics(again, created.Id);
        Assert.Equal(Enumerable.Range(1, restored.Count).Select(i => (long)i), restored.Select(m => m.Step));
        Assert.True(restored.Count >= lab.CheckpointStep, "metrics up to the checkpoint survive");
        Assert.Equal(seenBeforeKill.Take(restored.Count).Select(m => m.GLoss), restored.Select(m => m.GLoss));
        var samples = (await again.Http.GetFromJsonAsync<List<SamplePoint>>($"/api/labs/{created.Id}/samples", LabApi.Json))!;
        Assert.Equal(0, samples[0].Epoch);
        Assert.True(samples.Count >= 3);
        foreach (var sample in samples)
        {
            var png = await again.Http.GetByteArrayAsync(sample.Url);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        }

        // Resume: the run continues after the checkpoint's step; the steps recorded after it before the kill are
        // replaced, not duplicated.
        var resumed = await again.ControlAsync(created.Id, "resume", created.ControlKey);
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        var continuing = await again.WaitUntilAsync(created.Id, l => l.Status == LabStatus.Running && l.Step > restored.Count + 30);
        await again.ControlAsync(created.Id, "stop", created.ControlKey);
        await again.WaitForStatusAsync(created.Id, LabStatus.Stopped);
        var all = await Metrics(again, created.Id);
        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => (long)i), all.Select(m => m.Step));
        Assert.True(all.Count > continuing.Step - 1);
        var resumedFrom = lab.CheckpointStep!.Value;
        // Before the checkpoint nothing changed; after it, a new future was trained from the restored state.
        Assert.Equal(restored.Take((int)resumedFrom).Select(m => m.GLoss), all.Take((int)resumedFrom).Select(m => m.GLoss));
        Assert.Contains(second.Output, line => line.Contains("interrupted", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_graceful_shutdown_checkpoints_the_running_lab_where_it_is_and_a_restart_resumes_at_the_next_step()
    {
        CreatedLab created;
        await using (var first = await ServerProcess.StartAsync(_data))
        {
            var api = Api(first);
            created = await api.CreateAsync(new { epochs = 500, seed = 5, checkpointEvery = 1000 });
            await api.ControlAsync(created.Id, "start", created.ControlKey);
            await api.WaitUntilAsync(created.Id, l => l.Step > 45);
            await first.TerminateAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, first.ExitCode);
        }

        await using var second = await ServerProcess.StartAsync(_data);
        var again = Api(second);
        var lab = await again.GetAsync(created.Id);
        var recorded = await Metrics(again, created.Id);
        var stepAtShutdown = recorded.Last().Step;
        Assert.Equal(LabStatus.Paused, lab.Status);
        // No epoch checkpoint was due (every 1000 epochs): this one was written on the way down, at the last step
        // trained, and every metric up to it was committed before the process exited.
        Assert.Equal(stepAtShutdown, lab.CheckpointStep);
        Assert.Equal(Enumerable.Range(1, recorded.Count).Select(i => (long)i), recorded.Select(m => m.Step));
        Assert.Contains($"Interrupted at step {stepAtShutdown}", lab.Notice);

        await again.ControlAsync(created.Id, "resume", created.ControlKey);
        await again.WaitUntilAsync(created.Id, l => l.Step > stepAtShutdown + 2);
        await again.ControlAsync(created.Id, "stop", created.ControlKey);
        await again.WaitForStatusAsync(created.Id, LabStatus.Stopped);
        var all = await Metrics(again, created.Id);
        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => (long)i), all.Select(m => m.Step));
        Assert.Equal(recorded.Select(m => m.GLoss), all.Take(recorded.Count).Select(m => m.GLoss));
    }

    [Fact]
    public async Task With_resume_interrupted_labs_on_a_killed_lab_trains_on_by_itself_after_the_restart()
    {
        CreatedLab created;
        await using (var first = await ServerProcess.StartAsync(_data))
        {
            var api = Api(first);
            created = await api.CreateAsync(new { epochs = 500, seed = 6 });
            await api.ControlAsync(created.Id, "start", created.ControlKey);
            await api.WaitUntilAsync(created.Id, l => l.CheckpointStep >= 30);
            await first.KillAsync();
        }

        await using var second = await ServerProcess.StartAsync(_data, "--Lab:ResumeInterruptedLabs=true");
        var again = Api(second);
        var checkpoint = (await again.GetAsync(created.Id)).CheckpointStep!.Value;
        var running = await again.WaitUntilAsync(created.Id, l => l.Status == LabStatus.Running && l.Step > checkpoint + 5);
        Assert.Null(running.Notice);
        await again.ControlAsync(created.Id, "stop", created.ControlKey);
        await again.WaitForStatusAsync(created.Id, LabStatus.Stopped);
        var history = await again.Http.GetStringAsync($"/api/labs/{created.Id}/history");
        Assert.Contains("interrupted by a server restart", history);
    }

    private static LabApi Api(ServerProcess server) => new(new HttpClient { BaseAddress = server.BaseUrl });

    private static async Task<List<MetricPoint>> Metrics(LabApi api, string id) =>
        (await api.Http.GetFromJsonAsync<List<MetricPoint>>($"/api/labs/{id}/metrics", LabApi.Json))!;

    public void Dispose()
    {
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }
}
