using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Lab.Server.Tests.Restart;

/// <summary>
/// The lab server as a real operating-system process (the build's Lab.Server.dll under `dotnet`), on a loopback port
/// of its own, so a test can kill it with SIGKILL or stop it with SIGTERM and start it again on the same data.
/// </summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private ServerProcess(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }
    public IReadOnlyList<string> Output { get { lock (_output) return _output.ToList(); } }

    public static async Task<ServerProcess> StartAsync(string dataDirectory, params string[] settings)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(ServerAssembly)!,
        };
        info.ArgumentList.Add(ServerAssembly);
        foreach (var arg in new[] { "--urls", "http://127.0.0.1:0", $"--Lab:DataDirectory={dataDirectory}", "--Lab:GeneratorWidth=16", "--Lab:DiscriminatorWidth=8" }.Concat(settings))
            info.ArgumentList.Add(arg);
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["Logging__Console__FormatterName"] = "simple";

        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new List<string>();
        void Collect(string? line)
        {
            if (line is null) return;
            lock (output) output.Add(line);
            if (ListeningLine().Match(line) is { Success: true } m) listening.TrySetResult(new Uri(m.Groups[1].Value));
        }
        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) => Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(60)));
        if (first != listening.Task)
        {
            string log;
            lock (output) log = string.Join('\n', output);
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"The server did not start listening:\n{log}");
        }
        var server = new ServerProcess(process, await listening.Task);
        lock (output) server._output.AddRange(output);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (server._output) server._output.Add(e.Data); };
        return server;
    }

    /// <summary>SIGKILL: no shutdown code runs, as when the machine loses power or the OOM killer strikes.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as systemd or Ctrl+C would stop it; waits for the graceful exit.</summary>
    public async Task TerminateAsync(TimeSpan patience)
    {
        if (Kill(_process.Id, 15) != 0) throw new InvalidOperationException("kill(SIGTERM) failed");
        await _process.WaitForExitAsync().WaitAsync(patience);
    }

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) await KillAsync();
        _process.Dispose();
    }

    /// <summary>The server's build output next to this test's (same configuration and framework).</summary>
    private static string ServerAssembly
    {
        get
        {
            var here = new DirectoryInfo(AppContext.BaseDirectory);
            var framework = here.Name;
            var configuration = here.Parent!.Name;
            var root = here;
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "Lab.sln"))) root = root.Parent;
            if (root is null) throw new InvalidOperationException("Lab.sln not found above " + AppContext.BaseDirectory);
            var dll = Path.Combine(root.FullName, "src", "Lab.Server", "bin", configuration, framework, "Lab.Server.dll");
            return File.Exists(dll) ? dll : throw new InvalidOperationException($"{dll} is missing: build the solution first.");
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [GeneratedRegex(@"Now listening on: (http://[^\s]+)")]
    private static partial Regex ListeningLine();
}
