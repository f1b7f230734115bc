using System.Collections.Concurrent;
using Lab.Engine.Training;

namespace Lab.Engine.Tests.Training;

/// <summary>Keeps everything a run reports, for assertions.</summary>
internal sealed class RecordingObserver : ITrainingObserver
{
    public ConcurrentQueue<StepMetrics> Steps { get; } = new();
    public ConcurrentQueue<(int Epoch, long Step, byte[] Png)> Grids { get; } = new();
    public ConcurrentQueue<(TrainingState State, string? Error)> States { get; } = new();
    public Action<StepMetrics>? AfterStep { get; init; }

    public void OnStep(StepMetrics metrics)
    {
        Steps.Enqueue(metrics);
        AfterStep?.Invoke(metrics);
    }

    public void OnSampleGrid(int epoch, long step, byte[] png) => Grids.Enqueue((epoch, step, png));
    public void OnStateChanged(TrainingState state, string? error) => States.Enqueue((state, error));
}
