using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using Lab.Engine.Checkpoints;
using Lab.Engine.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Lab.Engine.Training;

/// <summary>
/// One training run on its own dedicated thread (never a request or UI thread: TorchSharp's dispose scopes are
/// thread-static, and a long step would block whoever called). Pause, stop and inspections take effect at the next step
/// boundary. With a <see cref="CheckpointPlan"/> the run checkpoints after epochs, on pause and when it ends early, and
/// can start from the newest good checkpoint, continuing exactly where that one left off.
/// </summary>
public sealed class TrainingRun : IDisposable
{
    private static readonly TimeSpan PausedPoll = TimeSpan.FromMilliseconds(50);

    private readonly TrainingSettings _settings;
    private readonly ImageDataset _data;
    private readonly Device _device;
    private readonly ITrainingObserver _observer;
    private readonly CheckpointPlan? _checkpoints;
    private readonly ManualResetEventSlim _notPaused = new(true);
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<Inspection> _inspections = new();
    private readonly Lock _inspectionGate = new();
    private bool _ended;
    private volatile bool _interrupt;
    private volatile string? _pauseNotice;
    private Thread? _thread;
    private volatile TrainingState _state = TrainingState.NotStarted;

    public TrainingRun(TrainingSettings settings, ImageDataset data, Device device, ITrainingObserver observer, CheckpointPlan? checkpoints = null)
    {
        _settings = settings;
        _data = data;
        _device = device;
        _observer = observer;
        _checkpoints = checkpoints;
        StepsPerEpoch = settings.StepsPerEpoch(data.Count);
    }

    public int StepsPerEpoch { get; }
    public TrainingState State => _state;

    /// <summary>Completes when the thread has finished and released its tensors.</summary>
    public Task Completion => _completion.Task;

    public void Start()
    {
        if (_thread is not null) throw new InvalidOperationException("This run has already been started.");
        _thread = new Thread(Run) { IsBackground = true, Name = $"training-{_data.Id}" };
        _thread.Start();
    }

    public void Pause()
    {
        if (_state != TrainingState.Running) return;
        _notPaused.Reset();
    }

    public void Resume() => _notPaused.Set();

    /// <summary>Ends the run at the next step boundary, checkpointing first: the user's stop.</summary>
    public void Stop()
    {
        _stop.Cancel();
        _notPaused.Set();
    }

    /// <summary>Like <see cref="Stop"/>, but the run ends as <see cref="TrainingState.Interrupted"/>: the host is going away.</summary>
    public void Interrupt()
    {
        _interrupt = true;
        Stop();
    }

    /// <summary>
    /// Runs <paramref name="inspect"/> on the training thread between two steps (or while paused), where the networks
    /// are consistent and TorchSharp's scopes belong. Tensors it returns must be detached copies the caller disposes.
    /// Fails with <see cref="InvalidOperationException"/> once the run has ended.
    /// </summary>
    public Task<T> InspectAsync<T>(Func<GanStep, T> inspect)
    {
        var answer = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var inspection = new Inspection(
            step =>
            {
                try { answer.TrySetResult(inspect(step)); }
                catch (Exception e) { answer.TrySetException(e); }
            },
            () => answer.TrySetException(new InvalidOperationException("This run has ended.")));
        lock (_inspectionGate)
        {
            if (_ended) inspection.Cancel();
            else _inspections.Enqueue(inspection);
        }
        return answer.Task;
    }

    private void Run()
    {
        try
        {
            SetState(TrainingState.Running);
            var (state, error, notice) = Train();
            SetState(state, error, notice);
        }
        catch (Exception e)
        {
            SetState(TrainingState.Failed, e.Message);
        }
        finally
        {
            lock (_inspectionGate) _ended = true;
            while (_inspections.TryDequeue(out var pending)) pending.Cancel();
            _completion.TrySetResult();
        }
    }

