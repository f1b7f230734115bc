using Lab.Client.Pages.Lab;
using Lab.Contracts;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Lab.Client.Tests.Lab;

public class LabPageTests : LabTestContext
{
    private static readonly string[] Buttons = ["start-button", "pause-button", "resume-button", "stop-button"];

    private IRenderedComponent<LabPage> RenderLab(string id = "lab1") => Render<LabPage>(ps => ps.Add(p => p.Id, id));

    private void HoldTheKey(string id = "lab1") =>
        JSInterop.Setup<string?>("labLab.readCookie", LabDashboard.KeyCookieName(id)).SetResult(FakeLabService.Key);

    private static bool IsEnabled(IRenderedComponent<LabPage> cut, string testId) =>
        !cut.Find($"[data-testid={testId}]").HasAttribute("disabled");

    [Fact]
    public void Header_and_progress_show_status_device_and_where_training_is()
    {
        Fake.Labs["lab1"] = FakeLabService.NewLab(status: LabStatus.Running, epoch: 3, step: 2000, device: "CPU (2 threads)",
            stepsPerSecond: 2.25, etaSeconds: 200);

        var cut = RenderLab();

        Assert.Equal("Fashion run", cut.Find("[data-testid=lab-name]").TextContent.Trim());
        Assert.Equal("running", cut.Find("[data-testid=status-chip]").GetAttribute("data-status"));
        Assert.Equal("CPU (2 threads)", cut.Find("[data-testid=lab-device]").TextContent.Trim());
        Assert.Equal("Fashion-MNIST", cut.Find("[data-testid=lab-dataset]").TextContent.Trim());
        Assert.Equal("Epoch 3 of 50", cut.Find("[data-testid=progress-epoch]").TextContent.Trim());
        // 2000 steps done, 2 full epochs of 937 before this one.
        Assert.Equal("step 126 / 937 in this epoch", cut.Find("[data-testid=progress-step-in-epoch]").TextContent.Trim());
        Assert.Equal("2.3 steps/s", cut.Find("[data-testid=progress-rate]").TextContent.Trim());
        Assert.Equal("ETA 3 min 20 s", cut.Find("[data-testid=progress-eta]").TextContent.Trim());
        Assert.StartsWith("13.4", cut.Find("[data-testid=epoch-progress]").GetAttribute("aria-valuenow"));
        Assert.Empty(cut.FindAll("[data-testid=lab-error]"));
        Assert.Empty(cut.FindAll("[data-testid=lab-notice]"));
    }

    [Fact]
    public void A_failed_lab_shows_its_error()
    {
        Fake.Labs["lab1"] = FakeLabService.NewLab(status: LabStatus.Failed, error: "CUDA out of memory");

        var cut = RenderLab();

        Assert.Contains("CUDA out of memory", cut.Find("[data-testid=lab-error]").TextContent);
    }

    [Fact]
    public void An_interrupted_lab_says_why_it_paused_and_where_resume_continues()
    {
        Fake.Labs["lab1"] = FakeLabService.NewLab(status: LabStatus.Paused, epoch: 4, step: 3000) with
        {
            Notice = "Interrupted at step 3000: the server stopped while this lab was training. Resume continues from its last checkpoint, at step 2811.",
            CheckpointStep = 2811,
        };

        var cut = RenderLab();

        Assert.Contains("Resume continues from its last checkpoint, at step 2811", cut.Find("[data-testid=lab-notice]").TextContent);
        Assert.Contains("checkpoint at step 2,811", cut.Find("[data-testid=progress-checkpoint]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=lab-error]"));
    }

    [Fact]
    public void An_unknown_lab_gets_a_friendly_page_and_no_subscription()
    {
        var cut = RenderLab("nope");

        Assert.Contains("nope", cut.Find("[data-testid=no-such-lab]").TextContent);
        Assert.Empty(Fake.Subscriptions);
    }

