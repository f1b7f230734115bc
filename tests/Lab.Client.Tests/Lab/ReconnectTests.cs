using Lab.Client.Pages.Lab;
using Lab.Contracts;
using Microsoft.JSInterop;

namespace Lab.Client.Tests.Lab;

/// <summary>A browser that goes away and comes back gets the chart drawn again from the server, not an error page.</summary>
public class ReconnectTests : LabTestContext
{
    [Fact]
    public async Task Updates_lost_while_the_browser_was_away_are_redrawn_from_history_when_it_returns()
    {
        Fake.Labs["lab1"] = FakeLabService.NewLab(status: LabStatus.Running);
        Fake.MetricsOf["lab1"] = [.. Enumerable.Range(1, 3).Select(s => FakeLabService.Point(s))];
        var plotly = JSInterop.SetupModule(PlotlyInterop);
        plotly.Mode = JSRuntimeMode.Loose;
        var cut = Render<LabPage>(ps => ps.Add(p => p.Id, "lab1"));
        cut.WaitForAssertion(() => Assert.Single(JSInterop.Invocations["newPlot"]));

        // The connection drops: the next chart update cannot reach the browser.
        await Connection.OnConnectionDownAsync(null!, default);
        plotly.SetupVoid("extendTraces", _ => true).SetException(new JSDisconnectedException("the browser is away"));
        Fake.MetricsOf["lab1"].AddRange(Enumerable.Range(4, 3).Select(s => FakeLabService.Point(s)));
        await Task.Run(() => Fake.Subscriptions[0].Observer.OnMetricsAsync("lab1", Fake.MetricsOf["lab1"].Skip(3).ToList()));
        cut.WaitForAssertion(() => Assert.NotEmpty(JSInterop.Invocations["extendTraces"]));
        Assert.Empty(JSInterop.Invocations["react"]);

        // Back: the whole chart is drawn again from the server's record, the page still works.
        await Connection.OnConnectionUpAsync(null!, default);
        cut.WaitForAssertion(() => Assert.Single(JSInterop.Invocations["react"]));
        Assert.Equal("6", cut.Find("[data-testid=loss-chart]").GetAttribute("data-last-step"));
        Assert.Equal("running", cut.Find("[data-testid=status-chip]").GetAttribute("data-status"));
    }
}
