using TorchSharp;
using static TorchSharp.torch;

namespace Lab.Engine.Training;

/// <summary>
/// A run's own random streams, so its seed alone decides its initial weights, data order, noise and dropout masks,
/// whatever else runs in the process. Host draws on the CPU (init, shuffling, noise); OnDevice draws where the model
/// runs (dropout), and is the host one when that is the CPU.
/// </summary>
public sealed class RunRandom : IDisposable
{
    public RunRandom(int seed, Device device)
    {
        Host = new TorchSharp.torch.Generator((ulong)seed, CPU);
        OnDevice = device.type == DeviceType.CPU ? Host : new TorchSharp.torch.Generator((ulong)seed + 1, device);
    }

    public TorchSharp.torch.Generator Host { get; }
    public TorchSharp.torch.Generator OnDevice { get; }

    public void Dispose()
    {
        if (!ReferenceEquals(OnDevice, Host)) OnDevice.Dispose();
        Host.Dispose();
    }
}