    private (TrainingState State, string? Error, string? Notice) Train()
    {
        using var random = new RunRandom(_settings.Seed, _device);
        using var step = new GanStep(_settings.ArchitectureFor(_data.Shape), _settings.LearningRate, _device, random);
        var position = Resume(step, random);
        using var fixedNoise = position.FixedNoise;
        var order = position.EpochOrder;
        var clock = new TrainingClock(position.Seconds);
        long stepCount = position.Step, checkpointedAt = position.Step;
        int stepsIntoEpoch = position.StepsIntoEpoch;
        var epochTotals = new EpochAccumulator();

        if (position.IsFresh) _observer.OnSampleGrid(0, 0, SampleGrid.Render(step.Generator, fixedNoise));
        try
        {
            for (int epoch = position.CompletedEpochs + 1; epoch <= _settings.Epochs; epoch++)
            {
                order ??= randperm(_data.Count, generator: random.Host);
                epochTotals.Begin(clock.Seconds);
                for (; stepsIntoEpoch < StepsPerEpoch; stepsIntoEpoch++)
                {
                    ServeInspections(step);
                    if (HaltPending && HaltRequested(step, clock, () => Snapshot(epoch - 1, stepsIntoEpoch, stepCount, clock, step, random, fixedNoise, order), ref checkpointedAt) is { } halt)
                        return halt;
                    clock.Start();
                    StepMetrics metrics;
                    int start = stepsIntoEpoch * _settings.BatchSize;
                    int size = Math.Min(_settings.BatchSize, _data.Count - start);
                    using (NewDisposeScope())
                    {
                        var real = _data.Batch(order.narrow(0, start, size), _device);
                        var noise = randn([size, _settings.LatentDim], generator: random.Host).to(_device);
                        var values = step.Train(real, noise).cpu().data<float>().ToArray();
                        stepCount++;
                        metrics = new StepMetrics(stepCount, epoch, values[0], values[1], values[2], values[3], clock.Seconds);
                    }
                    _observer.OnStep(metrics);
                    epochTotals.Add(metrics, size);
                    if (!metrics.IsFinite) return Diverged(stepCount, checkpointedAt, "a loss became NaN or infinite");
                }
                stepsIntoEpoch = 0;
                order.Dispose();
                order = null;
                _observer.OnEpochCompleted(epochTotals.End(epoch, stepCount, clock.Seconds));
                if (epoch % _settings.SampleEvery == 0 || epoch == _settings.Epochs)
                    _observer.OnSampleGrid(epoch, stepCount, SampleGrid.Render(step.Generator, fixedNoise));
                if (_checkpoints?.DueAfter(epoch, _settings.Epochs) == true)
                {
                    if (!WeightsAreFinite(step)) return Diverged(stepCount, checkpointedAt, "a weight became NaN or infinite");
                    if (TryCheckpoint(Snapshot(epoch, 0, stepCount, clock, step, random, fixedNoise, null)) is { } failure)
                        PauseBecause(failure);
                    else checkpointedAt = stepCount;
                }
            }
            return (TrainingState.Completed, null, null);
        }
        finally
        {
            order?.Dispose();
        }
    }

    private bool HaltPending => _stop.IsCancellationRequested || !_notPaused.IsSet;

    /// <summary>Between steps, when <see cref="HaltPending"/>: stop (checkpointing first), or pause (checkpointing, then waiting); null to go on.</summary>
    private (TrainingState, string?, string?)? HaltRequested(GanStep step, TrainingClock clock, Func<PendingCheckpoint> snapshot, ref long checkpointedAt)
    {
        clock.Stop();
        string? notice = _pauseNotice;
        _pauseNotice = null;
        // A pause because a checkpoint just failed does not try again at once: the user sees why and resumes once the
        // disk has room. A stop still tries, since it is the last chance.
        bool retryNow = notice is null || _stop.IsCancellationRequested;
        if (_checkpoints is not null && retryNow && snapshot() is var taken && taken.Header.Step != checkpointedAt)
        {
            if (!WeightsAreFinite(step)) return Diverged(taken.Header.Step, checkpointedAt, "a weight became NaN or infinite");
            if (TryCheckpoint(taken) is { } failure) notice = failure;
            else checkpointedAt = taken.Header.Step;
        }
        if (_stop.IsCancellationRequested)
            return (_interrupt ? TrainingState.Interrupted : TrainingState.Stopped, null, notice);

        SetState(TrainingState.Paused, null, notice);
        while (!_notPaused.Wait(PausedPoll)) ServeInspections(step);
        if (_stop.IsCancellationRequested)
            return (_interrupt ? TrainingState.Interrupted : TrainingState.Stopped, null, notice);
        SetState(TrainingState.Running);
        return null;
    }

    /// <summary>Pauses at the next step boundary with a reason the user sees (the checkpoint that failed).</summary>
    private void PauseBecause(string notice)
    {
        _pauseNotice = notice;
        _notPaused.Reset();
    }

    private (TrainingState, string?, string?) Diverged(long step, long lastCheckpoint, string what)
    {
        var healthy = _checkpoints is null
            ? "Create a new lab with a lower learning rate."
            : lastCheckpoint > 0
                ? $"The last healthy checkpoint (step {lastCheckpoint}) is intact: resume continues from it, or fork the lab with a lower learning rate."
                : "No healthy checkpoint was written yet: resume starts again from fresh weights; a lower learning rate is more likely to get through.";
        return (TrainingState.Diverged, null, $"Training diverged at step {step}: {what}. {healthy}");
    }

    private void ServeInspections(GanStep step)
    {
        while (_inspections.TryDequeue(out var inspect))
        {
            using var scope = NewDisposeScope();
            inspect.Run(step);
        }
    }

