using System.Diagnostics;
using Lab.Engine.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Lab.Engine.Training;

/// <summary>
/// One training run on its own dedicated thread (never a request or UI thread: TorchSharp's dispose scopes are
/// thread-static, and a long step would block whoever called). Pause and stop take effect at the next step boundary.
/// </summary>
public sealed class TrainingRun : IDisposable
{
    private readonly TrainingSettings _settings;
    private readonly ImageDataset _data;
    private readonly Device _device;
    private readonly ITrainingObserver _observer;
    private readonly ManualResetEventSlim _notPaused = new(true);
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Thread? _thread;
    private volatile TrainingState _state = TrainingState.NotStarted;

    public TrainingRun(TrainingSettings settings, ImageDataset data, Device device, ITrainingObserver observer)
    {
        _settings = settings;
        _data = data;
        _device = device;
        _observer = observer;
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

    public void Stop()
    {
        _stop.Cancel();
        _notPaused.Set();
    }

    private void Run()
    {
        try
        {
            SetState(TrainingState.Running);
            var outcome = Train();
            SetState(outcome.State, outcome.Error);
        }
        catch (Exception e)
        {
            SetState(TrainingState.Failed, e.Message);
        }
        finally
        {
            _completion.TrySetResult();
        }
    }

    private (TrainingState State, string? Error) Train()
    {
        using var random = new RunRandom(_settings.Seed, _device);
        using var step = new GanStep(_settings.ArchitectureFor(_data.Shape), _settings.LearningRate, _device, random);
        using var fixedNoise = FixedNoise.Create(_settings.LatentDim, _settings.Seed).to(_device);
        var clock = new Stopwatch();
        long stepCount = 0;

        _observer.OnSampleGrid(0, 0, SampleGrid.Render(step.Generator, fixedNoise));
        for (int epoch = 1; epoch <= _settings.Epochs; epoch++)
        {
            using var order = randperm(_data.Count, generator: random.Host);
            for (int batch = 0; batch < StepsPerEpoch; batch++)
            {
                if (!WaitWhilePaused(clock)) return (TrainingState.Stopped, null);
                clock.Start();
                StepMetrics metrics;
                using (NewDisposeScope())
                {
                    int start = batch * _settings.BatchSize;
                    int size = Math.Min(_settings.BatchSize, _data.Count - start);
                    var real = _data.Batch(order.narrow(0, start, size), _device);
                    var noise = randn([size, _settings.LatentDim], generator: random.Host).to(_device);
                    var values = step.Train(real, noise).cpu().data<float>().ToArray();
                    stepCount++;
                    metrics = new StepMetrics(stepCount, epoch, values[0], values[1], values[2], values[3], clock.Elapsed.TotalSeconds);
                }
                _observer.OnStep(metrics);
                if (!metrics.IsFinite)
                    return (TrainingState.Failed, $"Training diverged at step {stepCount}: a loss became NaN or infinite. Try a lower learning rate.");
            }
            if (epoch % _settings.SampleEvery == 0 || epoch == _settings.Epochs)
                _observer.OnSampleGrid(epoch, stepCount, SampleGrid.Render(step.Generator, fixedNoise));
        }
        return (TrainingState.Completed, null);
    }

    /// <summary>Blocks at a step boundary while paused; false when the run should stop.</summary>
    private bool WaitWhilePaused(Stopwatch clock)
    {
        if (_stop.IsCancellationRequested) return false;
        if (_notPaused.IsSet) return true;
        clock.Stop();
        SetState(TrainingState.Paused);
        _notPaused.Wait();
        if (_stop.IsCancellationRequested) return false;
        SetState(TrainingState.Running);
        return true;
    }

    private void SetState(TrainingState state, string? error = null)
    {
        _state = state;
        _observer.OnStateChanged(state, error);
    }

    public void Dispose()
    {
        Stop();
        _thread?.Join();
        _notPaused.Dispose();
        _stop.Dispose();
    }
}
