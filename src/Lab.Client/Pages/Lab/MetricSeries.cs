using Lab.Contracts;

namespace Lab.Client.Pages.Lab;

/// <summary>
/// The step metrics a chart shows, bounded: a long run (50 epochs of Fashion-MNIST is ~47k steps) would make every
/// browser redraw slower, so once more than <c>maxPoints</c> are kept, every other kept point is dropped and only every
/// <see cref="Stride"/>-th new step is kept from then on. Steps at or before <see cref="LastStep"/> are ignored, so the
/// history, a catch-up read and live pushes may overlap freely.
/// </summary>
public sealed class MetricSeries
{
    private readonly int _maxPoints;
    private List<MetricPoint> _kept = [];
    private int _skip;

    public MetricSeries(int maxPoints)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 2);
        _maxPoints = maxPoints;
    }

    public IReadOnlyList<MetricPoint> Kept => _kept;

    /// <summary>Forgets everything, for a run that continues from an earlier checkpoint and records its steps anew.</summary>
    public void Clear()
    {
        _kept = [];
        LastStep = -1;
        Stride = 1;
    }
    public long LastStep { get; private set; } = -1;
    public int Stride { get; private set; } = 1;

    /// <summary>
    /// Takes new points. Answers the kept ones to append to the chart, or <c>Thinned</c> when the whole series was
    /// thinned and the chart must be drawn again from <see cref="Kept"/>.
    /// </summary>
    public (IReadOnlyList<MetricPoint> Appended, bool Thinned) Add(IEnumerable<MetricPoint> points)
    {
        var appended = new List<MetricPoint>();
        var thinned = false;
        foreach (var point in points)
        {
            if (point.Step <= LastStep) continue;
            LastStep = point.Step;
            if (_skip > 0)
            {
                _skip--;
                continue;
            }

            _kept.Add(point);
            appended.Add(point);
            _skip = Stride - 1;
            if (_kept.Count > _maxPoints)
            {
                // Keep the newest point and every other one before it, so the line still ends where training is.
                var count = _kept.Count;
                _kept = _kept.Where((_, i) => (count - 1 - i) % 2 == 0).ToList();
                Stride *= 2;
                _skip = Stride - 1;
                thinned = true;
            }
        }
        return thinned ? (_kept, true) : (appended, false);
    }
}
