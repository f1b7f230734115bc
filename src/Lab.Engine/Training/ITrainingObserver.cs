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

    void OnStateChanged(TrainingState state, string? error);
}

public enum TrainingState { NotStarted, Running, Paused, Completed, Stopped, Failed }
