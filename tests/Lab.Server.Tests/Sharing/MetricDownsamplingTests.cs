using Lab.Contracts;
using Lab.Server.Live;

namespace Lab.Server.Tests.Sharing;

public class MetricDownsamplingTests
{
    private static MetricPoint[] Points(int count) => Enumerable.Range(1, count).Select(s => new MetricPoint(s, 1, s, 0, 0, 0, s)).ToArray();

    [Theory]
    [InlineData(10, 3)]
    [InlineData(47_000, 3000)]
    [InlineData(3001, 3000)]
    public void Keeps_evenly_spaced_real_points_with_the_first_and_the_last(int count, int max)
    {
        var points = Points(count);
        var picked = MetricDownsampling.Pick(points, max);
        Assert.Equal(max, picked.Count);
        Assert.Equal(1, picked[0].Step);
        Assert.Equal(count, picked[^1].Step);
        Assert.Equal(picked.Count, picked.Select(p => p.Step).Distinct().Count());
        var gaps = picked.Zip(picked.Skip(1), (a, b) => b.Step - a.Step).ToArray();
        Assert.True(gaps.Max() - gaps.Min() <= 1, $"gaps from {gaps.Min()} to {gaps.Max()}");
        Assert.All(picked, p => Assert.Same(points[p.Step - 1], p));
    }

    [Fact]
    public void Short_histories_and_no_limit_come_back_whole()
    {
        var points = Points(5);
        Assert.Same(points, MetricDownsampling.Pick(points, 5));
        Assert.Same(points, MetricDownsampling.Pick(points, 0));
        Assert.Equal([5L], MetricDownsampling.Pick(points, 1).Select(p => p.Step));
    }
}
