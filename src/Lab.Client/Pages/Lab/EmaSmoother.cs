namespace Lab.Client.Pages.Lab;

/// <summary>
/// TensorBoard's scalar smoothing: an exponential moving average with its start-up bias divided out, so the first
/// points are not pulled towards zero. Causal (a value depends only on the points before it), which is why a chart can
/// extend its smoothed line as training runs and never has to change what it already drew. Non-finite values
/// (a diverged step) pass through and do not disturb the average.
/// </summary>
public sealed class EmaSmoother(double weight)
{
    private double _average;
    private int _count;

    public double Weight { get; } = Math.Clamp(weight, 0, 0.999);

    public double Next(double value)
    {
        if (!double.IsFinite(value)) return value;
        _average = _average * Weight + (1 - Weight) * value;
        _count++;
        var debias = 1 - Math.Pow(Weight, _count);
        return debias == 0 ? value : _average / debias;
    }

    public static double[] Smooth(IEnumerable<double> values, double weight)
    {
        var smoother = new EmaSmoother(weight);
        return values.Select(smoother.Next).ToArray();
    }
}
