namespace Lab.Engine.Training;

/// <summary>One finished epoch: mean losses and verdicts over its steps, its training time and images per second.</summary>
public readonly record struct EpochStats(int Epoch, long Step, double GeneratorLoss, double DiscriminatorLoss, double DReal, double DFake, double Seconds, double ImagesPerSecond);

/// <summary>Sums an epoch's steps as they come; finite values only, so one diverged step does not poison the means.</summary>
internal sealed class EpochAccumulator
{
    private double _g, _d, _real, _fake;
    private int _steps, _images;
    private double _startSeconds;

    public void Begin(double seconds) { _g = _d = _real = _fake = 0; _steps = _images = 0; _startSeconds = seconds; }

    public void Add(StepMetrics m, int images)
    {
        _images += images;
        if (!m.IsFinite) return;
        _g += m.GeneratorLoss; _d += m.DiscriminatorLoss; _real += m.DReal; _fake += m.DFake;
        _steps++;
    }

    public EpochStats End(int epoch, long step, double seconds)
    {
        var elapsed = seconds - _startSeconds;
        double Mean(double sum) => _steps > 0 ? sum / _steps : double.NaN;
        return new EpochStats(epoch, step, Mean(_g), Mean(_d), Mean(_real), Mean(_fake), elapsed, elapsed > 0 ? _images / elapsed : 0);
    }
}
