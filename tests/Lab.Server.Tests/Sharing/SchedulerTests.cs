using Lab.Contracts;

namespace Lab.Server.Tests.Sharing;

/// <summary>One training slot on a CPU: the others wait in order, and pausing frees the slot.</summary>
public class SchedulerTests(LabServerFactory factory) : IClassFixture<LabServerFactory>
{
    private readonly LabApi _api = new(factory.CreateClient());

    [Fact]
    public async Task Labs_wait_their_turn_and_a_pause_hands_the_slot_on()
    {
        var first = await _api.CreateAsync(new { epochs = 300, name = "first" });
        var second = await _api.CreateAsync(new { epochs = 300, name = "second" });
        var third = await _api.CreateAsync(new { epochs = 1, name = "third" });
        await _api.ControlAsync(first.Id, "start", first.ControlKey);
        await _api.WaitUntilAsync(first.Id, l => l.Status == LabStatus.Running && l.Step > 5, "not training");
        await _api.ControlAsync(second.Id, "start", second.ControlKey);
        await _api.ControlAsync(third.Id, "start", third.ControlKey);
        Assert.Equal(1, (await _api.GetAsync(second.Id)).QueuePosition);
        Assert.Equal(2, (await _api.GetAsync(third.Id)).QueuePosition);
        Assert.Equal(LabStatus.Queued, (await _api.GetAsync(third.Id)).Status);

        // Pausing the first gives its slot to the next in line; the third moves up.
        await _api.ControlAsync(first.Id, "pause", first.ControlKey);
        var paused = await _api.WaitForStatusAsync(first.Id, LabStatus.Paused);
        Assert.Null(paused.Notice);
        Assert.Equal(paused.Step, paused.CheckpointStep);
        await _api.WaitForStatusAsync(second.Id, LabStatus.Running);
        Assert.Equal(1, (await _api.GetAsync(third.Id)).QueuePosition);

        // Resuming queues behind the third; stopping the second lets the third run and finish, then the first resumes.
        await _api.ControlAsync(first.Id, "resume", first.ControlKey);
        var waiting = await _api.GetAsync(first.Id);
        Assert.Equal(LabStatus.Queued, waiting.Status);
        Assert.Equal(2, waiting.QueuePosition);
        await _api.ControlAsync(second.Id, "stop", second.ControlKey);
        await _api.WaitForStatusAsync(second.Id, LabStatus.Stopped);
        await _api.WaitForStatusAsync(third.Id, LabStatus.Completed);
        var resumed = await _api.WaitUntilAsync(first.Id, l => l.Status == LabStatus.Running && l.Step > paused.Step, "not training again");
        Assert.Equal(LabStatus.Running, resumed.Status);
        await _api.ControlAsync(first.Id, "stop", first.ControlKey);
        await _api.WaitForStatusAsync(first.Id, LabStatus.Stopped);
    }
}
