using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lab.Contracts;
using SixLabors.ImageSharp;

namespace Lab.Server.Tests;

public class ExportTests(LabServerFactory factory) : IClassFixture<LabServerFactory>
{
    private readonly LabApi _api = new(factory.CreateClient());

    [Fact]
    public async Task A_finished_lab_exports_its_generator_grids_metrics_and_an_animation()
    {
        var created = await _api.CreateAsync(new { epochs = 2, seed = 3, name = "Export me!" });
        await _api.ControlAsync(created.Id, "start", created.ControlKey);
        var lab = await _api.WaitForStatusAsync(created.Id, LabStatus.Completed);
        var http = _api.Http;

        var weights = await http.GetAsync($"/api/labs/{created.Id}/export/generator.dat");
        Assert.Equal(HttpStatusCode.OK, weights.StatusCode);
        Assert.Equal("export-me-generator.dat", weights.Content.Headers.ContentDisposition?.FileName);
        using (var generator = new Lab.Engine.Models.Generator(new Lab.Engine.Models.GanArchitecture(Lab.Engine.Models.ImageShape.Cifar, 100, 16, 8)))
            generator.load(new BinaryReader(await weights.Content.ReadAsStreamAsync()), strict: true);

        using (var pytorch = new ZipArchive(await http.GetStreamAsync($"/api/labs/{created.Id}/export/generator.pt")))
            Assert.Contains(pytorch.Entries, e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal));

        using (var grids = new ZipArchive(await http.GetStreamAsync($"/api/labs/{created.Id}/export/grids.zip")))
        {
            Assert.Equal(["epoch-00000.png", "epoch-00001.png", "epoch-00002.png"], grids.Entries.Select(e => e.FullName));
            Assert.All(grids.Entries, e => Assert.Equal(0x89, e.Open().ReadByte()));
        }

        var csv = (await http.GetStringAsync($"/api/labs/{created.Id}/export/metrics.csv")).TrimEnd('\n').Split('\n');
        Assert.Equal("step,epoch,g_loss,d_loss,d_real,d_fake,seconds", csv[0]);
        Assert.Equal(lab.Step, csv.Length - 1);
        Assert.StartsWith("1,1,", csv[1]);

        var gif = await http.GetByteArrayAsync($"/api/labs/{created.Id}/export/timeline.gif");
        using (var animation = Image.Load(gif))
        {
            Assert.Equal(3, animation.Frames.Count);
            Assert.Equal(128, animation.Width);
        }
    }

    [Fact]
    public async Task The_epoch_summaries_status_history_and_checkpoint_list_describe_the_run()
    {
        var created = await _api.CreateAsync(new { epochs = 2, seed = 4 });
        await _api.ControlAsync(created.Id, "start", created.ControlKey);
        var lab = await _api.WaitForStatusAsync(created.Id, LabStatus.Completed);
        var http = _api.Http;

        var epochs = (await http.GetFromJsonAsync<List<EpochSummary>>($"/api/labs/{created.Id}/epochs", LabApi.Json))!;
        Assert.Equal([1, 2], epochs.Select(e => e.Epoch));
        Assert.All(epochs, e => Assert.True(e.ImagesPerSecond > 0 && double.IsFinite(e.GLoss)));

        var history = await http.GetFromJsonAsync<JsonElement>($"/api/labs/{created.Id}/history");
        Assert.Equal(["created", "queued", "running", "completed"], history.EnumerateArray().Select(h => h.GetProperty("status").GetString()));

        var checkpoints = await http.GetFromJsonAsync<JsonElement>($"/api/labs/{created.Id}/checkpoints");
        var newest = checkpoints.EnumerateArray().Last();
        Assert.Equal(lab.Step, newest.GetProperty("step").GetInt64());
        Assert.True(newest.GetProperty("bytes").GetInt64() > 0);
        Assert.Equal(lab.Step, lab.CheckpointStep);
    }

    [Fact]
    public async Task A_lab_not_trained_yet_says_there_is_nothing_to_export()
    {
        var created = await _api.CreateAsync(new { epochs = 1 });

        var weights = await _api.Http.GetAsync($"/api/labs/{created.Id}/export/generator.pt");
        Assert.Equal(HttpStatusCode.NotFound, weights.StatusCode);
        Assert.Contains("no checkpoint yet", await weights.Content.ReadAsStringAsync());
        var gif = await _api.Http.GetAsync($"/api/labs/{created.Id}/export/timeline.gif");
        Assert.Equal(HttpStatusCode.NotFound, gif.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.Http.GetAsync("/api/labs/nope/export/metrics.csv")).StatusCode);
    }
}
