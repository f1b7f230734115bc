using System.Collections.Concurrent;
using Lab.Contracts;

namespace Lab.Server.Labs;

/// <summary>Keeps everything in process memory: lost on restart (the persistence issue replaces it).</summary>
public sealed class InMemoryLabStore : ILabStore
{
    private readonly ConcurrentDictionary<string, LabRecord> _labs = new();
    private readonly ConcurrentDictionary<string, List<MetricPoint>> _metrics = new();
    private readonly ConcurrentDictionary<string, SortedList<int, (long Step, byte[] Png)>> _grids = new();

    public int Count => _labs.Count;

    public void Add(LabRecord lab)
    {
        _labs[lab.Id] = lab;
        _metrics[lab.Id] = [];
        _grids[lab.Id] = [];
    }

    public LabRecord? Find(string id) => _labs.GetValueOrDefault(id);

    public IReadOnlyList<LabRecord> All() => _labs.Values.OrderByDescending(l => l.CreatedAt).ToList();

    public void AppendMetrics(string labId, IReadOnlyList<MetricPoint> points)
    {
        var list = _metrics[labId];
        lock (list) list.AddRange(points);
    }

    public IReadOnlyList<MetricPoint> Metrics(string labId, long fromStep)
    {
        if (!_metrics.TryGetValue(labId, out var list)) return [];
        lock (list)
        {
            // Steps are appended in order, so the first wanted one is found by binary search.
            int lo = 0, hi = list.Count;
            while (lo < hi)
            {
                int mid = (lo + hi) / 2;
                if (list[mid].Step < fromStep) lo = mid + 1; else hi = mid;
            }
            return list.GetRange(lo, list.Count - lo);
        }
    }

    public void SaveGrid(string labId, int epoch, long step, byte[] png)
    {
        var grids = _grids[labId];
        lock (grids) grids[epoch] = (step, png);
    }

    public IReadOnlyList<(int Epoch, long Step)> Grids(string labId)
    {
        if (!_grids.TryGetValue(labId, out var grids)) return [];
        lock (grids) return grids.Select(g => (g.Key, g.Value.Step)).ToList();
    }

    public byte[]? GridPng(string labId, int epoch)
    {
        if (!_grids.TryGetValue(labId, out var grids)) return null;
        lock (grids) return grids.TryGetValue(epoch, out var grid) ? grid.Png : null;
    }
}
