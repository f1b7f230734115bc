using TorchSharp;
using static TorchSharp.torch;

namespace Lab.Engine.Runtime;

/// <summary>
/// Loads libtorch once and picks the device: CUDA when present, else the CPU with one thread per core.
/// If the native library cannot load, <see cref="Probe"/> says why instead of throwing, so a host can still start and
/// tell the user that training is unavailable.
/// </summary>
public static class TorchRuntime
{
    private static readonly Lazy<TorchAvailability> Availability = new(Detect, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Whether torch works here, on which device, and if not, why and what to do.</summary>
    public static TorchAvailability Probe(DevicePreference preference = DevicePreference.Auto)
    {
        var found = Availability.Value;
        if (!found.Available || preference == DevicePreference.Auto) return found;
        if (preference == DevicePreference.Cpu) return CpuAvailability();
        return found.IsCuda
            ? found
            : found with { Available = false, Reason = "A CUDA device was requested (Lab:Device = cuda) but torch.cuda.is_available() is false: this build uses the CPU libtorch or no GPU is visible. Build with -p:TorchBackend=cuda on a GPU host, or set Lab:Device to auto." };
    }

    private static TorchAvailability Detect()
    {
        try
        {
            if (torch.cuda.is_available())
            {
                return new TorchAvailability(true, "cuda", $"CUDA ({torch.cuda.device_count()} device(s))", null);
            }
            return CpuAvailability();
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or EntryPointNotFoundException or BadImageFormatException or NotSupportedException)
        {
            var inner = e.InnerException ?? e;
            return new TorchAvailability(false, "none", "unavailable",
                $"The libtorch native library could not be loaded ({inner.GetType().Name}: {inner.Message}). Rebuild the lab (dotnet build) so the GLIBCXX compatibility step runs, or install a libstdc++ that provides GLIBCXX_3.4.32 (see README, 'Debian 12 and libtorch').");
        }
    }

    private static TorchAvailability CpuAvailability()
    {
        // Fixing the thread count to the cores makes step times steady; libtorch's default can oversubscribe.
        var threads = Environment.ProcessorCount;
        torch.set_num_threads(threads);
        return new TorchAvailability(true, "cpu", $"CPU ({threads} thread{(threads == 1 ? "" : "s")})", null);
    }
}

public enum DevicePreference { Auto, Cpu, Cuda }

/// <param name="DeviceType">"cuda", "cpu", or "none" when torch is unavailable.</param>
/// <param name="Description">What the user sees, e.g. "CPU (2 threads)".</param>
public sealed record TorchAvailability(bool Available, string DeviceType, string Description, string? Reason)
{
    public bool IsCuda => DeviceType == "cuda";

    public Device Device => IsCuda ? torch.CUDA : torch.CPU;
}
