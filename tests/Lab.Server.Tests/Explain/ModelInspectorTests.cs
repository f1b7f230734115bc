using System.Net;
using System.Net.Http.Json;
using Lab.Contracts;
using Lab.Contracts.Explain;
using Microsoft.Extensions.DependencyInjection;

namespace Lab.Server.Tests.Explain;

/// <summary>
/// The explainers' numbers from real tiny labs: finished (read back from its checkpoint), running and paused. Run on
/// their own, after the other classes: their training would otherwise compete with the other test servers' on a small
/// CPU, where concurrent libtorch runs slow each other down far more than their share.
/// </summary>
[Collection(ExplainServerCollection.Name)]
public class ModelInspectorTests(LabServerFactory factory) : IClassFixture<LabServerFactory>
{
    private readonly LabApi _api = new(factory.CreateClient());

    [Fact]
    public async Task A_finished_grey_lab_is_inspected_from_its_checkpoint_with_one_channel_shapes()
    {
        var created = await _api.CreateAsync(new { dataset = "fashion-mnist", epochs = 1, batchSize = 256 });
        Assert.Equal(HttpStatusCode.OK, (await _api.ControlAsync(created.Id, "start", created.ControlKey)).StatusCode);
        var lab = await _api.WaitForStatusAsync(created.Id, LabStatus.Completed);

        var inspection = await _api.Http.GetFromJsonAsync<ModelInspection>($"/api/labs/{created.Id}/inspection", LabApi.Json);
        Assert.Equal(lab.Step, inspection!.Step);
        Assert.Equal(1, inspection.Epoch);
        Assert.Equal(InspectionState.Finished, inspection.State);
        Assert.StartsWith("the checkpoint", inspection.Source);
        Assert.Equal([32L, 32, 1], inspection.GeneratorMaps[^1].Shape);
        Assert.StartsWith("data:image/png;base64,", inspection.GeneratorMaps[0].PngDataUrl);
        Assert.Equal(16, inspection.RealLogits.Count);
        Assert.Equal(lab.Step, inspection.Adam[0].Step);
        Assert.True(inspection.Adam[1].MedianStepSize > 0);

        var architecture = await _api.Http.GetFromJsonAsync<ArchitectureView>($"/api/labs/{created.Id}/architecture", LabApi.Json);
        Assert.Equal(1, architecture!.ImageChannels);
        var conv = architecture.Layer("discriminator", "conv2d");
        Assert.Equal([32L, 32, 1], conv.InputShape);
        // The server's test width is 8: 5·5·1·8 weights and 8 biases.
        Assert.Equal(5 * 5 * 1 * 8 + 8, conv.Parameters);
        Assert.NotNull(factory.Services.GetRequiredService<IModelInspector>().DefaultLabId());
        Assert.Contains(factory.Services.GetRequiredService<IModelInspector>().Checkpoints(created.Id), c => c.Step == lab.Step && c.Bytes > 0);
    }

    [Fact]
    public async Task A_running_lab_is_inspected_on_its_training_thread()
    {
        var created = await _api.CreateAsync(new { dataset = "emoji-32", epochs = 200 });
        Assert.Equal(HttpStatusCode.OK, (await _api.ControlAsync(created.Id, "start", created.ControlKey)).StatusCode);
        await _api.WaitUntilAsync(created.Id, l => l.Status == LabStatus.Running && l.Step > 3, "no steps yet");

        var inspector = factory.Services.GetRequiredService<IModelInspector>();
        var inspection = await inspector.InspectAsync(created.Id);
        await _api.ControlAsync(created.Id, "stop", created.ControlKey);

        Assert.NotNull(inspection);
        Assert.Equal(InspectionState.Running, inspection.State);
        Assert.Equal("the training run", inspection.Source);
        Assert.True(inspection.Step > 3);
        Assert.Equal([32L, 32, 3], inspection.GeneratorMaps[^1].Shape);
        Assert.Equal(3, inspection.BatchNorm.Count);
    }

    [Fact]
    public async Task A_paused_lab_is_inspected_as_paused_at_the_step_it_stopped()
    {
        var created = await _api.CreateAsync(new { dataset = "emoji-32", epochs = 200 });
        Assert.Equal(HttpStatusCode.OK, (await _api.ControlAsync(created.Id, "start", created.ControlKey)).StatusCode);
        await _api.WaitUntilAsync(created.Id, l => l.Status == LabStatus.Running && l.Step > 3, "no steps yet");
        await _api.ControlAsync(created.Id, "pause", created.ControlKey);
        var paused = await _api.WaitForStatusAsync(created.Id, LabStatus.Paused);

        // Whether the paused run stays in memory or is freed after its checkpoint, the answer is the same.
        var inspection = await factory.Services.GetRequiredService<IModelInspector>().InspectAsync(created.Id);
        await _api.ControlAsync(created.Id, "stop", created.ControlKey);

        Assert.NotNull(inspection);
        Assert.Equal(InspectionState.Paused, inspection.State);
        Assert.Equal(paused.Step, inspection.Step);
        Assert.Equal(paused.CheckpointStep, inspection.Step);
    }

    [Fact]
    public async Task A_lab_that_never_trained_has_no_inspection_but_has_an_architecture()
    {
        var created = await _api.CreateAsync(new { dataset = "emoji-32", epochs = 1 });

        var response = await _api.Http.GetAsync($"/api/labs/{created.Id}/inspection");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var architecture = await _api.Http.GetFromJsonAsync<ArchitectureView>($"/api/labs/{created.Id}/architecture", LabApi.Json);
        Assert.Equal([8L, 8, 16], architecture!.Layer("generator", "reshape").OutputShape);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.Http.GetAsync("/api/labs/nope/architecture")).StatusCode);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ExplainServerCollection
{
    public const string Name = "explain-server";
}
