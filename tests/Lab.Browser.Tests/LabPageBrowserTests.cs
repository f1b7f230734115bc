using Microsoft.Playwright;

namespace Lab.Browser.Tests;

public class LabPageBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const float Patience = 90_000;

    [Fact]
    public async Task A_new_lab_created_in_the_browser_trains_live_with_chart_points_and_a_grid()
    {
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var page = await context.NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") consoleErrors.Add(message.Text); };

        await page.GotoAsync(browser.BaseUrl + "/");
        await WaitForCircuit(page);
        await page.Locator("[data-testid=lab-name]").FillAsync("Browser test lab");
        await page.Locator("[data-testid=lab-epochs]").FillAsync("3");
        await page.Locator("[data-testid=create-lab]").ClickAsync();

        // The control link stores the key and lands on the lab page, where this browser may control the lab.
        await page.WaitForURLAsync(url => url.Contains("/labs/") && !url.Contains("/control"), new PageWaitForURLOptions { Timeout = Patience });
        await WaitForCircuit(page);
        var start = page.Locator("[data-testid=start-button]");
        await Assertions.Expect(start).ToBeEnabledAsync(new LocatorAssertionsToBeEnabledOptions { Timeout = Patience });
        await start.ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=status-chip]")).ToHaveAttributeAsync("data-status", "completed", new LocatorAssertionsToHaveAttributeOptions { Timeout = Patience });
        // Points reached the chart: Plotly keeps the drawn data on its div.
        var plotted = await page.WaitForFunctionAsync(
            "() => { const p = document.querySelector('[data-testid=loss-chart] .js-plotly-plot'); return p && p.data && p.data[0].x.length > 0 ? p.data[0].x.length : false; }",
            null, new PageWaitForFunctionOptions { Timeout = Patience });
        Assert.True((await plotted.JsonValueAsync<int>()) > 0);
        Assert.True(await page.Locator("[data-testid=loss-chart] .js-plotly-plot .scatterlayer .trace").CountAsync() >= 2);

        var grid = page.Locator("[data-testid=sample-image]");
        await Assertions.Expect(grid).ToHaveAttributeAsync("data-epoch", "3", new LocatorAssertionsToHaveAttributeOptions { Timeout = Patience });
        var naturalWidth = await grid.EvaluateAsync<int>("img => img.complete ? img.naturalWidth : 0");
        Assert.Equal(128, naturalWidth);
        Assert.Empty(consoleErrors);

        Directory.CreateDirectory(ArtifactsDirectory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsDirectory, "lab-page.png"), FullPage = true });
    }

    [Fact]
    public async Task A_viewer_without_the_key_sees_the_lab_but_cannot_control_it()
    {
        using var http = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        var created = await http.PostAsync("/api/labs", new StringContent("{\"epochs\":1}", System.Text.Encoding.UTF8, "application/json"));
        var id = System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync($"{browser.BaseUrl}/labs/{id}");
        await WaitForCircuit(page);

        await Assertions.Expect(page.Locator("[data-testid=view-only]")).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = Patience });
        foreach (var button in new[] { "start", "pause", "resume", "stop" })
            await Assertions.Expect(page.Locator($"[data-testid={button}-button]")).ToBeDisabledAsync();
        await Assertions.Expect(page.Locator("[data-testid=status-chip]")).ToHaveAttributeAsync("data-status", "created");
    }

    private static async Task WaitForCircuit(IPage page) =>
        await page.Locator("[data-interactive=true]").WaitForAsync(new LocatorWaitForOptions { Timeout = Patience });

    private static string ArtifactsDirectory => Path.Combine(AppContext.BaseDirectory, "screenshots");
}
