using Lab.Contracts;
using Lab.Engine.Checkpoints;
using Lab.Engine.Training;
using Lab.Server.Labs;
using Lab.Server.Live;

namespace Lab.Server.Training;

/// <summary>
/// Turns one run's engine events into lab state, stored history and live messages. Runs on the training thread,
/// so it only records and enqueues; the store commits and the broadcaster sends on their own threads.
/// </summary>
public sealed class LabTrainingObserver(LabRecord lab, ILabStore store, LabBroadcaster broadcaster, string device) : ITrainingObserver
{
    // Steps/s for the ETA: an exponential moving average, steady enough to read, quick to follow a change of pace.
    private const double RateSmoothing = 0.05;
    private double? _stepsPerSecond;
    private double? _lastSeconds;
    private string? _resumeWarning;

    /// <summary>Set by the scheduler when it ends the run to pause the lab (and free its slot), not for a shutdown.</summary>
    public bool EndingAsPause { get; set; }

    public void OnStep(StepMetrics m)
    {
        var point = new MetricPoint(m.Step, m.Epoch, m.GeneratorLoss, m.DiscriminatorLoss, m.DReal, m.DFake, m.Seconds,
            DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0);
        if (_lastSeconds is { } last && m.Seconds > last)
        {
            var rate = 1 / (m.Seconds - last);
            _stepsPerSecond = _stepsPerSecond is { } r ? r + RateSmoothing * (rate - r) : rate;
        }
        _lastSeconds = m.Seconds;
        lab.Update(l =>
        {
            l.Epoch = m.Epoch;
            l.Step = m.Step;
            l.StepsPerSecond = _stepsPerSecond;
        });
        broadcaster.PublishMetrics(lab.Id, point, () => store.AppendMetrics(lab.Id, [point]));
    }

    public void OnSampleGrid(int epoch, long step, byte[] png)
    {
        broadcaster.PublishSample(lab.Id, new SamplePoint(epoch, step, LabUrls.Sample(lab.Id, epoch)), () => store.SaveGrid(lab.Id, epoch, step, png));
    }

    public void OnEpochCompleted(EpochStats e)
    {
        store.SaveEpoch(lab.Id, new EpochSummary(e.Epoch, e.GeneratorLoss, e.DiscriminatorLoss, e.DReal, e.DFake, e.Seconds, e.ImagesPerSecond));
        store.SaveState(lab);
    }

    public void OnResumed(ResumePoint point)
    {
        // TensorBoard's rule for a run restarted from an earlier step: what was recorded after it is dropped.
        store.DiscardAfter(lab.Id, point.Step, point.CompletedEpochs);
        if (point.Skipped.Count > 0)
            _resumeWarning = $"Continued from step {point.Step} because {string.Join(" ", point.Skipped.Select(s => s.Message))}";
        broadcaster.PublishStatus(lab.Id, lab.Update(l =>
        {
            l.Step = point.Step;
            l.Epoch = point.CurrentEpoch;
            l.CheckpointStep = point.CheckpointFile is null ? null : point.Step;
        }));
        store.SaveState(lab);
    }

    public void OnCheckpointWritten(string path, CheckpointHeader checkpoint, TimeSpan took) =>
        lab.Update(l => l.CheckpointStep = checkpoint.Step);

    public void OnStateChanged(TrainingState state, string? error, string? notice = null)
    {
        var (status, shown) = state switch
        {
            TrainingState.Running => (LabStatus.Running, _resumeWarning),
            TrainingState.Paused => (LabStatus.Paused, notice),
            TrainingState.Completed => (LabStatus.Completed, notice),
            TrainingState.Stopped => (LabStatus.Stopped, notice),
            TrainingState.Interrupted when EndingAsPause => (LabStatus.Paused, notice),
            TrainingState.Interrupted => (LabStatus.Paused, notice ?? InterruptedNotice(lab.Step, lab.CheckpointStep)),
            // The weights are gone; the last healthy checkpoint is where Resume continues, hence paused, not failed.
            TrainingState.Diverged => (LabStatus.Paused, notice),
            TrainingState.Failed => (LabStatus.Failed, null),
            _ => (LabStatus.Queued, null),
        };
        var view = lab.Update(l =>
        {
            l.Status = status;
            l.Error = status == LabStatus.Failed ? error : null;
            l.Notice = shown;
            l.Device = device;
            if (status != LabStatus.Running) l.StepsPerSecond = null;
        });
        _lastSeconds = null;
        store.RecordStatus(lab, error ?? shown);
        broadcaster.PublishStatus(lab.Id, view);
    }

    /// <summary>Shown on a lab whose run the server ended on its way down (Ctrl+C, SIGTERM, a restart).</summary>
    public static string InterruptedNotice(long step, long? checkpointStep) =>
        $"Interrupted at step {step}: the server stopped while this lab was training. " + (checkpointStep is { } s
            ? $"Resume continues from its last checkpoint, at step {s}."
            : "No checkpoint was written yet: Resume starts again from fresh weights.");
}