    private PendingCheckpoint Snapshot(int completedEpochs, int stepsIntoEpoch, long stepCount, TrainingClock clock, GanStep step, RunRandom random, Tensor fixedNoise, Tensor? order)
    {
        var header = new CheckpointHeader(CheckpointFile.FormatVersion, TorchSharpVersion, DateTimeOffset.UtcNow, completedEpochs,
            stepsIntoEpoch, stepCount, clock.Seconds, _settings, _data.Shape, _data.Id, _data.Count);
        return new PendingCheckpoint(header, () => TrainingSnapshot.Capture(step, random, fixedNoise, order));
    }

    /// <summary>Writes a checkpoint; the reason it failed, or null.</summary>
    private string? TryCheckpoint(PendingCheckpoint snapshot)
    {
        try
        {
            var clock = Stopwatch.StartNew();
            var path = _checkpoints!.Directory.Save(snapshot.Header, snapshot.Sections());
            _observer.OnCheckpointWritten(path, snapshot.Header, clock.Elapsed);
            return null;
        }
        catch (CheckpointException e)
        {
            return $"Paused: {e.Message}";
        }
    }

    private static bool WeightsAreFinite(GanStep step)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return step.Generator.parameters().Concat(step.Discriminator.parameters()).All(p => p.isfinite().all().item<bool>());
    }

    /// <summary>Fresh weights, or the newest good checkpoint when the plan asks to resume.</summary>
    private Position Resume(GanStep step, RunRandom random)
    {
        if (_checkpoints is not { ResumeFromLatest: true })
            return Position.Fresh(FixedNoise.Create(_settings.LatentDim, _settings.Seed));

        var skipped = new List<CheckpointException>();
        var loaded = _checkpoints.Directory.LoadLatest(skipped.Add, Incompatibility);
        if (loaded is null)
        {
            _observer.OnResumed(new ResumePoint(0, 0, 0, null, skipped));
            return Position.Fresh(FixedNoise.Create(_settings.LatentDim, _settings.Seed));
        }
        var (fixedNoise, order) = TrainingSnapshot.Restore(loaded, step, random);
        var h = loaded.Header;
        _observer.OnResumed(new ResumePoint(h.Step, h.CompletedEpochs, h.StepsIntoEpoch, loaded.File, skipped));
        return new Position(false, h.CompletedEpochs, h.StepsIntoEpoch, h.Step, h.TrainingSeconds, fixedNoise, order);
    }

    /// <summary>Why a checkpoint cannot continue this run, or null when it can.</summary>
    private string? Incompatibility(CheckpointHeader h)
    {
        var ours = _settings.ArchitectureFor(_data.Shape);
        var theirs = h.Settings.ArchitectureFor(h.Image);
        if (ours != theirs)
            return $"was written for {TrainingSnapshot.Describe(h)}, but this run is built for {ours.Image.Channels}×{ours.Image.Size}×{ours.Image.Size} images, noise {ours.LatentDim}, widths {ours.GeneratorWidth}/{ours.DiscriminatorWidth}.";
        if (h.DatasetId != _data.Id || h.DatasetCount != _data.Count)
            return $"was written while training on '{h.DatasetId}' ({h.DatasetCount} images), not '{_data.Id}' ({_data.Count}).";
        if (h.Settings.BatchSize != _settings.BatchSize)
            return $"was written with batch size {h.Settings.BatchSize}, not {_settings.BatchSize}.";
        return null;
    }

    private static readonly string TorchSharpVersion =
        typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(torch).Assembly.GetName().Version?.ToString() ?? "unknown";

    private void SetState(TrainingState state, string? error = null, string? notice = null)
    {
        _state = state;
        _observer.OnStateChanged(state, error, notice);
    }

    public void Dispose()
    {
        Stop();
        _thread?.Join();
        _notPaused.Dispose();
        _stop.Dispose();
    }

    private sealed record Inspection(Action<GanStep> Run, Action Cancel);

    /// <summary>A checkpoint about to be written: the header now, the tensors' bytes only when it is really written.</summary>
    private sealed record PendingCheckpoint(CheckpointHeader Header, Func<Dictionary<string, byte[]>> Sections);

    private sealed record Position(bool IsFresh, int CompletedEpochs, int StepsIntoEpoch, long Step, double Seconds, Tensor FixedNoise, Tensor? EpochOrder)
    {
        public static Position Fresh(Tensor fixedNoise) => new(true, 0, 0, 0, 0, fixedNoise, null);
    }

    /// <summary>Training time, pauses excluded, continuing from where a restored checkpoint's clock stood.</summary>
    private sealed class TrainingClock(double offsetSeconds)
    {
        private readonly Stopwatch _watch = new();
        public double Seconds => offsetSeconds + _watch.Elapsed.TotalSeconds;
        public void Start() => _watch.Start();
        public void Stop() => _watch.Stop();
    }
}
