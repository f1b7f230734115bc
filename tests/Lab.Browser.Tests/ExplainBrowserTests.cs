using System.Net.Http.Json;
using System.Text.Json;
using Lab.Client.Explain;
using Microsoft.Playwright;

namespace Lab.Browser.Tests;

/// <summary>Every explainer page in real Chromium, for a lab that has trained an epoch: its live widget drawn, no console error.</summary>
public class ExplainBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const float Patience = 90_000;

    [Fact]
    public async Task Every_explainer_page_shows_its_live_widget_for_a_trained_lab_without_console_errors()
    {
        var id = await TrainedLabAsync();
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") consoleErrors.Add($"{page.Url}: {message.Text}"); };
        page.PageError += (_, error) => consoleErrors.Add($"{page.Url}: {error}");

        await page.GotoAsync($"{browser.BaseUrl}/explain?lab={id}");
        await page.Locator("[data-interactive=true]").WaitForAsync(new LocatorWaitForOptions { Timeout = Patience });
        await Assertions.Expect(page.Locator("[data-testid=block-generator-conv2d_transpose_1]")).ToHaveAttributeAsync("href", $"/explain/transposed-conv?lab={id}");
        // The grey lab's generator ends in one channel: the diagram is drawn from its live model.
        await Assertions.Expect(page.Locator("[data-testid=arch-generator]")).ToContainTextAsync("(32, 32, 1)");

        foreach (var explainer in ExplainerCatalog.All)
        {
            await page.GotoAsync($"{browser.BaseUrl}/explain/{explainer.Slug}?lab={id}");
            await page.Locator("[data-interactive=true]").WaitForAsync(new LocatorWaitForOptions { Timeout = Patience });
            await Assertions.Expect(page.Locator("[data-testid=explain-title]")).ToHaveTextAsync(explainer.Title);
            var live = page.Locator("[data-live=true]").First;
            await live.WaitForAsync(new LocatorWaitForOptions { Timeout = Patience });
            await Assertions.Expect(live.Locator("[data-testid=live-stamp]")).ToContainTextAsync("(finished)");
            Assert.Equal(0, await page.Locator("[data-testid=widget-unknown]").CountAsync());
            // Images in a widget (feature maps, sample grids) decoded for real.
            foreach (var image in await live.Locator("img").AllAsync())
                Assert.True(await image.EvaluateAsync<int>("img => img.complete ? img.naturalWidth : 0") > 0, $"{explainer.Slug}: an image did not load");
        }
        Assert.Empty(consoleErrors);
    }

    /// <summary>A grey (Fashion-MNIST) lab of one epoch, created, started and finished through the API.</summary>
    private async Task<string> TrainedLabAsync()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        using var http = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        var created = await http.PostAsJsonAsync("/api/labs", new { dataset = "fashion-mnist", epochs = 1, batchSize = 256 });
        created.EnsureSuccessStatusCode();
        using var answer = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var id = answer.RootElement.GetProperty("id").GetString()!;
        var start = new HttpRequestMessage(HttpMethod.Post, $"/api/labs/{id}/start");
        start.Headers.Add("X-Lab-Key", answer.RootElement.GetProperty("controlKey").GetString());
        (await http.SendAsync(start)).EnsureSuccessStatusCode();
        var deadline = DateTime.UtcNow.AddMilliseconds(Patience);
        while (true)
        {
            using var lab = JsonDocument.Parse(await http.GetStringAsync($"/api/labs/{id}"));
            var status = lab.RootElement.GetProperty("status").GetString();
            if (status == "completed") return id;
            Assert.True(status != "failed" && DateTime.UtcNow < deadline, $"lab {id} is {status}");
            await Task.Delay(100);
        }
    }
}
