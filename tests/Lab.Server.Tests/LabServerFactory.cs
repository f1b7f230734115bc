using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Lab.Server.Tests;

/// <summary>
/// The real server in memory, with a fresh data folder and narrow networks (same layers as the notebook, fewer
/// channels) so a whole epoch of the shipped Emoji-32 data takes well under a second.
/// </summary>
public sealed class LabServerFactory : WebApplicationFactory<Program>
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "lab-tests-" + Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Lab:DataDirectory", DataDirectory);
        builder.UseSetting("Lab:GeneratorWidth", "16");
        builder.UseSetting("Lab:DiscriminatorWidth", "8");
        builder.UseSetting("Lab:MetricsFlushMilliseconds", "100");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }
}
