using Lab.Contracts;
using Lab.Server.Hubs;
using Lab.Server.Live;
using Lab.Server.Options;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lab.Server.Tests.Sharing;

/// <summary>
/// A viewer whose connection has stalled must not hold back the others, nor make the server queue for it without end.
/// SignalR's own connections are replaced by ones whose sends the test completes (or never completes).
/// </summary>
public class SlowViewerTests
{
    [Fact]
    public async Task A_stalled_viewer_delays_no_one_and_is_disconnected_after_the_limit()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new LabOptions { SlowViewerSeconds = 1 });
        var viewers = new HubViewers(options);
        var hub = new RecordingHub(stalled: "stalled");
        var broadcaster = new LabBroadcaster(hub, viewers, options, NullLogger<LabBroadcaster>.Instance);
        var stalled = new Connection("stalled");
        viewers.Add("lab", new Connection("quick"));
        viewers.Add("lab", stalled);

        for (int step = 1; step <= 3; step++)
        {
            broadcaster.PublishMetrics("lab", new MetricPoint(step, 1, 1, 1, 0.5, 0.5, step), persist: () => { });
            // Returns at once although one viewer takes nothing.
            await broadcaster.FlushAsync().WaitAsync(TimeSpan.FromSeconds(5));
        }
        Assert.Equal([1L, 2L, 3L], hub.Received("quick"));
        Assert.False(stalled.Aborted);
        Assert.Equal(2, viewers.Count("lab"));

        await Task.Delay(TimeSpan.FromSeconds(1.2));
        broadcaster.PublishMetrics("lab", new MetricPoint(4, 1, 1, 1, 0.5, 0.5, 4), persist: () => { });
        await broadcaster.FlushAsync().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(stalled.Aborted);
        Assert.Equal(1, viewers.Count("lab"));
        Assert.Equal([1L, 2L, 3L, 4L], hub.Received("quick"));
    }

    private sealed class Connection(string id) : HubCallerContext
    {
        public bool Aborted { get; private set; }
        public override string ConnectionId => id;
        public override string? UserIdentifier => null;
        public override System.Security.Claims.ClaimsPrincipal? User => null;
        public override IDictionary<object, object?> Items { get; } = new Dictionary<object, object?>();
        public override IFeatureCollection Features { get; } = new FeatureCollection();
        public override CancellationToken ConnectionAborted => CancellationToken.None;
        public override void Abort() => Aborted = true;
    }

    /// <summary>Sends to the stalled connection never complete; the others' metrics are recorded.</summary>
    private sealed class RecordingHub(string stalled) : IHubContext<LabHub>
    {
        private readonly Dictionary<string, List<long>> _received = [];

        public IHubClients Clients => new Recipients(this);
        public IGroupManager Groups => throw new NotSupportedException();

        public List<long> Received(string id) { lock (_received) return _received.GetValueOrDefault(id, []).ToList(); }

        private Task Send(string id, string method, object?[] args)
        {
            if (id == stalled) return new TaskCompletionSource().Task;
            if (method == "metrics")
                lock (_received)
                {
                    if (!_received.TryGetValue(id, out var list)) _received[id] = list = [];
                    list.AddRange(((IEnumerable<MetricPoint>)args[1]!).Select(p => p.Step));
                }
            return Task.CompletedTask;
        }

        private sealed class Recipients(RecordingHub hub) : IHubClients
        {
            public IClientProxy Client(string connectionId) => new Proxy(hub, connectionId);
            public IClientProxy All => throw new NotSupportedException();
            public IClientProxy AllExcept(IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();
            public IClientProxy Clients(IReadOnlyList<string> connectionIds) => throw new NotSupportedException();
            public IClientProxy Group(string groupName) => throw new NotSupportedException();
            public IClientProxy GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();
            public IClientProxy Groups(IReadOnlyList<string> groupNames) => throw new NotSupportedException();
            public IClientProxy User(string userId) => throw new NotSupportedException();
            public IClientProxy Users(IReadOnlyList<string> userIds) => throw new NotSupportedException();
        }

        private sealed class Proxy(RecordingHub hub, string id) : IClientProxy
        {
            public Task SendCoreAsync(string method, object?[] args, CancellationToken cancellationToken = default) => hub.Send(id, method, args);
        }
    }
}
