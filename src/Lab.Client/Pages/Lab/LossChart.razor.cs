using Lab.Contracts;
using Microsoft.AspNetCore.Components;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;
using PlotLayout = Plotly.Blazor.Layout;
using XTitle = Plotly.Blazor.LayoutLib.XAxisLib.Title;
using YTitle = Plotly.Blazor.LayoutLib.YAxisLib.Title;

namespace Lab.Client.Pages.Lab;

/// <summary>
/// Draws <see cref="History"/> once, then grows by <see cref="AppendAsync"/> with Plotly's extendTraces: the chart is
/// never re-sent whole per update. Points that arrive before Plotly has drawn the first plot wait in a buffer, because
/// extending a plot that does not exist yet makes the first draw race and points appear twice.
/// Traces 0-3 are the smoothed lines (what the legend and hover name), 4-7 the same values raw and faint; x is the step,
/// so a hover label always names the step it shows, and smoothing is causal, so extending never changes drawn values.
/// </summary>
public sealed partial class LossChart : ComponentBase, IDisposable
{
    /// <summary>Per trace; past it the series is thinned (see <see cref="MetricSeries"/>) and drawn again once.</summary>
    public const int MaxPointsPerTrace = 10_000;

    /// <summary>TensorBoard's default.</summary>
    public const double DefaultSmoothing = 0.6;

    private static readonly int[] AllTraces = [0, 1, 2, 3, 4, 5, 6, 7];
    private static readonly (string Name, string Color, string Axis, Func<MetricPoint, double> Value)[] Series =
    [
        ("G loss", "#1e88e5", "y", p => p.GLoss),
        ("D loss", "#e53935", "y", p => p.DLoss),
        ("D(x)", "#43a047", "y2", p => p.DReal),
        ("D(G(z))", "#fb8c00", "y2", p => p.DFake),
    ];

    private readonly MetricSeries _series = new(MaxPointsPerTrace);
    private readonly List<MetricPoint> _waiting = [];
    private readonly CancellationTokenSource _closing = new();
    private readonly string _plotId = $"loss-chart-{Guid.NewGuid():N}";
    private PlotlyChart? _plot;
    private bool _drawn;
    private IList<ITrace> _traces = [];
    private PlotLayout _layout = new();
    private Config _config = new();
    private EmaSmoother[] _smoothers = [];

    public double Smoothing { get; private set; } = DefaultSmoothing;

    /// <summary>The metrics recorded before the page opened; read once, when the chart is first drawn.</summary>
    [Parameter, EditorRequired] public IReadOnlyList<MetricPoint> History { get; set; } = [];

    /// <summary>The newest step drawn (or waiting to be): the page reads from here after subscribing.</summary>
    public long LastStep => Math.Max(_series.LastStep, _waiting.Count == 0 ? -1 : _waiting.Max(p => p.Step));

    protected override void OnInitialized()
    {
        _series.Add(History);
        _traces = CreateTraces(_series.Kept);
        _layout = CreateLayout();
        _config = new Config { Responsive = true, DisplayLogo = false };
    }

    /// <summary>Adds new step metrics; steps already drawn are skipped, so overlapping batches are harmless.</summary>
    public async Task AppendAsync(IReadOnlyList<MetricPoint> points)
    {
        if (points.Count == 0) return;
        if (!_drawn || _plot is null)
        {
            _waiting.AddRange(points);
            return;
        }

        // The series is updated before the first await, so a push that interleaves at the await sees the new LastStep.
        var (appended, thinned) = _series.Add(points);
        if (thinned)
        {
            await RedrawAsync();
        }
        else if (appended.Count > 0)
        {
            var x = appended.Select(p => (object)p.Step).ToArray();
            IEnumerable<object>[] xs = [x, x, x, x, x, x, x, x];
            var smoothed = Series.Select((s, i) => Values(appended.Select(s.Value), _smoothers[i].Next));
            var raw = Series.Select(s => Values(appended.Select(s.Value)));
            await _plot.ExtendTraces(xs, smoothed.Concat(raw).ToArray(), AllTraces, cancellationToken: _closing.Token);
        }
    }

