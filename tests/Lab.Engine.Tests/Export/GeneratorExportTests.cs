using System.IO.Compression;
using Lab.Engine.Checkpoints;
using Lab.Engine.Export;
using Lab.Engine.Models;
using Lab.Engine.Tests.Data;
using Lab.Engine.Tests.Training;
using Lab.Engine.Training;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Lab.Engine.Tests.Export;

public class GeneratorExportTests
{
    [Fact]
    public async Task The_pytorch_file_is_a_torch_save_archive_that_round_trips_through_pybridge_to_the_same_images()
    {
        using var folder = new TempFolder();
        using var data = TinyData.Random(16, ImageShape.Cifar);
        var directory = new CheckpointDirectory(folder.Path);
        using (var run = new TrainingRun(TinyData.Settings(epochs: 2), data, CPU, new RecordingObserver(), new CheckpointPlan(directory)))
        {
            run.Start();
            await run.Completion.WaitAsync(TimeSpan.FromSeconds(60));
        }
        var checkpoint = directory.LoadLatest(_ => { })!;

        var file = GeneratorExport.PyTorchStateDict(checkpoint);

        // torch.save's zip layout: <name>/data.pkl with the pickled state_dict, <name>/data/<n> with the storages.
        using (var zip = new ZipArchive(new MemoryStream(file), ZipArchiveMode.Read))
        {
            Assert.Contains(zip.Entries, e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal));
            Assert.Contains(zip.Entries, e => e.FullName.Contains("/data/", StringComparison.Ordinal));
        }
        using var original = GeneratorExport.Load(checkpoint);
        using var reloaded = new Models.Generator(original.Architecture);
        reloaded.load_py(new MemoryStream(file), strict: true);
        reloaded.eval();
        using var noise = FixedNoise.Create(original.Architecture.LatentDim, seed: 1);
        using var _ = no_grad();
        using var expected = original.forward(noise);
        using var actual = reloaded.forward(noise);
        Assert.True(expected.allclose(actual, rtol: 0, atol: 0), "the same weights and batch-norm statistics give the same images");
        Assert.Equal(checkpoint.Sections["generator"], GeneratorExport.TorchSharpWeights(checkpoint));
    }
}
