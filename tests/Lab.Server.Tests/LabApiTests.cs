using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lab.Contracts;
using SkiaSharp;

namespace Lab.Server.Tests;

public class LabApiTests(LabServerFactory factory) : IClassFixture<LabServerFactory>
{
    private readonly LabApi _api = new(factory.CreateClient());

    [Fact]
    public async Task Datasets_list_the_offline_default_and_say_why_cifar_is_unavailable()
    {
        var datasets = await _api.Http.GetFromJsonAsync<DatasetInfo[]>("/api/datasets", LabApi.Json);

        var emoji = Assert.Single(datasets!, d => d.Id == "emoji-32");
        Assert.True(emoji.Available);
        Assert.True(emoji.IsDefault);
        Assert.Equal((32, 3), (emoji.ImageSize, emoji.Channels));
        Assert.True(emoji.Count > 1000);
        var fashion = Assert.Single(datasets!, d => d.Id == "fashion-mnist");
        Assert.Equal((32, 1, 10_000), (fashion.ImageSize, fashion.Channels, fashion.Count));
        var cifar = Assert.Single(datasets!, d => d.Id == "cifar-10");
        Assert.False(cifar.Available);
        Assert.Contains("Cifar10Directory", cifar.Description);
    }

    [Fact]
    public async Task Create_fills_in_the_notebook_defaults_and_returns_both_links()
    {
        var created = await _api.CreateAsync(new { dataset = "emoji-32", epochs = 3 });

        Assert.Matches("^[A-Za-z0-9_-]{22}$", created.Id);
        Assert.Matches("^[A-Za-z0-9_-]{22}$", created.ControlKey);
        Assert.EndsWith($"/labs/{created.Id}", created.ViewUrl);
        Assert.Contains(created.ControlKey, created.ControlUrl);
        Assert.StartsWith("http", created.ViewUrl);
        var lab = await _api.GetAsync(created.Id);
        Assert.Equal(LabStatus.Created, lab.Status);
        Assert.Equal(new LabConfig("emoji-32", 3, 64, 1e-4, 100, lab.Config.Seed, 1, 1), lab.Config);
    }

    [Fact]
    public async Task Bad_values_answer_400_naming_each_field()
    {
        var response = await _api.Http.PostAsJsonAsync("/api/labs",
            new { dataset = "no-such-data", epochs = 0, batchSize = 5000, learningRate = -1.0, latentDim = 0 }, LabApi.Json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors");
        foreach (var field in new[] { "dataset", "epochs", "batchSize", "learningRate", "latentDim" })
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        Assert.Empty(await _api.Http.GetFromJsonAsync<LabView[]>("/api/labs", LabApi.Json) is { } all
            ? all.Where(l => l.Config.Dataset == "no-such-data") : []);
    }

    [Fact]
    public async Task Control_without_the_key_is_refused_and_changes_nothing()
    {
        var created = await _api.CreateAsync(new { epochs = 1 });

        foreach (var command in new[] { "start", "pause", "resume", "stop" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await _api.ControlAsync(created.Id, command, key: null)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await _api.ControlAsync(created.Id, command, key: "wrong-key")).StatusCode);
        }
        await Task.Delay(200);
        Assert.Equal(LabStatus.Created, (await _api.GetAsync(created.Id)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.ControlAsync("no-such-lab", "start", created.ControlKey)).StatusCode);
    }

    [Fact]
    public async Task A_started_lab_trains_to_completion_with_metrics_and_a_grid_per_epoch()
    {
        var created = await _api.CreateAsync(new { epochs = 2, seed = 5 });

        var started = await _api.ControlAsync(created.Id, "start", created.ControlKey);
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var lab = await _api.WaitForStatusAsync(created.Id, LabStatus.Completed, LabStatus.Failed);

        Assert.Equal(LabStatus.Completed, lab.Status);
        Assert.Equal(2 * lab.StepsPerEpoch, lab.Step);
        Assert.StartsWith("CPU", lab.Device);
        var metrics = await _api.Http.GetFromJsonAsync<MetricPoint[]>($"/api/labs/{created.Id}/metrics", LabApi.Json);
        Assert.Equal(Enumerable.Range(1, (int)lab.Step).Select(i => (long)i), metrics!.Select(m => m.Step));
        Assert.All(metrics!, m => Assert.True(double.IsFinite(m.GLoss) && double.IsFinite(m.DLoss)));
        var later = await _api.Http.GetFromJsonAsync<MetricPoint[]>($"/api/labs/{created.Id}/metrics?fromStep={lab.Step - 4}", LabApi.Json);
        Assert.Equal(5, later!.Length);

        var samples = await _api.Http.GetFromJsonAsync<SamplePoint[]>($"/api/labs/{created.Id}/samples", LabApi.Json);
        Assert.Equal([0, 1, 2], samples!.Select(s => s.Epoch));
        var png = await _api.Http.GetByteArrayAsync(samples![^1].Url);
        using var grid = SKBitmap.Decode(png);
        Assert.Equal((128, 128), (grid.Width, grid.Height));
        Assert.Equal(HttpStatusCode.NotFound, (await _api.Http.GetAsync($"/api/labs/{created.Id}/samples/9.png")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await _api.ControlAsync(created.Id, "start", created.ControlKey)).StatusCode);
    }

    [Fact]
    public async Task Pause_and_resume_through_the_api_and_the_host_answers_while_training()
    {
        var created = await _api.CreateAsync(new { epochs = 200 });
        await _api.ControlAsync(created.Id, "start", created.ControlKey);
        await _api.WaitForStatusAsync(created.Id, LabStatus.Running);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await _api.Http.GetStringAsync("/api/datasets");
        Assert.True(clock.ElapsedMilliseconds < 2000, $"a request took {clock.ElapsedMilliseconds} ms while training");

        Assert.Equal(HttpStatusCode.OK, (await _api.ControlAsync(created.Id, "pause", created.ControlKey)).StatusCode);
        var paused = await _api.WaitForStatusAsync(created.Id, LabStatus.Paused);
        await Task.Delay(300);
        Assert.Equal(paused.Step, (await _api.GetAsync(created.Id)).Step);

        Assert.Equal(HttpStatusCode.OK, (await _api.ControlAsync(created.Id, "resume", created.ControlKey)).StatusCode);
        await _api.WaitForStatusAsync(created.Id, LabStatus.Running);
        Assert.Equal(HttpStatusCode.OK, (await _api.ControlAsync(created.Id, "stop", created.ControlKey)).StatusCode);
        var stopped = await _api.WaitForStatusAsync(created.Id, LabStatus.Stopped);
        Assert.True(stopped.Step >= paused.Step);
    }

    [Fact]
    public async Task The_control_link_stores_the_key_in_a_cookie_that_the_api_accepts()
    {
        var created = await _api.CreateAsync(new { epochs = 1 });
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync(new Uri(created.ControlUrl).PathAndQuery);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/labs/{created.Id}", response.Headers.Location?.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith($"lab-key-{created.Id}={created.ControlKey}", cookie);
        var start = new HttpRequestMessage(HttpMethod.Post, $"/api/labs/{created.Id}/start");
        start.Headers.Add("Cookie", $"lab-key-{created.Id}={created.ControlKey}");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(start)).StatusCode);

        var rejected = await client.GetAsync($"/labs/{created.Id}/control?key=not-the-key");
        Assert.False(rejected.Headers.Contains("Set-Cookie"));
    }
}
