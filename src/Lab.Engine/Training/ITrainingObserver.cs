using Lab.Engine.Checkpoints;

namespace Lab.Engine.Training;

/// <summary>
/// Receives what a run produces. Called on the training thread: implementations must return quickly (queue the work),
/// because every millisecond spent here is a millisecond of training lost.
/// </summary>
public interface ITrainingObserver
{
    void OnStep(StepMetrics metrics);

    /// <summary>A 4×4 grid PNG from the fixed noise; epoch 0 is the untrained generator.</summary>
    void OnSampleGrid(int epoch, long step, byte[] png);

    /// <summary>An epoch has ended: its mean losses and verdicts, training time and throughput.</summary>
    void OnEpochCompleted(EpochStats epoch) { }

    /// <summary>
    /// A run asked to resume has found where to continue: anything recorded after <see cref="ResumePoint.Step"/>
    /// belongs to a future that will now be trained again.
    /// </summary>
    void OnResumed(ResumePoint point) { }

    /// <summary>A checkpoint is on the disk; <paramref name="took"/> is the time to capture and write it.</summary>
    void OnCheckpointWritten(string path, CheckpointHeader checkpoint, TimeSpan took) { }

    /// <summary>
    /// The state changed. <paramref name="error"/> says why a run failed; <paramref name="notice"/> why it paused or
    /// ended when nobody asked it to (divergence, a checkpoint that could not be written, a shutdown).
    /// </summary>
    void OnStateChanged(TrainingState state, string? error, string? notice = null);
}

/// <summary>
/// <see cref="Interrupted"/>: the host asked the run to end (shutting down) and it saved where it was.
/// <see cref="Diverged"/>: a loss or weight became NaN or infinite; the last checkpoint before it is the healthy state.
/// </summary>
public enum TrainingState { NotStarted, Running, Paused, Completed, Stopped, Interrupted, Diverged, Failed }
