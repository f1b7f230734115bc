using Lab.Engine.Checkpoints;
using Lab.Engine.Models;
using Lab.Engine.Tests.Data;
using Lab.Engine.Training;
using static TorchSharp.torch;

namespace Lab.Engine.Tests.Training;

public class CheckpointResumeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Two_epochs_then_a_fresh_run_restoring_the_checkpoint_for_two_more_match_four_straight_epochs()
    {
        using var folder = new TempFolder();
        using var data = TinyData.Random(40, ImageShape.Cifar);
        var straight = await RunToEnd(TinyData.Settings(epochs: 4), data);

        var firstHalf = await RunToEnd(TinyData.Settings(epochs: 2), data, new CheckpointPlan(new CheckpointDirectory(folder.Path)));
        var secondHalf = await RunToEnd(TinyData.Settings(epochs: 4), data, new CheckpointPlan(new CheckpointDirectory(folder.Path), ResumeFromLatest: true));

        Assert.Equal(10, secondHalf.Resumes.Single().Step);
        Assert.Equal(2, secondHalf.Resumes.Single().CompletedEpochs);
        // Same steps, same epoch numbers, same losses: weights, batch-norm statistics, Adam's moments and step counts and
        // the random streams (data order, noise, dropout) all came back. CPU kernels are deterministic for a fixed
        // thread count, so the match is exact; 1e-5 leaves room for nothing but float formatting.
        var resumed = firstHalf.Steps.Concat(secondHalf.Steps).ToList();
        Assert.Equal(straight.Steps.Select(s => (s.Step, s.Epoch)), resumed.Select(s => (s.Step, s.Epoch)));
        foreach (var (a, b) in straight.Steps.Zip(resumed))
        {
            Assert.Equal(a.GeneratorLoss, b.GeneratorLoss, 1e-5f);
            Assert.Equal(a.DiscriminatorLoss, b.DiscriminatorLoss, 1e-5f);
            Assert.Equal(a.DFake, b.DFake, 1e-5f);
        }
        // No grid for epoch 0 again, and the resumed run's grids continue the numbering.
        Assert.Equal([3, 4], secondHalf.Grids.Select(g => g.Epoch));
        Assert.Equal(straight.Grids.Last().Png, secondHalf.Grids.Last().Png);
    }

    [Fact]
    public async Task A_run_stopped_mid_epoch_resumes_with_the_same_batches_and_noise()
    {
        using var folder = new TempFolder();
        using var data = TinyData.Random(40, ImageShape.Cifar);
        var straight = await RunToEnd(TinyData.Settings(epochs: 2), data);

        TrainingRun? stopping = null;
        var interrupted = new RecordingObserver { AfterStep = m => { if (m.Step == 7) stopping!.Interrupt(); } };
        stopping = new TrainingRun(TinyData.Settings(epochs: 2), data, CPU, interrupted, new CheckpointPlan(new CheckpointDirectory(folder.Path)));
        using (stopping)
        {
            stopping.Start();
            await stopping.Completion.WaitAsync(Patience);
        }
        Assert.Equal(TrainingState.Interrupted, stopping.State);
        var midEpoch = interrupted.Checkpoints.Last().Header;
        Assert.Equal((7L, 1, 2), (midEpoch.Step, midEpoch.CompletedEpochs, midEpoch.StepsIntoEpoch));
        Assert.EndsWith("-mid.ckpt", interrupted.Checkpoints.Last().Path);

        var resumed = await RunToEnd(TinyData.Settings(epochs: 2), data, new CheckpointPlan(new CheckpointDirectory(folder.Path), ResumeFromLatest: true));

        Assert.Equal(Enumerable.Range(8, 3).Select(i => (long)i), resumed.Steps.Select(s => s.Step));
        Assert.Equal(straight.Steps.Skip(7).Select(s => s.GeneratorLoss), resumed.Steps.Select(s => s.GeneratorLoss));
        Assert.Equal(straight.Steps.Skip(7).Select(s => s.DiscriminatorLoss), resumed.Steps.Select(s => s.DiscriminatorLoss));
        // Training time continues from the checkpoint's clock rather than restarting at zero.
        Assert.True(resumed.Steps.First().Seconds > interrupted.Steps.Last().Seconds);
    }

    [Fact]
    public async Task A_truncated_newest_checkpoint_is_named_set_aside_and_the_previous_one_used()
    {
        using var folder = new TempFolder();
        using var data = TinyData.Random(40, ImageShape.Cifar);
        var first = await RunToEnd(TinyData.Settings(epochs: 2), data, new CheckpointPlan(new CheckpointDirectory(folder.Path)));
        var newest = first.Checkpoints.Last().Path;
        var bytes = File.ReadAllBytes(newest);
        File.WriteAllBytes(newest, bytes[..(bytes.Length / 2)]);

        var resumed = await RunToEnd(TinyData.Settings(epochs: 3), data, new CheckpointPlan(new CheckpointDirectory(folder.Path), ResumeFromLatest: true));

        var point = resumed.Resumes.Single();
        Assert.Equal(5, point.Step);
        var skipped = Assert.Single(point.Skipped);
        Assert.Contains(Path.GetFileName(newest), skipped.Message);
        Assert.Contains("corrupt or truncated", skipped.Message);
        Assert.True(File.Exists(newest + CheckpointDirectory.UnusableSuffix), "the damaged file is kept, renamed, for a person to look at");
        Assert.Equal(Enumerable.Range(6, 10).Select(i => (long)i), resumed.Steps.Select(s => s.Step));
    }

    [Fact]
    public async Task A_checkpoint_of_other_networks_is_refused_with_the_file_and_the_difference_named()
    {
        using var folder = new TempFolder();
        using var data = TinyData.Random(40, ImageShape.Cifar);
        await RunToEnd(TinyData.Settings(epochs: 1), data, new CheckpointPlan(new CheckpointDirectory(folder.Path)));

        var wider = TinyData.Settings(epochs: 2) with { GeneratorWidth = 32 };
        var refused = await RunToEnd(wider, data, new CheckpointPlan(new CheckpointDirectory(folder.Path), ResumeFromLatest: true));

        var (state, error, _) = refused.States.Last();
        Assert.Equal(TrainingState.Failed, state);
        Assert.Contains("step-0000000005-epoch-00001.ckpt", error);
        Assert.Contains("widths 16/8", error);
        Assert.Contains("widths 32/8", error);
        Assert.Empty(refused.Steps);
    }

    [Fact]
    public async Task A_checkpoint_that_cannot_be_written_pauses_the_run_with_the_reason_and_keeps_the_earlier_one()
    {
        using var folder = new TempFolder();
        using var data = TinyData.Random(40, ImageShape.Cifar);
        var directory = new CheckpointDirectory(folder.Path);
        // The second epoch's checkpoint lands on /dev/full, a real device that answers every write with ENOSPC.
        var second = Path.Combine(folder.Path, new CheckpointName(10, 2, true).FileName + CheckpointFile.PartialSuffix);
        File.CreateSymbolicLink(second, "/dev/full");

        var observer = new RecordingObserver();
        using var run = new TrainingRun(TinyData.Settings(epochs: 3), data, CPU, observer, new CheckpointPlan(directory));
        run.Start();
        await Eventually.Until(() => run.State == TrainingState.Paused, Patience);

        var (_, _, notice) = observer.States.Last();
        Assert.Contains("No space left on device", notice);
        Assert.Contains("step-0000000010-epoch-00002.ckpt", notice);
        Assert.Equal(10, observer.Steps.Count);
        var kept = Assert.Single(directory.List());
        Assert.Equal(5, CheckpointFile.ReadHeader(kept.File).Step);
        Assert.False(File.Exists(second), "the failed partial file is removed");

        // Space is back: resuming trains on and checkpoints again.
        run.Resume();
        await run.Completion.WaitAsync(Patience);
        Assert.True(run.State == TrainingState.Completed, observer.LastState);
        Assert.Contains(directory.List(), c => c.Name.Step == 15);
    }

    [Fact]
    public async Task Retention_keeps_the_newest_and_every_kth_epoch()
    {
        using var folder = new TempFolder();
        using var data = TinyData.Random(16, ImageShape.Cifar);
        var directory = new CheckpointDirectory(folder.Path, new CheckpointRetention(KeepLast: 2, KeepEveryEpochs: 3));

        await RunToEnd(TinyData.Settings(epochs: 7), data, new CheckpointPlan(directory));

        Assert.Equal([3, 6, 7], directory.List().Select(c => c.Name.CompletedEpochs));
    }

    [Fact]
    public async Task A_weight_turned_infinite_ends_the_run_as_diverged_and_the_last_healthy_checkpoint_stays_good()
    {
        using var folder = new TempFolder();
        using var data = TinyData.Random(40, ImageShape.Cifar);
        TrainingRun? run = null;
        var observer = new RecordingObserver
        {
            AfterStep = m =>
            {
                // Poison one generator weight between steps 7 and 8, on the training thread, as a bad update would.
                if (m.Step == 7) _ = run!.InspectAsync(step => { using var _ = no_grad(); step.Generator.parameters().First().fill_(float.PositiveInfinity); return 0; });
            },
        };
        run = new TrainingRun(TinyData.Settings(epochs: 5), data, CPU, observer, new CheckpointPlan(new CheckpointDirectory(folder.Path)));
        using (run)
        {
            run.Start();
            await run.Completion.WaitAsync(Patience);
        }

        Assert.Equal(TrainingState.Diverged, run.State);
        var (_, _, notice) = observer.States.Last();
        Assert.Contains("diverged at step 8", notice);
        Assert.Contains("last healthy checkpoint (step 5)", notice);
        Assert.False(observer.Steps.Last().IsFinite);
        var healthy = Assert.Single(new CheckpointDirectory(folder.Path).List());
        Assert.Equal(5, healthy.Name.Step);

        var resumed = await RunToEnd(TinyData.Settings(epochs: 2), data, new CheckpointPlan(new CheckpointDirectory(folder.Path), ResumeFromLatest: true));
        Assert.Equal(5, resumed.Resumes.Single().Step);
        Assert.All(resumed.Steps, s => Assert.True(s.IsFinite));
    }

    [Fact]
    public async Task Resuming_with_no_checkpoint_yet_starts_afresh_and_says_so()
    {
        using var folder = new TempFolder();
        using var data = TinyData.Random(16, ImageShape.Cifar);

        var run = await RunToEnd(TinyData.Settings(epochs: 1), data, new CheckpointPlan(new CheckpointDirectory(folder.Path), ResumeFromLatest: true));

        Assert.Equal(0, run.Resumes.Single().Step);
        Assert.Null(run.Resumes.Single().CheckpointFile);
        Assert.Equal([0, 1], run.Grids.Select(g => g.Epoch));
    }

    [Fact]
    public async Task Inspections_run_on_the_training_thread_and_fail_once_the_run_has_ended()
    {
        using var data = TinyData.Random(16, ImageShape.Cifar);
        var observer = new RecordingObserver();
        var run = new TrainingRun(TinyData.Settings(epochs: 200), data, CPU, observer);
        using (run)
        {
            run.Start();
            var threadName = await run.InspectAsync(_ => Thread.CurrentThread.Name).WaitAsync(Patience);
            Assert.StartsWith("training-", threadName);
            run.Stop();
            await run.Completion.WaitAsync(Patience);
        }
        await Assert.ThrowsAsync<InvalidOperationException>(() => run.InspectAsync(_ => 1));
    }

    private static async Task<RecordingObserver> RunToEnd(TrainingSettings settings, Lab.Engine.Data.ImageDataset data, CheckpointPlan? plan = null)
    {
        var observer = new RecordingObserver();
        using var run = new TrainingRun(settings, data, CPU, observer, plan);
        run.Start();
        await run.Completion.WaitAsync(Patience);
        return observer;
    }
}
