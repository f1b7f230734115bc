using Lab.Client.Pages.Lab;
using Lab.Contracts;

namespace Lab.Client.Tests.Lab;

public class MetricSeriesTests
{
    private static IEnumerable<MetricPoint> Steps(long from, long to)
    {
        for (var s = from; s <= to; s++) yield return FakeLabService.Point(s);
    }

    [Fact]
    public void Steps_already_taken_are_skipped()
    {
        var series = new MetricSeries(100);
        series.Add(Steps(1, 5));

        var (appended, thinned) = series.Add(Steps(3, 7));

        Assert.False(thinned);
        Assert.Equal([6L, 7L], appended.Select(p => p.Step));
        Assert.Equal(7, series.LastStep);
        Assert.Equal(7, series.Kept.Count);
    }

    [Fact]
    public void A_long_run_stays_within_the_bound_and_still_reaches_the_newest_steps()
    {
        var series = new MetricSeries(1_000);
        var thinnings = 0;

        for (long start = 1; start <= 50_000; start += 250)
        {
            var (_, thinned) = series.Add(Steps(start, start + 249));
            if (thinned) thinnings++;
            Assert.InRange(series.Kept.Count, 1, 1_000);
        }

        Assert.Equal(50_000, series.LastStep);
        // The line ends less than one stride before the step training is at.
        Assert.InRange(series.Kept[^1].Step, 50_000 - series.Stride + 1, 50_000);
        Assert.InRange(series.Kept.Count, 500, 1_000);
        Assert.True(series.Stride >= 32, $"stride {series.Stride}");
        Assert.Equal(6, thinnings);
        // Thinning keeps the steps in order and roughly evenly spread.
        Assert.True(series.Kept.Zip(series.Kept.Skip(1)).All(p => p.First.Step < p.Second.Step));
        Assert.True(series.Kept[0].Step <= series.Stride);
    }

    [Fact]
    public void Thinning_answers_the_whole_series_to_redraw()
    {
        var series = new MetricSeries(4);
        series.Add(Steps(1, 4));

        var (points, thinned) = series.Add(Steps(5, 5));

        Assert.True(thinned);
        Assert.Equal([1L, 3L, 5L], points.Select(p => p.Step));
        Assert.Equal(2, series.Stride);
        // From now on every second step is kept.
        Assert.Empty(series.Add(Steps(6, 6)).Appended);
        Assert.Equal([7L], series.Add(Steps(7, 7)).Appended.Select(p => p.Step));
    }
}
