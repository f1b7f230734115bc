using Lab.Contracts;
using Lab.Engine.Training;
using Lab.Server.Labs;
using Lab.Server.Live;

namespace Lab.Server.Training;

/// <summary>
/// Turns one run's engine events into lab state, stored history and live messages. Runs on the training thread,
/// so it only records and enqueues; sending happens on the broadcaster's timer.
/// </summary>
public sealed class LabTrainingObserver(LabRecord lab, ILabStore store, LabBroadcaster broadcaster, string device) : ITrainingObserver
{
    // Steps/s for the ETA: an exponential moving average, steady enough to read, quick to follow a change of pace.
    private const double RateSmoothing = 0.05;
    private double? _stepsPerSecond;
    private double _lastSeconds;

    public void OnStep(StepMetrics m)
    {
        var point = new MetricPoint(m.Step, m.Epoch, m.GeneratorLoss, m.DiscriminatorLoss, m.DReal, m.DFake, m.Seconds);
        store.AppendMetrics(lab.Id, [point]);
        var elapsed = m.Seconds - _lastSeconds;
        _lastSeconds = m.Seconds;
        if (elapsed > 0)
            _stepsPerSecond = _stepsPerSecond is { } rate ? rate + RateSmoothing * (1 / elapsed - rate) : 1 / elapsed;
        lab.Update(l =>
        {
            l.Epoch = m.Epoch;
            l.Step = m.Step;
            l.StepsPerSecond = _stepsPerSecond;
        });
        broadcaster.PublishMetrics(lab.Id, point);
    }

    public void OnSampleGrid(int epoch, long step, byte[] png)
    {
        store.SaveGrid(lab.Id, epoch, step, png);
        broadcaster.PublishSample(lab.Id, new SamplePoint(epoch, step, LabUrls.Sample(lab.Id, epoch)));
    }

    public void OnStateChanged(TrainingState state, string? error, string? notice = null)
    {
        // Until labs persist, a diverged run cannot be resumed from its checkpoint: it fails with the reason.
        if (state == TrainingState.Diverged) (state, error) = (TrainingState.Failed, notice);
        var status = state switch
        {
            TrainingState.Running => LabStatus.Running,
            TrainingState.Paused => LabStatus.Paused,
            TrainingState.Completed => LabStatus.Completed,
            TrainingState.Stopped or TrainingState.Interrupted => LabStatus.Stopped,
            TrainingState.Failed => LabStatus.Failed,
            _ => LabStatus.Queued,
        };
        var view = lab.Update(l =>
        {
            l.Status = status;
            l.Error = error;
            l.Device = device;
            if (status != LabStatus.Running) l.StepsPerSecond = null;
        });
        broadcaster.PublishStatus(lab.Id, view);
    }
}
