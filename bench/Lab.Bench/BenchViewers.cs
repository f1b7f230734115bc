using System.Net.Http.Json;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

/// <summary>
/// A viewer that keeps up: the .NET SignalR client over WebSockets, watching one lab. It checks that the steps it
/// receives are consecutive from its first one on (gaps and duplicates) and, where points carry `wallTime` (Unix
/// seconds at the step's end on the server), how long each step took to reach it.
/// </summary>
sealed class HubViewer : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly object _gate = new();
    private readonly List<(long Step, double DelaySeconds)> _delays = [];
    private long _last = -1;
    private long _messages, _gaps, _duplicates;

    private HubViewer(HubConnection connection) => _connection = connection;

    public long Messages => Interlocked.Read(ref _messages);
    public long Gaps { get { lock (_gate) return _gaps; } }
    public long Duplicates { get { lock (_gate) return _duplicates; } }
    public long LastStep { get { lock (_gate) return _last; } }
    public bool SawWallTime { get; private set; }
    public string? ClosedWith { get; private set; }
    public bool Closed { get; private set; }

    public IReadOnlyList<(long Step, double DelaySeconds)> Delays { get { lock (_gate) return _delays.ToList(); } }

    public static async Task<HubViewer> ConnectAsync(Uri baseUrl, string labId, CancellationToken cancel)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(baseUrl, "hubs/lab"), HttpTransportType.WebSockets)
            .Build();
        var viewer = new HubViewer(connection);
        connection.On<string, JsonElement>("metrics", (_, points) => viewer.OnMetrics(points));
        connection.On<string, JsonElement>("samples", (_, _) => { });
        connection.On<string, JsonElement>("status", (_, _) => { });
        connection.Closed += e => { viewer.Closed = true; viewer.ClosedWith = e?.Message; return Task.CompletedTask; };
        await connection.StartAsync(cancel);
        var snapshot = await connection.InvokeAsync<JsonElement?>("Watch", labId, cancel);
        if (snapshot is null || snapshot.Value.ValueKind == JsonValueKind.Null) throw new InvalidOperationException($"Watch({labId}) answered null");
        return viewer;
    }

    private void OnMetrics(JsonElement points)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        Interlocked.Increment(ref _messages);
        lock (_gate)
        {
            foreach (var point in points.EnumerateArray())
            {
                var step = point.GetProperty("step").GetInt64();
                if (_last >= 0)
                {
                    if (step <= _last) { _duplicates++; continue; }
                    _gaps += step - _last - 1;
                }
                _last = step;
                // Optional: servers before wallTime send none, and a point without one may carry 0.
                if (point.TryGetProperty("wallTime", out var wall) && wall.ValueKind == JsonValueKind.Number && wall.GetDouble() > 0)
                {
                    SawWallTime = true;
                    _delays.Add((step, now - wall.GetDouble()));
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try { await _connection.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)); } catch (Exception) { }
    }
}

/// <summary>
/// A viewer that cannot keep up: a raw WebSocket that does the SignalR negotiate, handshake and `Watch`, then never
/// reads again (it still sends a ping every 10 s, as a live but slow browser tab would, so the server does not drop it
/// for silence). Its socket's receive buffer is set small so the server's writes back up soon rather than after
/// megabytes.
/// </summary>
sealed partial class StalledViewer : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private readonly ClientWebSocket _socket;
    private readonly HttpMessageInvoker _invoker;
    private readonly Timer _ping;
    private int _pingFailures;

    private StalledViewer(ClientWebSocket socket, HttpMessageInvoker invoker)
    {
        _socket = socket;
        _invoker = invoker;
        _ping = new Timer(_ => Ping(), null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
    }

    public static async Task<StalledViewer> ConnectAsync(Uri baseUrl, string labId, HttpClient http, CancellationToken cancel)
    {
        using var negotiate = await http.PostAsync(new Uri(baseUrl, "hubs/lab/negotiate?negotiateVersion=1"), null, cancel);
        negotiate.EnsureSuccessStatusCode();
        var token = (await negotiate.Content.ReadFromJsonAsync<JsonElement>(cancel)).GetProperty("connectionToken").GetString();
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = 4096 };
                try { await socket.ConnectAsync(context.DnsEndPoint, ct); }
                catch { socket.Dispose(); throw; }
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        var invoker = new HttpMessageInvoker(handler);
        var ws = new ClientWebSocket();
        var uri = new UriBuilder(new Uri(baseUrl, "hubs/lab")) { Scheme = "ws", Query = $"id={Uri.EscapeDataString(token!)}" }.Uri;
        await ws.ConnectAsync(uri, invoker, cancel);
        await SendText(ws, "{\"protocol\":\"json\",\"version\":1}" + RecordSeparator, cancel);
        await SendText(ws, $"{{\"type\":1,\"target\":\"Watch\",\"arguments\":[\"{labId}\"]}}" + RecordSeparator, cancel);
        return new StalledViewer(ws, invoker);
    }

    private static Task SendText(ClientWebSocket ws, string text, CancellationToken cancel) =>
        ws.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, cancel);

    private void Ping()
    {
        try { SendText(_socket, "{\"type\":6}" + RecordSeparator, CancellationToken.None).Wait(TimeSpan.FromSeconds(5)); }
        catch (Exception) { Interlocked.Increment(ref _pingFailures); }
    }

    /// <summary>
    /// Reads, for the first time since the handshake, whatever the server kept for this viewer: whether the server
    /// closed it (a SignalR close message or the socket closing) or it is still open, and the last step it was sent.
    /// </summary>
    public async Task<StalledReport> DrainAsync(TimeSpan patience)
    {
        _ping.Dispose();
        var buffer = new byte[64 * 1024];
        long bytes = 0, lastStep = -1;
        var text = new StringBuilder();
        string state = "open (still connected)";
        using var window = new CancellationTokenSource(patience);
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, window.Token);
                if (result.MessageType == WebSocketMessageType.Close) { state = $"closed by server (WebSocket close {_socket.CloseStatus})"; break; }
                bytes += result.Count;
                text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
                if (text.Length > 1 << 20) text.Remove(0, text.Length - 4096);
            }
        }
        catch (OperationCanceledException) { }
        catch (Exception e) when (e is WebSocketException or IOException) { state = $"aborted by server ({e.GetBaseException().Message})"; }
        var all = text.ToString();
        foreach (Match m in StepField().Matches(all)) lastStep = Math.Max(lastStep, long.Parse(m.Groups[1].Value));
        if (all.Contains("{\"type\":7")) state = "closed by server (SignalR close message)";
        return new StalledReport(state, bytes, lastStep, _pingFailures);
    }

    public ValueTask DisposeAsync()
    {
        _ping.Dispose();
        _socket.Abort();
        _socket.Dispose();
        _invoker.Dispose();
        return ValueTask.CompletedTask;
    }

    [GeneratedRegex("\"step\":(\\d+)")]
    private static partial Regex StepField();
}

sealed record StalledReport(string State, long BytesRead, long LastStep, int PingFailures);
