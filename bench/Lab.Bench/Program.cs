using System.Diagnostics;
using Lab.Engine.Data;
using Lab.Engine.Models;
using Lab.Engine.Runtime;
using Lab.Engine.Training;
using static TorchSharp.torch;

// Training throughput of the notebook model, reported against a reference measured in the same run: a plain
// float32 matrix multiply, i.e. what this machine's libtorch can do at best. Usage:
//   dotnet run -c Release --project bench/Lab.Bench -- [steps=300] [batch=64]
//   dotnet run -c Release --project bench/Lab.Bench -- persistence [epochs=3] [rounds=2]
//   dotnet run -c Release --project bench/Lab.Bench -- viewers [viewers=200] [phaseSeconds=30] [slowViewers=5] [generatorWidth=256] [discriminatorWidth=64]
// The viewer bench trains in a separate server process, so this process never loads libtorch for it. Exit code: 0 when
// every goal is met, 1 when one is not, 2 on the time limit or Ctrl+C, 3 when the run itself failed.
if (args.FirstOrDefault() == "viewers") return await ViewerLoadBench.RunAsync(args[1..]);
var torchStatus = TorchRuntime.Probe();
if (!torchStatus.Available) { Console.Error.WriteLine(torchStatus.Reason); return 1; }
Console.WriteLine($"device: {torchStatus.Description}");
if (args.FirstOrDefault() == "persistence")
{
    PersistenceBench.Run(torchStatus.Device, args.Length > 1 ? int.Parse(args[1]) : 3, args.Length > 2 ? int.Parse(args[2]) : 2);
    return 0;
}
var steps = args.Length > 0 ? int.Parse(args[0]) : 300;
var batch = args.Length > 1 ? int.Parse(args[1]) : 64;

var matmulGflops = MatmulReference.MeasureGflops(torchStatus.Device);
Console.WriteLine($"reference: float32 matmul 2048³ = {matmulGflops:F1} GFLOP/s");

var catalog = new DatasetCatalog();
using var data = catalog.Load("emoji-32");
var settings = new TrainingSettings(Epochs: int.MaxValue / 1000, BatchSize: batch, Seed: 1);
var probe = new ThroughputProbe(steps);
using var run = new TrainingRun(settings, data, torchStatus.Device, probe);
run.Start();
probe.Done.Wait();
run.Stop();

// Forward + backward of one step ≈ 3× the forward FLOPs of G (batch) + 2 D passes (real and fake).
var stepGflop = StepFlops.Estimate(settings.ArchitectureFor(data.Shape), batch) / 1e9;
var stepsPerSecond = probe.StepsPerSecond;
Console.WriteLine($"notebook model, batch {batch}: {stepsPerSecond:F2} steps/s = {stepsPerSecond * batch:F0} images/s = {stepsPerSecond * stepGflop:F1} GFLOP/s (step ≈ {stepGflop:F1} GFLOP)");
Console.WriteLine($"ratio to matmul reference: {stepsPerSecond * stepGflop / matmulGflops:P0}");
foreach (var (at, rss) in probe.Rss) Console.WriteLine($"RSS after {at} steps: {rss / 1048576} MB");
return 0;

sealed class ThroughputProbe(int steps) : ITrainingObserver
{
    private readonly Stopwatch _clock = new();
    private const int Warmup = 10;
    public ManualResetEventSlim Done { get; } = new();
    public List<(long, long)> Rss { get; } = [];
    public double StepsPerSecond { get; private set; }

    public void OnStep(StepMetrics m)
    {
        if (m.Step == Warmup) _clock.Start();
        if (m.Step is 100 or 1000 or 3000 || m.Step == steps) Rss.Add((m.Step, Environment.WorkingSet));
        if (m.Step == steps)
        {
            StepsPerSecond = (steps - Warmup) / _clock.Elapsed.TotalSeconds;
            Done.Set();
        }
    }

    public void OnSampleGrid(int epoch, long step, byte[] png) { }
    public void OnStateChanged(TrainingState state, string? error, string? notice = null) { if (error != null) { Console.Error.WriteLine(error); Done.Set(); } }
}

static class MatmulReference
{
    public static double MeasureGflops(Device device)
    {
        using var scope = NewDisposeScope();
        const int size = 2048, repeats = 10;
        var a = randn([size, size], device: device);
        var b = randn([size, size], device: device);
        for (int i = 0; i < 3; i++) a.mm(b).Dispose();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < repeats; i++) a.mm(b).Dispose();
        return repeats * 2.0 * size * size * size / clock.Elapsed.TotalSeconds / 1e9;
    }
}

static class StepFlops
{
    /// <summary>
    /// Multiply-adds of the convolutions and dense layers (a transposed convolution costs k²·Cin·Cout per input pixel),
    /// ×2 for FLOPs, ×3 for forward + backward.
    /// </summary>
    public static double Estimate(GanArchitecture a, int batch)
    {
        int s = a.Image.SeedSize, w = a.GeneratorWidth, c = a.Image.Channels, dw = a.DiscriminatorWidth;
        double g = (double)a.LatentDim * s * s * w
                 + 25.0 * w * (w / 2) * s * s
                 + 25.0 * (w / 2) * (w / 4) * s * s
                 + 25.0 * (w / 4) * c * (2 * s) * (2 * s);
        double d = 25.0 * c * dw * (2 * s) * (2 * s) + 25.0 * dw * 2 * dw * s * s + 2.0 * dw * s * s;
        return 2 * 3 * batch * (g + 2 * d);
    }
}
