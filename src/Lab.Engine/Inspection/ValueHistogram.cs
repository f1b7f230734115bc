namespace Lab.Engine.Inspection;

/// <summary>A histogram of some values (activations, weights, step sizes) in equal bins from Min to Max, with their mean and spread.</summary>
public sealed record ValueHistogram(double Min, double Max, IReadOnlyList<long> Counts, double Mean, double StandardDeviation, long Total)
{
    public const int DefaultBins = 30;

    public static ValueHistogram Of(ReadOnlySpan<float> values, int bins = DefaultBins)
    {
        if (values.Length == 0) return new ValueHistogram(0, 0, new long[bins], 0, 0, 0);
        double min = double.MaxValue, max = double.MinValue, sum = 0;
        long finite = 0;
        foreach (var v in values)
        {
            if (!float.IsFinite(v)) continue;
            finite++;
            sum += v;
            if (v < min) min = v;
            if (v > max) max = v;
        }
        if (finite == 0) return new ValueHistogram(0, 0, new long[bins], double.NaN, double.NaN, 0);
        double mean = sum / finite, squares = 0;
        var counts = new long[bins];
        // A constant layer (all zeros at init, say) still gets one visible bar instead of a division by zero.
        double width = max > min ? (max - min) / bins : 1;
        foreach (var v in values)
        {
            if (!float.IsFinite(v)) continue;
            squares += (v - mean) * (v - mean);
            counts[Math.Min(bins - 1, (int)((v - min) / width))]++;
        }
        return new ValueHistogram(min, max, counts, mean, Math.Sqrt(squares / finite), finite);
    }
}
