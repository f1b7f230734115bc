using System.Collections.Concurrent;
using Lab.Engine.Checkpoints;
using Lab.Engine.Training;

namespace Lab.Engine.Tests.Training;

/// <summary>Keeps everything a run reports, for assertions.</summary>
internal sealed class RecordingObserver : ITrainingObserver
{
    public ConcurrentQueue<StepMetrics> Steps { get; } = new();
    public ConcurrentQueue<(int Epoch, long Step, byte[] Png)> Grids { get; } = new();
    public ConcurrentQueue<(TrainingState State, string? Error, string? Notice)> States { get; } = new();
    public ConcurrentQueue<EpochStats> Epochs { get; } = new();
    public ConcurrentQueue<ResumePoint> Resumes { get; } = new();
    public ConcurrentQueue<(string Path, CheckpointHeader Header)> Checkpoints { get; } = new();
    public Action<StepMetrics>? AfterStep { get; init; }

    public void OnStep(StepMetrics metrics)
    {
        Steps.Enqueue(metrics);
        AfterStep?.Invoke(metrics);
    }

    public void OnSampleGrid(int epoch, long step, byte[] png) => Grids.Enqueue((epoch, step, png));
    public void OnEpochCompleted(EpochStats epoch) => Epochs.Enqueue(epoch);
    public void OnResumed(ResumePoint point) => Resumes.Enqueue(point);
    public void OnCheckpointWritten(string path, CheckpointHeader checkpoint, TimeSpan took) => Checkpoints.Enqueue((path, checkpoint));
    public void OnStateChanged(TrainingState state, string? error, string? notice = null) => States.Enqueue((state, error, notice));

    /// <summary>The last state with its reason, for assertion messages.</summary>
    public string LastState => States.LastOrDefault() is var (s, e, n) ? $"{s}: {e ?? n}" : "none";
}