    private async Task OnSmoothingChanged(double smoothing)
    {
        Smoothing = smoothing;
        if (_drawn && _plot is not null) await RedrawAsync();
        else _traces = CreateTraces(_series.Kept);
    }

    /// <summary>The chart holds this very list: refill it and let Plotly diff the whole plot once.</summary>
    private async Task RedrawAsync()
    {
        var fresh = CreateTraces(_series.Kept);
        for (var i = 0; i < _traces.Count; i++) _traces[i] = fresh[i];
        await _plot!.React(_closing.Token);
    }

    /// <summary>
    /// Draws <paramref name="history"/> instead of everything so far: the lab resumed from a checkpoint before the newest
    /// step drawn, and the server has dropped the steps after it (they will be trained anew).
    /// </summary>
    public async Task ReplaceAsync(IReadOnlyList<MetricPoint> history)
    {
        _series.Clear();
        _waiting.Clear();
        if (!_drawn || _plot is null)
        {
            // Plotly may already be drawing the (empty) first plot from the list it was given: a new list would never
            // reach it. Empty that one and let the history follow the first draw, as early live points do.
            var empty = CreateTraces([]);
            for (var i = 0; i < _traces.Count; i++) _traces[i] = empty[i];
            _waiting.AddRange(history);
            return;
        }
        _series.Add(history);
        await RedrawAsync();
    }

    private void OnPlotDrawn() => _ = FlushWaitingAsync();

    private async Task FlushWaitingAsync()
    {
        try
        {
            await InvokeAsync(async () =>
            {
                _drawn = true;
                var waiting = _waiting.ToList();
                _waiting.Clear();
                await AppendAsync(waiting);
            });
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
            // The page closed while the first points were on their way: nothing left to draw on.
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    }

    public void Dispose() => _closing.Cancel();

    /// <summary>All eight traces from <paramref name="points"/>, with the smoothing restarted over them.</summary>
    private IList<ITrace> CreateTraces(IReadOnlyList<MetricPoint> points)
    {
        _smoothers = Series.Select(_ => new EmaSmoother(Smoothing)).ToArray();
        var smoothed = Series.Select((s, i) => Line(s.Name, s.Color, s.Axis, points, Values(points.Select(s.Value), _smoothers[i].Next), raw: false));
        var raw = Series.Select(s => Line(s.Name, s.Color, s.Axis, points, Values(points.Select(s.Value)), raw: true));
        return [.. smoothed, .. raw];
    }

    private static Scatter Line(string name, string color, string yAxis, IReadOnlyList<MetricPoint> points, object?[] y, bool raw) => new()
    {
        Name = raw ? $"{name} (raw)" : name,
        LegendGroup = name,
        ShowLegend = !raw,
        Opacity = raw ? 0.25m : 1m,
        Mode = ModeFlag.Lines,
        Line = new Line { Color = color, Width = raw ? 1m : 1.75m },
        XAxis = "x",
        YAxis = yAxis,
        X = points.Select(p => (object)p.Step).ToList(),
        Y = y.ToList(),
    };

    // JSON has no NaN: a diverged step (loss NaN or infinite) becomes a gap in the line instead of a failed update.
    private static object?[] Values(IEnumerable<double> values, Func<double, double>? transform = null) =>
        values.Select(v => transform is null ? v : transform(v)).Select(v => double.IsFinite(v) ? (object?)v : null).ToArray();

    private static PlotLayout CreateLayout() => new()
    {
        Margin = new Margin { L = 56, R = 16, T = 36, B = 44 },
        HoverMode = HoverModeEnum.XUnified,
        // Keeps the viewer's zoom when the chart is redrawn after thinning.
        UiRevision = "loss-chart",
        Legend = [new Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, Y = 1.12m, X = 0m }],
        XAxis = [new XAxis { Title = new XTitle { Text = "step" }, Anchor = "y2" }],
        YAxis =
        [
            new YAxis { Title = new YTitle { Text = "loss" }, Domain = [0.4, 1.0] },
            new YAxis { Title = new YTitle { Text = "D output" }, Domain = [0.0, 0.3], Range = [0.0, 1.0], FixedRange = true },
        ],
    };
}
