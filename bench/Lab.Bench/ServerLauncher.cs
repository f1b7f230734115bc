using System.Diagnostics;
using System.Text.RegularExpressions;

/// <summary>
/// The lab server as a separate operating-system process (`dotnet Lab.Server.dll`) on a loopback port the system
/// picks, with its own data directory: what the viewer load bench measures. Killed (with its data) on dispose.
/// </summary>
sealed partial class ServerLauncher : IDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _tail = new();
    private readonly List<string> _warnings = [];

    private ServerLauncher(Process process, string assembly)
    {
        _process = process;
        Assembly = assembly;
    }

    public string Assembly { get; }
    public Uri BaseUrl { get; private set; } = null!;
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    /// <summary>Log lines at warning level or worse ("warn:", "fail:", "crit:"), first line of each.</summary>
    public IReadOnlyList<string> Warnings { get { lock (_warnings) return _warnings.ToList(); } }
    public string Tail { get { lock (_tail) return string.Join('\n', _tail); } }

    public static async Task<ServerLauncher> StartAsync(string dataDirectory, IEnumerable<string> settings, CancellationToken cancel)
    {
        var assembly = FindServerAssembly();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        info.ArgumentList.Add(assembly);
        foreach (var arg in new[] { "--urls", "http://127.0.0.1:0", $"--Lab:DataDirectory={dataDirectory}" }.Concat(settings))
            info.ArgumentList.Add(arg);
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Logging__Console__FormatterName"] = "simple";

        var server = new ServerLauncher(Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start"), assembly);
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Collect(string? line)
        {
            if (line is null) return;
            lock (server._tail) { server._tail.Enqueue(line); if (server._tail.Count > 200) server._tail.Dequeue(); }
            if (line.StartsWith("warn:") || line.StartsWith("fail:") || line.StartsWith("crit:")) lock (server._warnings) server._warnings.Add(line);
            if (ListeningLine().Match(line) is { Success: true } m) listening.TrySetResult(new Uri(m.Groups[1].Value));
        }
        server._process.OutputDataReceived += (_, e) => Collect(e.Data);
        server._process.ErrorDataReceived += (_, e) => Collect(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        var first = await Task.WhenAny(listening.Task, server._process.WaitForExitAsync(cancel), Task.Delay(TimeSpan.FromSeconds(90), cancel));
        if (first != listening.Task)
        {
            server.Dispose();
            throw new InvalidOperationException($"The server did not start listening:\n{server.Tail}");
        }
        server.BaseUrl = await listening.Task;
        return server;
    }

    /// <summary>VmRSS and VmHWM (peak) of the server process in MB, from /proc; (0, 0) where there is no /proc.</summary>
    public (double Rss, double Peak) Memory()
    {
        try
        {
            double rss = 0, peak = 0;
            foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
            {
                if (line.StartsWith("VmRSS:")) rss = Kilobytes(line) / 1024;
                else if (line.StartsWith("VmHWM:")) peak = Kilobytes(line) / 1024;
            }
            return (rss, peak);
        }
        catch (IOException) { return (0, 0); }
        static double Kilobytes(string line) => double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
    }

    /// <summary>CPU time (user + system) the server process has used so far.</summary>
    public TimeSpan CpuTime
    {
        get { try { _process.Refresh(); return _process.TotalProcessorTime; } catch (InvalidOperationException) { return TimeSpan.Zero; } }
    }

    public void Dispose()
    {
        try { if (!_process.HasExited) { _process.Kill(entireProcessTree: true); _process.WaitForExit(10_000); } }
        catch (InvalidOperationException) { }
        _process.Dispose();
    }

    /// <summary>
    /// The bench references Lab.Server, so its build output holds Lab.Server.dll with the server's runtimeconfig, static
    /// web assets manifests, site/ and datasets/: that copy is used. Otherwise the server's own build output of the
    /// same configuration (src/Lab.Server/bin/{configuration}/{framework}/).
    /// </summary>
    private static string FindServerAssembly()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        if (IsComplete(here.FullName)) return Path.Combine(here.FullName, "Lab.Server.dll");
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Lab.sln"))) root = root.Parent;
        var own = root is null ? null : Path.Combine(root.FullName, "src", "Lab.Server", "bin", here.Parent!.Name, here.Name);
        if (own is not null && IsComplete(own)) return Path.Combine(own, "Lab.Server.dll");
        throw new InvalidOperationException($"No complete Lab.Server build found in {here.FullName} or {own}: build bench/Lab.Bench first.");

        static bool IsComplete(string folder) =>
            File.Exists(Path.Combine(folder, "Lab.Server.dll")) && File.Exists(Path.Combine(folder, "Lab.Server.runtimeconfig.json"))
            && Directory.Exists(Path.Combine(folder, "site")) && Directory.Exists(Path.Combine(folder, "datasets", "fashion-mnist"));
    }

    [GeneratedRegex(@"Now listening on: (http://[^\s]+)")]
    private static partial Regex ListeningLine();
}
