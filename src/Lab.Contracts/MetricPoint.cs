namespace Lab.Contracts;

/// <summary>
/// One training step's numbers. DReal is the mean D(x) as a probability, DFake the mean D(G(z)).
/// Seconds is the training time since the run started, for the chart's time axis; WallTime is when the step ended
/// (Unix seconds, as TensorBoard's wall_time), so a viewer can tell how late a point reached it.
/// </summary>
public sealed record MetricPoint(long Step, int Epoch, double GLoss, double DLoss, double DReal, double DFake, double Seconds, double WallTime = 0);

/// <summary>A recorded sample grid: the PNG of that epoch, 4×4 tiles from the lab's fixed noise.</summary>
public sealed record SamplePoint(int Epoch, long Step, string Url);

/// <summary>An entry of GET /api/datasets.</summary>
public sealed record DatasetInfo(string Id, string Name, int ImageSize, int Channels, int Count, bool Available, string Description, bool IsDefault = false);

/// <summary>One finished epoch: mean losses and verdicts, its training time and throughput.</summary>
public sealed record EpochSummary(int Epoch, double GLoss, double DLoss, double DReal, double DFake, double Seconds, double ImagesPerSecond);
