using Lab.Contracts;

namespace Lab.Server.Labs;

/// <summary>
/// Where labs, their metrics and their grids are kept. Today in memory; the persistence issue puts SQLite and the
/// lab folders behind this same boundary.
/// </summary>
public interface ILabStore
{
    void Add(LabRecord lab);
    LabRecord? Find(string id);
    IReadOnlyList<LabRecord> All();
    int Count { get; }

    void AppendMetrics(string labId, IReadOnlyList<MetricPoint> points);
    IReadOnlyList<MetricPoint> Metrics(string labId, long fromStep);

    void SaveGrid(string labId, int epoch, long step, byte[] png);
    IReadOnlyList<(int Epoch, long Step)> Grids(string labId);
    byte[]? GridPng(string labId, int epoch);
}
