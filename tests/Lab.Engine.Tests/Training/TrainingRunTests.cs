using Lab.Engine.Models;
using Lab.Engine.Training;
using SkiaSharp;
using static TorchSharp.torch;

namespace Lab.Engine.Tests.Training;

public class TrainingRunTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(3)]
    [InlineData(1)]
    public async Task A_short_run_gives_finite_losses_and_a_grid_png_per_epoch(int channels)
    {
        using var data = TinyData.Random(40, new ImageShape(channels, 32));
        var observer = new RecordingObserver();
        using var run = new TrainingRun(TinyData.Settings(epochs: 2), data, CPU, observer);

        run.Start();
        await run.Completion.WaitAsync(Patience);

        Assert.True(run.State == TrainingState.Completed, observer.LastState);
        Assert.Equal(5, run.StepsPerEpoch); // 40 images in batches of 8
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), observer.Steps.Select(s => s.Step));
        Assert.All(observer.Steps, s =>
        {
            Assert.True(s.IsFinite);
            Assert.InRange(s.DReal, 0f, 1f);
            Assert.InRange(s.DFake, 0f, 1f);
        });
        Assert.Equal([0, 1, 2], observer.Grids.Select(g => g.Epoch));
        using var grid = SKBitmap.Decode(observer.Grids.Last().Png);
        Assert.Equal(4 * 32, grid.Width);
        Assert.Equal(4 * 32, grid.Height);
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_losses_even_with_another_run_alongside()
    {
        async Task<float[]> LossesOfOneRun(int seed)
        {
            using var data = TinyData.Random(24, ImageShape.Cifar);
            var observer = new RecordingObserver();
            using var run = new TrainingRun(TinyData.Settings(epochs: 2) with { Seed = seed }, data, CPU, observer);
            run.Start();
            await run.Completion.WaitAsync(Patience);
            return observer.Steps.Select(s => s.GeneratorLoss).ToArray();
        }

        var first = await LossesOfOneRun(seed: 11);
        // Two runs at once draw from torch in interleaved order; each must still follow only its own seed.
        var concurrent = await Task.WhenAll(LossesOfOneRun(seed: 11), LossesOfOneRun(seed: 12));

        Assert.Equal(first, concurrent[0]);
        Assert.NotEqual(first, concurrent[1]);
    }

    [Fact]
    public async Task Steps_leave_no_live_tensors_behind()
    {
        using var data = TinyData.Random(40, ImageShape.Cifar);
        var liveTensors = new Dictionary<long, long>();
        // OnStep runs on the training thread, whose dispose-scope statistics are the ones that count.
        var observer = new RecordingObserver
        {
            AfterStep = m => { if (m.Step is 20 or 300) liveTensors[m.Step] = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount; },
        };
        using var run = new TrainingRun(TinyData.Settings(epochs: 60) with { SampleEvery = 7 }, data, CPU, observer);

        run.Start();
        await run.Completion.WaitAsync(Patience);

        Assert.Equal(TrainingState.Completed, run.State);
        Assert.Equal(liveTensors[20], liveTensors[300]);
    }

    [Fact]
    public async Task Pause_holds_at_a_step_boundary_and_resume_continues_where_it_stopped()
    {
        using var data = TinyData.Random(80, ImageShape.Cifar);
        TrainingRun? run = null;
        var paused = new TaskCompletionSource();
        var observer = new RecordingObserver
        {
            AfterStep = m => { if (m.Step == 3) run!.Pause(); },
        };
        run = new TrainingRun(TinyData.Settings(epochs: 2), data, CPU, observer);
        using var _ = run;

        run.Start();
        await Eventually.Until(() => run.State == TrainingState.Paused, Patience);
        var stepsWhilePaused = observer.Steps.Count;
        await Task.Delay(300);
        Assert.Equal(stepsWhilePaused, observer.Steps.Count);
        Assert.Equal(3, stepsWhilePaused);

        run.Resume();
        await run.Completion.WaitAsync(Patience);
        Assert.True(run.State == TrainingState.Completed, observer.LastState);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), observer.Steps.Select(s => s.Step));
    }

    [Fact]
    public async Task Stop_ends_the_run_early()
    {
        using var data = TinyData.Random(80, ImageShape.Cifar);
        TrainingRun? run = null;
        var observer = new RecordingObserver { AfterStep = m => { if (m.Step == 2) run!.Stop(); } };
        run = new TrainingRun(TinyData.Settings(epochs: 5), data, CPU, observer);
        using var _ = run;

        run.Start();
        await run.Completion.WaitAsync(Patience);

        Assert.Equal(TrainingState.Stopped, run.State);
        Assert.Equal(2, observer.Steps.Count);
    }

    [Fact]
    public async Task A_huge_learning_rate_that_diverges_ends_the_run_with_the_step_named()
    {
        using var data = TinyData.Random(64, ImageShape.Cifar);
        var observer = new RecordingObserver();
        using var run = new TrainingRun(TinyData.Settings(epochs: 50, learningRate: 1e12), data, CPU, observer);

        run.Start();
        await run.Completion.WaitAsync(Patience);

        // Adam normalises step sizes, so a huge rate blows the weights up within a few steps rather than at once.
        Assert.Equal(TrainingState.Diverged, run.State);
        var (_, _, notice) = observer.States.Last();
        Assert.Contains($"diverged at step {observer.Steps.Last().Step}", notice);
        Assert.False(observer.Steps.Last().IsFinite);
    }
}