    [Fact]
    public void Without_the_key_every_control_is_disabled_and_the_page_says_view_only()
    {
        // Loose JS interop: the cookie read answers null, as for a viewer who only has the view link.
        Fake.Labs["lab1"] = FakeLabService.NewLab(status: LabStatus.Created);

        var cut = RenderLab();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=view-only]")));
        Assert.All(Buttons, b => Assert.False(IsEnabled(cut, b), b));
        Assert.Contains(JSInterop.Invocations, i => i.Identifier == "labLab.readCookie" && Equals(i.Arguments[0], "lab-key-lab1"));
    }

    [Fact]
    public void With_the_key_the_controls_that_fit_the_status_are_enabled()
    {
        HoldTheKey();
        Fake.Labs["lab1"] = FakeLabService.NewLab(status: LabStatus.Created);

        var cut = RenderLab();

        cut.WaitForAssertion(() => Assert.True(IsEnabled(cut, "start-button")));
        Assert.False(IsEnabled(cut, "pause-button"));
        Assert.False(IsEnabled(cut, "resume-button"));
        Assert.False(IsEnabled(cut, "stop-button"));
        Assert.Empty(cut.FindAll("[data-testid=view-only]"));
    }

    [Fact]
    public void Pressing_a_control_sends_the_command_with_the_key_and_shows_the_new_state()
    {
        HoldTheKey();
        Fake.Labs["lab1"] = FakeLabService.NewLab(status: LabStatus.Running);
        Fake.OnControl = (id, command, key) =>
            new ControlResult(ControlOutcome.Done, Lab: FakeLabService.NewLab(id, LabStatus.Paused));
        var cut = RenderLab();
        cut.WaitForAssertion(() => Assert.True(IsEnabled(cut, "pause-button")));

        cut.Find("[data-testid=pause-button]").Click();

        Assert.Equal(("lab1", LabCommand.Pause, FakeLabService.Key), Assert.Single(Fake.Commands));
        Assert.Equal("paused", cut.Find("[data-testid=status-chip]").GetAttribute("data-status"));
        Assert.True(IsEnabled(cut, "resume-button"));
        Assert.False(IsEnabled(cut, "pause-button"));
    }

    [Fact]
    public void A_refused_control_shows_the_reason_in_a_snackbar()
    {
        HoldTheKey();
        Fake.Labs["lab1"] = FakeLabService.NewLab(status: LabStatus.Queued);
        Fake.OnControl = (_, _, _) => new ControlResult(ControlOutcome.Conflict, "cannot pause a lab that is queued");
        var cut = RenderLab();
        cut.WaitForAssertion(() => Assert.True(IsEnabled(cut, "pause-button")));

        cut.Find("[data-testid=pause-button]").Click();

        cut.WaitForAssertion(() => Assert.Single(Services.GetRequiredService<ISnackbar>().ShownSnackbars));
        Assert.Equal("cannot pause a lab that is queued", Services.GetRequiredService<ISnackbar>().ShownSnackbars.Single().Message);
    }

    [Fact]
    public async Task A_status_pushed_by_the_lab_updates_the_status_chip_and_controls()
    {
        HoldTheKey();
        Fake.Labs["lab1"] = FakeLabService.NewLab(status: LabStatus.Queued);
        var cut = RenderLab();
        var subscription = Assert.Single(Fake.Subscriptions);
        Assert.Equal("lab1", subscription.LabId);

        // Observers are called from the lab's own thread, not the renderer's.
        await Task.Run(() => subscription.Observer.OnStatusAsync("lab1",
            FakeLabService.NewLab(status: LabStatus.Running, epoch: 1, step: 10, device: "CUDA")));

        cut.WaitForAssertion(() => Assert.Equal("running", cut.Find("[data-testid=status-chip]").GetAttribute("data-status")));
        Assert.Equal("CUDA", cut.Find("[data-testid=lab-device]").TextContent.Trim());
        Assert.True(IsEnabled(cut, "stop-button"));
        Assert.False(IsEnabled(cut, "start-button"));
    }

    [Fact]
    public async Task A_lab_resumed_from_an_earlier_checkpoint_redraws_from_the_servers_history()
    {
        Fake.Labs["lab1"] = FakeLabService.NewLab(status: LabStatus.Paused, epoch: 3, step: 79);
        Fake.MetricsOf["lab1"] = Enumerable.Range(1, 79).Select(i => FakeLabService.Point(i)).ToList();
        Fake.SamplesOf["lab1"] = Enumerable.Range(0, 3).Select(e => new SamplePoint(e, e * 30, $"/api/labs/lab1/samples/{e}.png")).ToList();
        var cut = RenderLab();
        var chart = cut.FindComponent<LossChart>().Instance;
        Assert.Equal(79, chart.LastStep);

        // Resume restored the checkpoint at step 60 (end of epoch 2): the server dropped steps 61–79 and grid 3 did not exist.
        Fake.MetricsOf["lab1"] = Enumerable.Range(1, 60).Select(i => FakeLabService.Point(i)).ToList();
        Fake.SamplesOf["lab1"] = Enumerable.Range(0, 3).Select(e => new SamplePoint(e, e * 30, $"/api/labs/lab1/samples/{e}.png")).ToList();
        await Task.Run(() => Assert.Single(Fake.Subscriptions).Observer.OnStatusAsync("lab1",
            FakeLabService.NewLab(status: LabStatus.Running, epoch: 2, step: 60)));

        cut.WaitForAssertion(() => Assert.Equal(60, chart.LastStep));
        // The steps trained anew are drawn again, not skipped as "already drawn".
        await Task.Run(() => Fake.Subscriptions[0].Observer.OnMetricsAsync("lab1", [FakeLabService.Point(61)]));
        cut.WaitForAssertion(() => Assert.Equal(61, chart.LastStep));
    }

    [Fact]
    public async Task A_new_sample_grid_becomes_the_big_image()
    {
        Fake.Labs["lab1"] = FakeLabService.NewLab(status: LabStatus.Running, epoch: 2);
        Fake.SamplesOf["lab1"] = [new SamplePoint(1, 937, "/api/labs/lab1/samples/1.png")];
        var cut = RenderLab();
        Assert.Equal("/api/labs/lab1/samples/1.png", cut.Find("[data-testid=sample-image]").GetAttribute("src"));

        await Task.Run(() => Fake.Subscriptions[0].Observer.OnSampleAsync("lab1", new SamplePoint(2, 1874, "/api/labs/lab1/samples/2.png")));

        cut.WaitForAssertion(() => Assert.Equal("/api/labs/lab1/samples/2.png", cut.Find("[data-testid=sample-image]").GetAttribute("src")));
        Assert.Contains("Epoch 2", cut.Find("[data-testid=sample-label]").TextContent);
        Assert.Equal(["2", "1"], cut.FindAll("[data-testid=sample-thumb]").Select(t => t.GetAttribute("data-epoch")));

        // An earlier grid can be brought back from the strip.
        cut.Find("[data-testid=sample-thumb][data-epoch='1']").Click();
        Assert.Equal("/api/labs/lab1/samples/1.png", cut.Find("[data-testid=sample-image]").GetAttribute("src"));
    }

    [Fact]
    public async Task Closing_the_page_disposes_the_subscription()
    {
        Fake.Labs["lab1"] = FakeLabService.NewLab(status: LabStatus.Running);
        var cut = RenderLab();
        var subscription = Assert.Single(Fake.Subscriptions);
        Assert.False(subscription.Disposed);

        await DisposeComponentsAsync();

        Assert.True(subscription.Disposed);
        // A push already on its way when the tab closed is dropped quietly.
        await subscription.Observer.OnStatusAsync("lab1", FakeLabService.NewLab(status: LabStatus.Completed));
    }
}
