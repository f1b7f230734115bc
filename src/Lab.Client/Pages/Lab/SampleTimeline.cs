using Lab.Contracts;

namespace Lab.Client.Pages.Lab;

/// <summary>Which recorded grids the thumbnail strip shows: all of them, or evenly spaced ones that keep the first and the newest.</summary>
public static class SampleTimeline
{
    public static IReadOnlyList<SamplePoint> Pick(IReadOnlyList<SamplePoint> samples, int max)
    {
        if (samples.Count <= max || max < 2) return samples;
        var last = samples.Count - 1;
        return Enumerable.Range(0, max)
            .Select(i => (int)Math.Round(i * (double)last / (max - 1)))
            .Distinct()
            .Select(i => samples[i])
            .ToList();
    }
}
