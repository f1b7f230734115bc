using System.Collections;
using Lab.Client.Pages.Lab;
using Lab.Contracts;

namespace Lab.Client.Tests.Lab;

/// <summary>The chart is drawn once from history and then only extended, never with a step it already has.</summary>
public class LossChartTests : LabTestContext
{
    private static MetricPoint[] Steps(long from, long to) =>
        Enumerable.Range((int)from, (int)(to - from + 1)).Select(s => FakeLabService.Point(s)).ToArray();

    private IReadOnlyList<long[]> ExtendedSteps() => JSInterop.Invocations["extendTraces"]
        .Select(i => ((IEnumerable)((IEnumerable)i.Arguments[1]!).Cast<object>().First()).Cast<object>().Select(Convert.ToInt64).ToArray())
        .ToList();

    private IRenderedComponent<LabPage> RenderRunningLab()
    {
        Fake.Labs["lab1"] = FakeLabService.NewLab(status: LabStatus.Running);
        Fake.MetricsOf["lab1"] = [.. Steps(1, 3)];
        var cut = Render<LabPage>(ps => ps.Add(p => p.Id, "lab1"));
        cut.WaitForAssertion(() => Assert.Single(JSInterop.Invocations["newPlot"]));
        return cut;
    }

    [Fact]
    public async Task Live_metrics_extend_the_chart_with_only_the_steps_not_drawn_yet()
    {
        var cut = RenderRunningLab();
        var observer = Fake.Subscriptions.Single().Observer;

        // Overlaps the history (2, 3), as a push racing the first read can.
        await Task.Run(() => observer.OnMetricsAsync("lab1", Steps(2, 5)));
        await Task.Run(() => observer.OnMetricsAsync("lab1", Steps(5, 5)));
        await Task.Run(() => observer.OnMetricsAsync("lab1", Steps(6, 7)));

        // The history follows the first draw (the page joins after Plotly has been given its first, empty plot).
        cut.WaitForAssertion(() => Assert.Equal(3, ExtendedSteps().Count));
        Assert.Equal([1L, 2L, 3L], ExtendedSteps()[0]);
        Assert.Equal([4L, 5L], ExtendedSteps()[1]);
        Assert.Equal([6L, 7L], ExtendedSteps()[2]);
        // The whole chart was drawn once, never again.
        Assert.Single(JSInterop.Invocations["newPlot"]);
        Assert.Empty(JSInterop.Invocations["react"]);
        Assert.Equal("7", cut.Find("[data-testid=loss-chart]").GetAttribute("data-last-step"));
    }

    [Fact]
    public async Task Metrics_refresh_progress_from_the_lab()
    {
        var cut = RenderRunningLab();
        Fake.Labs["lab1"] = FakeLabService.NewLab(status: LabStatus.Running, epoch: 2, step: 1000, stepsPerSecond: 2.0, etaSeconds: 3700);

        await Task.Run(() => Fake.Subscriptions[0].Observer.OnMetricsAsync("lab1", Steps(4, 4)));

        cut.WaitForAssertion(() => Assert.Equal("Epoch 2 of 50", cut.Find("[data-testid=progress-epoch]").TextContent.Trim()));
        Assert.Equal("ETA 1 h 1 min", cut.Find("[data-testid=progress-eta]").TextContent.Trim());
    }

    [Fact]
    public async Task Past_the_point_budget_the_chart_is_thinned_and_drawn_again_once()
    {
        Fake.Labs["lab1"] = FakeLabService.NewLab(status: LabStatus.Running);
        Fake.MetricsOf["lab1"] = [.. Steps(1, LossChart.MaxPointsPerTrace)];
        var cut = Render<LabPage>(ps => ps.Add(p => p.Id, "lab1"));
        cut.WaitForAssertion(() => Assert.Single(JSInterop.Invocations["newPlot"]));

        await Task.Run(() => Fake.Subscriptions[0].Observer.OnMetricsAsync("lab1", Steps(LossChart.MaxPointsPerTrace + 1, LossChart.MaxPointsPerTrace + 1)));
        await Task.Run(() => Fake.Subscriptions[0].Observer.OnMetricsAsync("lab1", Steps(LossChart.MaxPointsPerTrace + 2, LossChart.MaxPointsPerTrace + 3)));

        cut.WaitForAssertion(() => Assert.Single(JSInterop.Invocations["react"]));
        // After thinning every second step is kept: of 10,002 and 10,003 only one is drawn.
        Assert.Equal(LossChart.MaxPointsPerTrace, ExtendedSteps()[0].Length);
        Assert.Single(ExtendedSteps()[^1]);
        Assert.Equal(2, ExtendedSteps().Count);
    }

    [Fact]
    public async Task A_diverged_step_becomes_a_gap_not_a_failed_update()
    {
        var cut = RenderRunningLab();

        await Task.Run(() => Fake.Subscriptions[0].Observer.OnMetricsAsync("lab1",
            [new MetricPoint(4, 1, double.NaN, double.PositiveInfinity, 0.5, 0.5, 2.0)]));

        cut.WaitForAssertion(() => Assert.Equal(2, JSInterop.Invocations["extendTraces"].Count));
        var ys = ((IEnumerable)JSInterop.Invocations["extendTraces"][^1].Arguments[2]!).Cast<IEnumerable>()
            .Select(y => y.Cast<object?>().Single()).ToArray();
        // Traces 0-3 smoothed, 4-7 raw: the diverged losses are gaps in both, and do not disturb the averages.
        Assert.Equal([null, null, 0.5, 0.5], ys[4..]);
        Assert.Null(ys[0]);
        Assert.Null(ys[1]);
        Assert.All(ys[2..4], y => Assert.InRange((double)y!, 0.0, 1.0));
    }
}
