using Lab.Engine.Inspection;
using Lab.Engine.Models;
using Lab.Engine.Tests.Training;
using Lab.Engine.Training;
using static TorchSharp.torch;

namespace Lab.Engine.Tests.Inspection;

public class ProbeDuringTrainingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Probing_a_run_between_its_steps_does_not_change_what_it_trains()
    {
        using var data = TinyData.Random(32, ImageShape.Cifar);
        var settings = TinyData.Settings(epochs: 3);
        var alone = await Train(settings, data, probe: false);
        var probed = await Train(settings, data, probe: true);

        Assert.True(probed.Probes > 3, $"only {probed.Probes} probes ran");
        Assert.Equal(alone.Losses, probed.Losses);
    }

    private static async Task<(List<(float, float)> Losses, int Probes)> Train(TrainingSettings settings, Lab.Engine.Data.ImageDataset data, bool probe)
    {
        TrainingRun? run = null;
        var probes = new List<Task<ModelProbeResult>>();
        using var real = rand(16, 3, 32, 32).mul(2).sub(1);
        var observer = new RecordingObserver
        {
            // Asked from the training thread after each step; served before the next one, as a page's look would be.
            AfterStep = _ =>
            {
                if (probe) probes.Add(run!.InspectAsync(step => ModelProbe.Run(step, FixedNoise.Create(settings.LatentDim, settings.Seed), real)));
            },
        };
        using (run = new TrainingRun(settings, data, CPU, observer))
        {
            run.Start();
            await run.Completion.WaitAsync(Patience);
        }
        int served = probes.Count(p => p.IsCompletedSuccessfully);
        return (observer.Steps.Select(s => (s.GeneratorLoss, s.DiscriminatorLoss)).ToList(), served);
    }
}
