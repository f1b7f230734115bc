using Lab.Contracts;

namespace Lab.Server.Live;

/// <summary>
/// A long run's history cut to a size a chart can draw: evenly spaced raw points (not averages, so a spike that is
/// kept is shown as it was), always with the first and the last, so that the live stream continues from the last.
/// </summary>
public static class MetricDownsampling
{
    public static IReadOnlyList<MetricPoint> Pick(IReadOnlyList<MetricPoint> points, int maxPoints)
    {
        if (maxPoints <= 0 || points.Count <= maxPoints) return points;
        if (maxPoints == 1) return [points[^1]];
        var last = points.Count - 1;
        var picked = new List<MetricPoint>(maxPoints);
        for (int i = 0; i < maxPoints; i++) picked.Add(points[(int)((long)i * last / (maxPoints - 1))]);
        return picked;
    }
}
