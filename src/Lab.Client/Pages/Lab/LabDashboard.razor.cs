using Lab.Client.Components;
using Lab.Contracts;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace Lab.Client.Pages.Lab;

/// <summary>
/// One lab, live. Reads the lab while initialising (the prerendered page); once interactive it joins the lab through
/// <see cref="ILabService.JoinAsync"/> (history and live stream with no gap or duplicate between them) and looks for
/// the control key (a cookie the control URL stored). The subscription is owned here and released in
/// <see cref="Dispose"/>, which Blazor calls when the circuit (the tab) goes away; a tab that comes back after its
/// circuit is gone reloads (Blazor's reconnect does so) and joins afresh, so it rebuilds from the server's history.
/// </summary>
public sealed partial class LabDashboard : ComponentBase, ILabObserver, IDisposable
{
    /// <summary>Name of the cookie that holds a lab's control key; the server sets it when the control URL is opened.</summary>
    public static string KeyCookieName(string labId) => LabUrls.KeyCookie(labId);

    private LabView? _lab;
    private string _datasetName = "";
    private IReadOnlyList<MetricPoint> _history = [];
    // Live updates that arrive while the join's history is being drawn; replayed after it, in order.
    private List<Func<Task>>? _early = [];
    private List<SamplePoint> _samples = [];
    private LossChart? _chart;
    private IDisposable? _subscription;
    private string? _key;
    private bool _keyChecked;
    private bool _canControl;
    private volatile bool _disposed;
    private bool _stale;
    private bool _sharing;
    private bool _forking;

    [Parameter, EditorRequired] public string LabId { get; set; } = "";

    protected override void OnInitialized()
    {
        _lab = Labs.Get(LabId);
        if (_lab is null) return;

        _datasetName = DatasetNames.Of(Labs.Datasets(), _lab.Config.Dataset);
        _samples = Labs.Samples(LabId).OrderBy(s => s.Epoch).ToList();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || _lab is null) return;

        Connection.Reconnected += OnReconnectedAsync;
        if (await Labs.JoinAsync(LabId, this) is not { } joined) return;
        _subscription = joined.Subscription;
        _lab = joined.Lab;
        _samples = joined.Samples.OrderBy(s => s.Epoch).ToList();
        if (_chart is not null) await _chart.ReplaceAsync(joined.Metrics);
        // Updates that come while one of these is awaited join the end of the list, so order is kept.
        while (_early!.Count > 0)
        {
            var next = _early[0];
            _early.RemoveAt(0);
            await next();
        }
        _early = null;

        _key = await ReadKeyAsync();
        _canControl = Labs.CanControl(LabId, _key);
        _keyChecked = true;
        StateHasChanged();
    }

    private async Task<string?> ReadKeyAsync()
    {
        try
        {
            return await JS.InvokeAsync<string?>("labLab.readCookie", KeyCookieName(LabId));
        }
        catch (JSException)
        {
            // lab.js missing or failing: the page still works, read-only.
            return null;
        }
    }

    private void Send(LabCommand command)
    {
        var result = Labs.Control(LabId, command, _key);
        if (result.Lab is not null) _lab = result.Lab;
        if (result.Outcome == ControlOutcome.Done) return;

        Snackbar.Add(result.Message ?? RefusalText(command, result.Outcome),
            result.Outcome == ControlOutcome.Conflict ? Severity.Warning : Severity.Error);
        if (result.Outcome == ControlOutcome.Forbidden) _canControl = Labs.CanControl(LabId, _key);
    }

    private void OnKeyRotated(string key)
    {
        _key = key;
        _canControl = Labs.CanControl(LabId, _key);
        Snackbar.Add("New control link made: the old one no longer works.", Severity.Success);
    }

    private static string RefusalText(LabCommand command, ControlOutcome outcome) => outcome switch
    {
        ControlOutcome.Forbidden => $"{command} needs this lab's control key.",
        ControlOutcome.NotFound => "This lab no longer exists.",
        _ => $"{command} is not possible right now.",
    };

    private void AddSample(SamplePoint sample)
    {
        var at = _samples.FindIndex(s => s.Epoch == sample.Epoch);
        if (at >= 0) _samples[at] = sample;
        else
        {
            _samples.Add(sample);
            _samples.Sort((a, b) => a.Epoch.CompareTo(b.Epoch));
        }
    }

    Task ILabObserver.OnMetricsAsync(string labId, IReadOnlyList<MetricPoint> points) => OnPageAsync(async () =>
    {
        // Status is pushed only on changes; epoch, step, speed and ETA move with every batch of metrics.
        if (Labs.Get(LabId) is { } lab) _lab = lab;
        if (_chart is not null) await _chart.AppendAsync(points);
    });

    Task ILabObserver.OnSampleAsync(string labId, SamplePoint sample) => OnPageAsync(() =>
    {
        AddSample(sample);
        return Task.CompletedTask;
    });

    Task ILabObserver.OnStatusAsync(string labId, LabView lab) => OnPageAsync(async () =>
    {
        _lab = lab;
        // Resumed from a checkpoint behind what this page drew: the server dropped the later steps and grids.
        if (_chart is not null && lab.Step < _chart.LastStep) await RewindAsync();
    });

    /// <summary>
    /// The browser was away while the circuit lived on: chart updates sent meanwhile were lost, so draw the chart and
    /// the grids again from the server's history. The subscription never paused, so nothing is missing after it.
    /// </summary>
    private Task OnReconnectedAsync() => _stale ? OnPageAsync(async () =>
    {
        _stale = false;
        if (Labs.Get(LabId) is { } lab) _lab = lab;
        _samples = Labs.Samples(LabId).OrderBy(s => s.Epoch).ToList();
        if (_chart is not null) await _chart.ReplaceAsync(Labs.Metrics(LabId, 0, LabJoin.DefaultMaxPoints));
    }) : Task.CompletedTask;

    private async Task RewindAsync()
    {
        _samples = Labs.Samples(LabId).OrderBy(s => s.Epoch).ToList();
        if (_chart is not null) await _chart.ReplaceAsync(Labs.Metrics(LabId));
    }

    /// <summary>
    /// Observer calls come on a background thread: run them on the page's dispatcher, re-render, and report failures
    /// to the page's error handling instead of losing them on that thread.
    /// </summary>
    private async Task OnPageAsync(Func<Task> update)
    {
        if (_disposed) return;
        try
        {
            await InvokeAsync(async () =>
            {
                if (_disposed) return;
                if (_early is not null)
                {
                    _early.Add(update);
                    return;
                }
                await update();
                StateHasChanged();
            });
        }
        catch (Exception ex) when (_disposed && ex is OperationCanceledException or JSDisconnectedException or ObjectDisposedException)
        {
            // The tab closed while this update was on its way.
        }
        catch (JSDisconnectedException)
        {
            // The browser is away (a sleeping tab, a dropped network); redrawn when it is back.
            _stale = true;
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        Connection.Reconnected -= OnReconnectedAsync;
        _subscription?.Dispose();
        _subscription = null;
    }
}
