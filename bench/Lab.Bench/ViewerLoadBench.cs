using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;

/// <summary>
/// What viewers cost a training run: the real server as its own process on loopback, one lab training, and in one run
/// phase A (no viewers), B (N SignalR viewers that keep up plus a few raw WebSocket viewers that never read) and C (no
/// viewers again; A and C bracket drift). Training speed per phase is taken from the server's own record of each
/// step's training clock (`seconds` in GET /api/labs/{id}/metrics) between the steps at the phase's start and end, so
/// the measurement itself adds no load and no rounding to whole steps. Bounded: a hard timeout, and the server process
/// and its temporary data directory are always removed.
/// </summary>
static class ViewerLoadBench
{
    private sealed record Phase(string Name, int Viewers, long StartStep, long EndStep, TimeSpan Wall, TimeSpan ServerCpu, TimeSpan BenchCpu, TimeSpan OtherCpu, double Rss, double Peak);

    public static async Task<int> RunAsync(string[] args)
    {
        int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
        int viewerCount = Arg(0, 200), phaseSeconds = Arg(1, 30), slowCount = Arg(2, 5), generatorWidth = Arg(3, 256), discriminatorWidth = Arg(4, 64);
        var phase = TimeSpan.FromSeconds(phaseSeconds);
        var budget = TimeSpan.FromSeconds(4 * phaseSeconds + 180);
        Console.WriteLine($"viewer load bench: {viewerCount} viewers that keep up + {slowCount} that never read, phases of {phaseSeconds} s, " +
                          $"generator width {generatorWidth}, discriminator width {discriminatorWidth} (notebook: 256/64), fashion-mnist batch 64; " +
                          $"hard limit {budget.TotalSeconds:F0} s; {Environment.ProcessorCount} cores");

        using var cancel = new CancellationTokenSource(budget);
        // Ctrl+C, SIGTERM and SIGHUP end the run through the same path as the time limit: everything is cleaned up.
        var signals = new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }
            .Select(s => PosixSignalRegistration.Create(s, context => { context.Cancel = true; cancel.Cancel(); })).ToList();
        var dataDirectory = Directory.CreateTempSubdirectory("lab-viewers-").FullName;
        ServerLauncher? server = null;
        EventHandler onExit = (_, _) => { server?.Dispose(); try { Directory.Delete(dataDirectory, recursive: true); } catch (Exception) { } };
        AppDomain.CurrentDomain.ProcessExit += onExit;
        var viewers = new List<HubViewer>();
        var stalled = new List<StalledViewer>();
        try
        {
            var token = cancel.Token;
            server = await ServerLauncher.StartAsync(dataDirectory,
                [$"--Lab:GeneratorWidth={generatorWidth}", $"--Lab:DiscriminatorWidth={discriminatorWidth}"], token);
            Console.WriteLine($"server: pid {server.Pid}, {server.BaseUrl}, {server.Assembly}, data in {dataDirectory}");
            using var http = new HttpClient { BaseAddress = server.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };

            using var created = await http.PostAsJsonAsync("api/labs", new { dataset = "fashion-mnist", epochs = 1000, batchSize = 64 }, token);
            var lab = await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(token);
            var labId = lab.GetProperty("id").GetString()!;
            using (var start = new HttpRequestMessage(HttpMethod.Post, $"api/labs/{labId}/start"))
            {
                start.Headers.Add("X-Lab-Key", lab.GetProperty("controlKey").GetString());
                (await http.SendAsync(start, token)).EnsureSuccessStatusCode();
            }

            // Warm-up: 20 steps, or 10 s after the first one, whichever comes first.
            var warm = Stopwatch.StartNew();
            Stopwatch? sinceFirst = null;
            while (true)
            {
                var (status, step) = await LabStep(http, labId, token);
                if (status is "failed" or "stopped" or "completed") throw new InvalidOperationException($"the lab is {status}:\n{server.Tail}");
                if (step > 0) sinceFirst ??= Stopwatch.StartNew();
                if (step >= 20 || sinceFirst?.Elapsed > TimeSpan.FromSeconds(10)) { Console.WriteLine($"warm-up: step {step} after {warm.Elapsed.TotalSeconds:F0} s"); break; }
                await Task.Delay(500, token);
            }

            var phases = new List<Phase>();
            phases.Add(await MeasureAsync("A", 0, server, http, labId, () => Task.Delay(phase, token), token));

            // Connecting N viewers is a load of its own: measured as a phase of its own, not counted as B.
            var connectFailures = new List<string>();
            phases.Add(await MeasureAsync("connect", viewerCount + slowCount, server, http, labId, async () =>
            {
                using var gate = new SemaphoreSlim(10);
                var tasks = Enumerable.Range(0, viewerCount).Select(async _ =>
                {
                    await gate.WaitAsync(token);
                    try { var v = await HubViewer.ConnectAsync(server.BaseUrl, labId, token); lock (viewers) viewers.Add(v); }
                    catch (Exception e) when (e is not OperationCanceledException) { lock (connectFailures) connectFailures.Add(e.GetBaseException().Message); }
                    finally { gate.Release(); }
                }).Concat(Enumerable.Range(0, slowCount).Select(async _ =>
                {
                    try { var s = await StalledViewer.ConnectAsync(server.BaseUrl, labId, http, token); lock (stalled) stalled.Add(s); }
                    catch (Exception e) when (e is not OperationCanceledException) { lock (connectFailures) connectFailures.Add("stalled: " + e.GetBaseException().Message); }
                }));
                await Task.WhenAll(tasks);
            }, token));
            Console.WriteLine($"connected: {viewers.Count} viewers that keep up, {stalled.Count} that never read, in {phases[^1].Wall.TotalSeconds:F1} s" +
                              (connectFailures.Count > 0 ? $"; {connectFailures.Count} failed, first: {connectFailures[0]}" : ""));

            long messagesBefore = viewers.Sum(v => v.Messages);
            var b = await MeasureAsync("B", viewers.Count + stalled.Count, server, http, labId, () => Task.Delay(phase, token), token);
            phases.Add(b);
            long messagesInB = viewers.Sum(v => v.Messages) - messagesBefore;

            // Give the last steps of B time to arrive (a few flushes), then look at every viewer.
            await Task.Delay(TimeSpan.FromSeconds(1.5), token);
            var behind = viewers.Count(v => v.LastStep < b.EndStep);
            var closed = viewers.Where(v => v.Closed).ToList();
            var stalledReports = await Task.WhenAll(stalled.Select(s => s.DrainAsync(TimeSpan.FromSeconds(3))));
            var (_, stepAfterB) = await LabStep(http, labId, token);

            phases.Add(await MeasureAsync("disconnect", 0, server, http, labId, async () =>
            {
                await Task.WhenAll(viewers.Select(v => v.DisposeAsync().AsTask()).Concat(stalled.Select(s => s.DisposeAsync().AsTask())));
            }, token));
            phases.Add(await MeasureAsync("C", 0, server, http, labId, () => Task.Delay(phase, token), token));

            // Each step's end on the training clock, from the server's record, for exact per-phase rates.
            var clock = new Dictionary<long, double>();
            foreach (var point in (await http.GetFromJsonAsync<JsonElement>($"api/labs/{labId}/metrics?fromStep={phases[0].StartStep}", token)).EnumerateArray())
                if (point.TryGetProperty("seconds", out var s) && s.ValueKind == JsonValueKind.Number) clock[point.GetProperty("step").GetInt64()] = s.GetDouble();
            double Rate(Phase p) =>
                p.EndStep > p.StartStep && clock.TryGetValue(p.StartStep, out var t0) && clock.TryGetValue(p.EndStep, out var t1) && t1 > t0
                    ? (p.EndStep - p.StartStep) / (t1 - t0)
                    : (p.EndStep - p.StartStep) / p.Wall.TotalSeconds;

            var delays = viewers.SelectMany(v => v.Delays).Where(d => d.Step > b.StartStep && d.Step <= b.EndStep).Select(d => d.DelaySeconds * 1000).Order().ToArray();
            var sawWallTime = viewers.Any(v => v.SawWallTime);
            long gaps = viewers.Sum(v => v.Gaps), duplicates = viewers.Sum(v => v.Duplicates);

            var rateA = Rate(phases.Single(p => p.Name == "A"));
            var rateC = Rate(phases.Single(p => p.Name == "C"));
            var bracket = (rateA + rateC) / 2;
            Console.WriteLine();
            Console.WriteLine($"{"phase",-10} {"viewers",7} {"wall s",6} {"steps",6} {"steps/s",8} {"vs A",6} {"vs A+C",6} {"delay p50/p95/max ms",22} {"msgs",7} {"gaps",5} {"dups",5} {"srv CPU",7} {"bench CPU",9} {"other CPU",9} {"srv RSS MB",10} {"peak MB",7}");
            foreach (var p in phases)
            {
                var rate = Rate(p);
                var isB = p.Name == "B";
                var delay = !isB ? "" : !sawWallTime ? "n/a (no wallTime)" : delays.Length == 0 ? "none received" :
                    $"{Percentile(delays, 0.5):F0}/{Percentile(delays, 0.95):F0}/{delays[^1]:F0}";
                Console.WriteLine($"{p.Name,-10} {p.Viewers,7} {p.Wall.TotalSeconds,6:F1} {p.EndStep - p.StartStep,6} {rate,8:F3} {rate / rateA,6:P0} {rate / bracket,6:P0} {delay,22} " +
                                  $"{(isB ? messagesInB.ToString() : ""),7} {(isB ? gaps.ToString() : ""),5} {(isB ? duplicates.ToString() : ""),5} " +
                                  $"{p.ServerCpu / p.Wall,7:F2} {p.BenchCpu / p.Wall,9:F2} {p.OtherCpu / p.Wall,9:F2} {p.Rss,10:F0} {p.Peak,7:F0}");
            }
            Console.WriteLine("steps/s: steps finished in the phase over their span on the server's training clock; vs A / vs A+C: ratio to phase A and to the mean of A and C;");
            Console.WriteLine("delay: a viewer's receive time minus the step's wallTime (end of step on the server), all points of all keeping-up viewers for B's steps;");
            Console.WriteLine("gaps/dups: missing or repeated steps over every keeping-up viewer's whole connection; CPU: cores used on average by the server, by this bench's viewers,");
            Console.WriteLine("and by every other process on the machine (other CPU well above 0 means the machine was not quiet and the speeds are not comparable);");
            Console.WriteLine("RSS/peak: the server's VmRSS/VmHWM at the phase's end. 'connect'/'disconnect': the time it took to open/close every viewer (not a goal).");
            Console.WriteLine();
            Console.WriteLine($"keeping-up viewers: {viewers.Count} connected, {behind} behind at the end of B (last step < {b.EndStep}), {closed.Count} closed by the server" +
                              (closed.Count > 0 ? $" (first: {closed[0].ClosedWith ?? "no error"})" : "") + (sawWallTime ? "" : "; points carry no wallTime, so no delay could be measured"));
            for (int i = 0; i < stalledReports.Length; i++)
                Console.WriteLine($"viewer that never read #{i + 1}: {stalledReports[i].State}; on reading at last: {stalledReports[i].BytesRead / 1024.0:F1} KB waiting, last step in it {stalledReports[i].LastStep} (server at {stepAfterB})" +
                                  (stalledReports[i].PingFailures > 0 ? $", {stalledReports[i].PingFailures} pings failed" : ""));
            if (stalledReports.Length > 0 && stalledReports.All(r => r.State.StartsWith("open") && r.LastStep >= b.EndStep))
                Console.WriteLine($"  (every step reached even the viewers that never read: their backlog, {stalledReports.Max(r => r.BytesRead) / 1024.0:F1} KB at most, still fit in the " +
                                  "socket and SignalR buffers, so this run never made the server drop or skip one; longer phases or more steps/s would)");
            var warnings = server.Warnings;
            Console.WriteLine($"server log: {warnings.Count} warnings or errors" + (warnings.Count > 0 ? ", first: " + string.Join(" | ", warnings.Take(3)) : ""));

            var slowdown = 1 - Rate(b) / bracket;
            var p95 = sawWallTime && delays.Length > 0 ? Percentile(delays, 0.95) : double.NaN;
            bool speedOk = slowdown < 0.10, delayOk = p95 < 500, lossOk = gaps == 0 && duplicates == 0 && behind == 0 && closed.Count == 0 && connectFailures.Count == 0;
            var busiest = phases.Where(p => p.Name is "A" or "B" or "C").Max(p => p.OtherCpu / p.Wall);
            Console.WriteLine();
            if (busiest > 0.2)
                Console.WriteLine($"warning: other processes used up to {busiest:F2} of {Environment.ProcessorCount} cores during the measured phases: the speed ratio says more about them than about viewers; run again on a quiet machine.");
            Console.WriteLine($"verdict: training with {b.Viewers} viewers {(slowdown >= 0 ? $"{slowdown:P1} slower" : $"{-slowdown:P1} faster")} than without (goal < 10 %: {(speedOk ? "met" : "NOT met")}); " +
                              $"p95 delay {(double.IsNaN(p95) ? "n/a" : $"{p95:F0} ms")} (goal < 500 ms: {(double.IsNaN(p95) ? "not measurable" : delayOk ? "met" : "NOT met")}); " +
                              $"{gaps} gaps, {duplicates} duplicates, {behind} behind, {closed.Count} dropped of {viewers.Count} keeping-up viewers (goal 0: {(lossOk ? "met" : "NOT met")})");
            return speedOk && delayOk && lossOk ? 0 : 1;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Console.Error.WriteLine($"stopped: the hard limit of {budget.TotalSeconds:F0} s ran out, or Ctrl+C / SIGTERM");
            if (server is not null) Console.Error.WriteLine("server log tail:\n" + server.Tail);
            return 2;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancel.IsCancellationRequested)
        {
            Console.Error.WriteLine($"failed: {e.GetBaseException().Message}");
            if (server is not null) Console.Error.WriteLine("server log tail:\n" + server.Tail);
            return 3;
        }
        finally
        {
            await Task.WhenAll(viewers.Select(v => v.DisposeAsync().AsTask()).Concat(stalled.Select(s => s.DisposeAsync().AsTask())));
            server?.Dispose();
            try { Directory.Delete(dataDirectory, recursive: true); } catch (Exception e) { Console.Error.WriteLine($"could not delete {dataDirectory}: {e.Message}"); }
            signals.ForEach(s => s.Dispose());
            AppDomain.CurrentDomain.ProcessExit -= onExit;
        }
    }

    private static async Task<Phase> MeasureAsync(string name, int viewers, ServerLauncher server, HttpClient http, string labId, Func<Task> during, CancellationToken cancel)
    {
        var (_, startStep) = await LabStep(http, labId, cancel);
        var serverCpu = server.CpuTime;
        var benchCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var machineCpu = MachineBusy();
        var wall = Stopwatch.StartNew();
        await during();
        var (status, endStep) = await LabStep(http, labId, cancel);
        wall.Stop();
        if (status != "running") throw new InvalidOperationException($"the lab is {status} at the end of phase {name}:\n{server.Tail}");
        var (rss, peak) = server.Memory();
        var serverUsed = server.CpuTime - serverCpu;
        var benchUsed = Process.GetCurrentProcess().TotalProcessorTime - benchCpu;
        var others = MachineBusy() - machineCpu - serverUsed - benchUsed;
        return new Phase(name, viewers, startStep, endStep, wall.Elapsed, serverUsed, benchUsed, others > TimeSpan.Zero ? others : TimeSpan.Zero, rss, peak);
    }

    /// <summary>CPU time the whole machine has been busy (user, nice, system, irq, softirq from /proc/stat), to show other load.</summary>
    private static TimeSpan MachineBusy()
    {
        try
        {
            var f = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            long ticks = long.Parse(f[1]) + long.Parse(f[2]) + long.Parse(f[3]) + long.Parse(f[6]) + long.Parse(f[7]);
            return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ is 100 on Linux
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { return TimeSpan.Zero; }
    }

    private static async Task<(string Status, long Step)> LabStep(HttpClient http, string labId, CancellationToken cancel)
    {
        var lab = await http.GetFromJsonAsync<JsonElement>($"api/labs/{labId}", cancel);
        return (lab.GetProperty("status").GetString()!, lab.GetProperty("step").GetInt64());
    }

    private static double Percentile(double[] sorted, double q) => sorted[Math.Max(0, (int)Math.Ceiling(q * sorted.Length) - 1)];
}
