using Lab.Engine.Checkpoints;
using Lab.Engine.Training;
using static TorchSharp.torch;

namespace Lab.Engine.Inspection;

/// <summary>
/// A checkpoint's networks, optimizers and fixed noise rebuilt on the CPU, for looking at a lab that is not training
/// (paused, stopped, finished): the same <see cref="GanStep"/> the run had at that step. Owns everything it holds.
/// </summary>
public sealed class RestoredGan : IDisposable
{
    private readonly RunRandom _random;

    private RestoredGan(CheckpointHeader header, GanStep step, RunRandom random, Tensor fixedNoise)
    {
        Header = header;
        Step = step;
        _random = random;
        FixedNoise = fixedNoise;
    }

    public CheckpointHeader Header { get; }
    public GanStep Step { get; }
    public Tensor FixedNoise { get; }

    /// <exception cref="CheckpointException">when the checkpoint does not fit the networks its header describes.</exception>
    public static RestoredGan From(LoadedCheckpoint checkpoint)
    {
        var header = checkpoint.Header;
        var random = new RunRandom(header.Settings.Seed, CPU);
        var step = new GanStep(header.Settings.ArchitectureFor(header.Image), header.Settings.LearningRate, CPU, random);
        try
        {
            var (fixedNoise, order) = TrainingSnapshot.Restore(checkpoint, step, random);
            order?.Dispose();
            // Detached from any dispose scope the caller has open: this object outlives it.
            return new RestoredGan(header, step, random, fixedNoise.DetachFromDisposeScope());
        }
        catch
        {
            step.Dispose();
            random.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        FixedNoise.Dispose();
        Step.Dispose();
        _random.Dispose();
    }
}
