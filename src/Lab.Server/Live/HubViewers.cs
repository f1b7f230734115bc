using System.Collections.Concurrent;
using Lab.Server.Options;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Lab.Server.Live;

/// <summary>
/// The hub connections watching each lab. Kept here rather than as a SignalR group because a group send waits for
/// its slowest member: one viewer whose network has stalled would hold every other viewer's messages back. Sending
/// to each connection on its own, and not waiting, lets the rest go on; a viewer that has not taken a message for
/// <see cref="LabOptions.SlowViewerSeconds"/> is disconnected (its client reconnects and joins again with history).
/// </summary>
public sealed class HubViewers(IOptions<LabOptions> options)
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, Viewer>> _byLab = new();

    public TimeSpan SlowViewerLimit => TimeSpan.FromSeconds(options.Value.SlowViewerSeconds);

    public void Add(string labId, HubCallerContext connection) =>
        _byLab.GetOrAdd(labId, _ => new()).TryAdd(connection.ConnectionId, new Viewer(connection));

    public void Remove(string labId, string connectionId)
    {
        if (_byLab.TryGetValue(labId, out var viewers)) viewers.TryRemove(connectionId, out _);
    }

    public void RemoveConnection(string connectionId)
    {
        foreach (var viewers in _byLab.Values) viewers.TryRemove(connectionId, out _);
    }

    public int Count(string labId) => _byLab.TryGetValue(labId, out var viewers) ? viewers.Count : 0;

    public ICollection<Viewer> Of(string labId) => _byLab.TryGetValue(labId, out var viewers) ? viewers.Values : [];

    /// <summary>One watching connection and how long its oldest unsent message has waited.</summary>
    public sealed class Viewer(HubCallerContext connection)
    {
        private readonly Lock _lock = new();
        private int _inFlight;
        private DateTime? _waitingSince;

        public string ConnectionId => connection.ConnectionId;

        public bool WaitingLongerThan(TimeSpan limit)
        {
            lock (_lock) return _waitingSince is { } since && DateTime.UtcNow - since > limit;
        }

        /// <summary>Follows a send without waiting for it; SignalR keeps one connection's messages in order.</summary>
        public void Track(Task send)
        {
            if (send.IsCompleted)
            {
                _ = send.Exception;
                return;
            }
            lock (_lock)
            {
                if (_inFlight++ == 0) _waitingSince = DateTime.UtcNow;
            }
            send.ContinueWith(t =>
            {
                _ = t.Exception;
                lock (_lock) if (--_inFlight == 0) _waitingSince = null;
            }, TaskScheduler.Default);
        }

        public void Disconnect() => connection.Abort();
    }
}
