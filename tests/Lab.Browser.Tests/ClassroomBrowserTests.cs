using System.Text.Json;
using Microsoft.Playwright;

namespace Lab.Browser.Tests;

/// <summary>
/// A teacher and a student in two separate browser contexts (two people, two cookie jars): the student has only the
/// view link, follows the run live, cannot control it by button or by API, and forks it into a lab of their own.
/// </summary>
public class ClassroomBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const float Patience = 90_000;
    private static readonly string[] Controls = ["start", "pause", "resume", "stop"];

    [Fact]
    public async Task A_student_with_the_view_link_watches_live_cannot_control_and_can_fork()
    {
        using var http = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        var answer = await http.PostAsync("/api/labs", new StringContent("{\"epochs\":400,\"name\":\"Class demo\"}", System.Text.Encoding.UTF8, "application/json"));
        var created = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
        var (id, viewUrl, controlUrl) = (created.GetProperty("id").GetString()!, created.GetProperty("viewUrl").GetString()!, created.GetProperty("controlUrl").GetString()!);
        var size = new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } };

        // The teacher opens the control link and starts the lab.
        await using var teacherContext = await browser.Browser.NewContextAsync(size);
        var teacher = await teacherContext.NewPageAsync();
        await teacher.GotoAsync(controlUrl);
        await WaitForCircuit(teacher);
        var start = teacher.Locator("[data-testid=start-button]");
        await Assertions.Expect(start).ToBeEnabledAsync(new() { Timeout = Patience });
        await start.ClickAsync();
        await Assertions.Expect(teacher.Locator("[data-testid=status-chip]")).ToHaveAttributeAsync("data-status", "running", new() { Timeout = Patience });

        // The student has only the view link.
        await using var studentContext = await browser.Browser.NewContextAsync(size);
        var student = await studentContext.NewPageAsync();
        var consoleErrors = new List<string>();
        student.Console += (_, message) => { if (message.Type == "error") consoleErrors.Add(message.Text); };
        await student.GotoAsync(viewUrl);
        await WaitForCircuit(student);
        await Assertions.Expect(student.Locator("[data-testid=view-only]")).ToBeVisibleAsync(new() { Timeout = Patience });
        foreach (var control in Controls)
            await Assertions.Expect(student.Locator($"[data-testid={control}-button]")).ToBeDisabledAsync();

        // Live: the student's chart keeps growing while the lab trains.
        var chart = student.Locator("[data-testid=loss-chart]");
        await Assertions.Expect(chart).Not.ToHaveAttributeAsync("data-last-step", "-1", new() { Timeout = Patience });
        var seen = long.Parse((await chart.GetAttributeAsync("data-last-step"))!);
        await student.WaitForFunctionAsync($"() => Number(document.querySelector('[data-testid=loss-chart]').dataset.lastStep) > {seen + 5}", null, new() { Timeout = Patience });
        var plotted = await student.EvaluateAsync<long[]>("() => document.querySelector('[data-testid=loss-chart] .js-plotly-plot').data[4].x");
        // Joined late, yet the chart starts at the first step and runs on without a gap or a repeat.
        Assert.Equal(Enumerable.Range(1, plotted.Length).Select(s => (long)s), plotted);
        Assert.True(plotted.Length > 5, $"{plotted.Length} raw points drawn");

        // The share dialog gives the student the view link and its QR code, never a control link.
        await student.Locator("[data-testid=share-button]").ClickAsync();
        await Assertions.Expect(student.Locator("[data-testid=qr-code] svg")).ToBeVisibleAsync(new() { Timeout = Patience });
        Assert.Equal(viewUrl, await student.Locator("#view-link-input").InputValueAsync());
        Assert.Equal(0, await student.Locator("#control-link-input").CountAsync());
        Directory.CreateDirectory(ArtifactsDirectory);
        await student.ScreenshotAsync(new() { Path = Path.Combine(ArtifactsDirectory, "share-dialog-viewer.png") });
        await student.Locator("[data-testid=share-close]").ClickAsync();

        // Control through the API with the student's cookies is refused, and changes nothing.
        foreach (var control in Controls)
        {
            var refused = await studentContext.APIRequest.PostAsync($"{browser.BaseUrl}/api/labs/{id}/{control}");
            Assert.Equal(403, refused.Status);
        }
        Assert.Equal(403, (await studentContext.APIRequest.PostAsync($"{browser.BaseUrl}/api/labs/{id}/key")).Status);
        await Assertions.Expect(teacher.Locator("[data-testid=status-chip]")).ToHaveAttributeAsync("data-status", "running");

        // The teacher pauses; the student sees it live.
        await teacher.Locator("[data-testid=pause-button]").ClickAsync();
        await Assertions.Expect(student.Locator("[data-testid=status-chip]")).ToHaveAttributeAsync("data-status", "paused", new() { Timeout = Patience });

        // The student forks from the checkpoint the pause wrote, and lands on a lab they control.
        await student.Locator("[data-testid=fork-button]").ClickAsync();
        var fromCheckpoint = student.Locator("[data-testid=fork-from-checkpoint] input, input[data-testid=fork-from-checkpoint]");
        await Assertions.Expect(fromCheckpoint).ToBeEnabledAsync(new() { Timeout = Patience });
        await fromCheckpoint.CheckAsync();
        await student.Locator("[data-testid=fork-confirm]").ClickAsync();
        await student.WaitForURLAsync(url => url.Contains("/labs/") && !url.Contains(id) && !url.Contains("/control"), new() { Timeout = Patience });
        await WaitForCircuit(student);
        await Assertions.Expect(student.Locator("[data-testid=start-button]")).ToBeEnabledAsync(new() { Timeout = Patience });
        await Assertions.Expect(student.Locator("[data-testid=lab-forked-from]")).ToContainTextAsync("at step");
        await Assertions.Expect(student.Locator("[data-testid=sample-image]")).ToBeVisibleAsync();
        await student.ScreenshotAsync(new() { Path = Path.Combine(ArtifactsDirectory, "fork.png"), FullPage = true });

        // The teacher makes a new control link: the old one no longer gives control to anyone who opens it.
        await teacher.Locator("[data-testid=share-button]").ClickAsync();
        var controlField = teacher.Locator("#control-link-input");
        await Assertions.Expect(controlField).ToHaveValueAsync(controlUrl, new() { Timeout = Patience });
        await teacher.Locator("[data-testid=rotate-key]").ClickAsync();
        await Assertions.Expect(controlField).Not.ToHaveValueAsync(controlUrl, new() { Timeout = Patience });
        await teacher.ScreenshotAsync(new() { Path = Path.Combine(ArtifactsDirectory, "share-dialog-teacher.png") });
        await teacher.Locator("[data-testid=share-close]").ClickAsync();
        await Assertions.Expect(teacher.Locator("[data-testid=resume-button]")).ToBeEnabledAsync(new() { Timeout = Patience });
        await using var stranger = await browser.Browser.NewContextAsync();
        var oldLink = await stranger.NewPageAsync();
        await oldLink.GotoAsync(controlUrl);
        await WaitForCircuit(oldLink);
        await Assertions.Expect(oldLink.Locator("[data-testid=view-only]")).ToBeVisibleAsync(new() { Timeout = Patience });

        await teacher.Locator("[data-testid=stop-button]").ClickAsync();
        await Assertions.Expect(teacher.Locator("[data-testid=status-chip]")).ToHaveAttributeAsync("data-status", "stopped", new() { Timeout = Patience });
        Assert.Empty(consoleErrors);
    }

    [Fact]
    public async Task A_page_whose_connection_drops_reconnects_by_itself_and_keeps_one_unbroken_record()
    {
        using var http = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        var answer = await http.PostAsync("/api/labs", new StringContent("{\"epochs\":400}", System.Text.Encoding.UTF8, "application/json"));
        var created = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
        var (id, key) = (created.GetProperty("id").GetString()!, created.GetProperty("controlKey").GetString()!);
        using var start = new HttpRequestMessage(HttpMethod.Post, $"/api/labs/{id}/start") { Headers = { { "X-Lab-Key", key } } };
        Assert.True((await http.SendAsync(start)).IsSuccessStatusCode);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        JsonElement lab;
        do
        {
            await Task.Delay(200);
            lab = JsonDocument.Parse(await http.GetStringAsync($"/api/labs/{id}")).RootElement;
            if (DateTime.UtcNow > deadline) Assert.Fail($"the lab did not train: {lab.GetRawText()}");
        } while (lab.GetProperty("step").GetInt64() < 3);

        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(created.GetProperty("viewUrl").GetString()!);
        await WaitForCircuit(page);
        const string lastStep = "Number(document.querySelector('[data-testid=loss-chart]').dataset.lastStep)";
        await page.WaitForFunctionAsync($"() => {lastStep} > 3", null, new() { Timeout = Patience });

        // What Blazor's own reconnection tests do: drop the WebSocket under the page, as a dropped network would.
        var before = await page.EvaluateAsync<long>($"() => {lastStep}");
        await page.EvaluateAsync("() => Blazor._internal.forceCloseConnection()");
        await page.WaitForFunctionAsync($"() => {lastStep} > {before + 10}", null, new() { Timeout = Patience });

        // One run, one unbroken, duplicate-free line: the raw trace's steps rise by one from the first.
        var steps = await page.EvaluateAsync<long[]>("() => document.querySelector('[data-testid=loss-chart] .js-plotly-plot').data[4].x");
        Assert.Equal(Enumerable.Range((int)steps[0], steps.Length).Select(s => (long)s), steps);
        var labs = JsonDocument.Parse(await http.GetStringAsync("/api/labs")).RootElement;
        Assert.Single(labs.EnumerateArray(), l => l.GetProperty("id").GetString() == id && l.GetProperty("status").GetString() == "running");
        using var stop = new HttpRequestMessage(HttpMethod.Post, $"/api/labs/{id}/stop") { Headers = { { "X-Lab-Key", key } } };
        await http.SendAsync(stop);
    }

    private static async Task WaitForCircuit(IPage page) =>
        await page.Locator("[data-interactive=true]").WaitForAsync(new LocatorWaitForOptions { Timeout = Patience });

    private static string ArtifactsDirectory => Path.Combine(AppContext.BaseDirectory, "screenshots");
}
