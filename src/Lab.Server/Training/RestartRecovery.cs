using Lab.Contracts;
using Lab.Server.Labs;
using Lab.Server.Options;
using Microsoft.Extensions.Options;

namespace Lab.Server.Training;

/// <summary>
/// At start-up, before the first request: labs that were training or waiting when the server went away (gracefully or
/// killed) come back paused as "interrupted", showing where their last checkpoint is, or are queued to resume when
/// <see cref="LabOptions.ResumeInterruptedLabs"/> says so. Reads only the database and file names, so the host answers
/// within seconds whatever it has to restore; the checkpoints themselves are read when a lab resumes.
/// </summary>
public sealed class RestartRecovery(
    ILabStore store,
    LabCheckpoints checkpoints,
    TrainingScheduler scheduler,
    IOptions<LabOptions> options,
    ILogger<RestartRecovery> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var lab in store.All().OrderBy(l => l.CreatedAt))
        {
            var checkpointStep = checkpoints.NewestStep(lab.Id);
            // The lab row's counters are saved at epoch ends; the metrics say how far training really got.
            var last = store.Metrics(lab.Id, lab.Step).LastOrDefault();
            var lastStep = last?.Step ?? lab.Step;
            var wasTraining = lab.Status is LabStatus.Running or LabStatus.Queued;
            lab.Update(l =>
            {
                l.CheckpointStep = checkpointStep;
                l.Step = lastStep;
                if (last is not null) l.Epoch = last.Epoch;
                if (!wasTraining) return;
                l.Status = LabStatus.Paused;
                l.QueuePosition = null;
                l.Notice = LabTrainingObserver.InterruptedNotice(lastStep, checkpointStep);
            });
            if (!wasTraining) continue;
            store.RecordStatus(lab, "interrupted by a server restart");
            logger.LogWarning("Lab {LabId} was interrupted at step {Step}; its newest checkpoint is at step {Checkpoint}", lab.Id, lastStep, checkpointStep);
            if (options.Value.ResumeInterruptedLabs) scheduler.Enqueue(lab.Id, resume: true);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
