using System.Runtime.InteropServices;
using Lab.Engine.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Lab.Engine.Training;

/// <summary>
/// A run's whole training state as checkpoint sections and back: both networks (weights and batch-norm statistics),
/// both Adam states (moments and step counts, so a resumed run has no fresh-optimizer spike), the random streams (data
/// order, noise and dropout continue exactly), the fixed sample noise and, mid-epoch, that epoch's data order.
/// </summary>
internal static class TrainingSnapshot
{
    private const string GeneratorSection = "generator";
    private const string DiscriminatorSection = "discriminator";
    private const string GeneratorOptimizerSection = "generator_optimizer";
    private const string DiscriminatorOptimizerSection = "discriminator_optimizer";
    private const string HostRandomSection = "rng_host";
    private const string DeviceRandomSection = "rng_device";
    private const string FixedNoiseSection = "fixed_noise";
    private const string EpochOrderSection = "epoch_order";

    /// <summary>The section that holds the generator's weights in TorchSharp's own format (what an export hands out).</summary>
    public const string GeneratorWeights = GeneratorSection;

    public static Dictionary<string, byte[]> Capture(GanStep step, RunRandom random, Tensor fixedNoise, Tensor? epochOrder)
    {
        var sections = new Dictionary<string, byte[]>
        {
            [GeneratorSection] = Bytes(w => step.Generator.save(w)),
            [DiscriminatorSection] = Bytes(w => step.Discriminator.save(w)),
            [GeneratorOptimizerSection] = Bytes(step.GeneratorOptimizer.save_state_dict),
            [DiscriminatorOptimizerSection] = Bytes(step.DiscriminatorOptimizer.save_state_dict),
            [HostRandomSection] = Bytes(w => { using var s = random.Host.get_state(); s.Save(w); }),
            [FixedNoiseSection] = Bytes(fixedNoise.Save),
        };
        if (!ReferenceEquals(random.OnDevice, random.Host))
            sections[DeviceRandomSection] = Bytes(w => { using var s = random.OnDevice.get_state(); s.Save(w); });
        if (epochOrder is not null) sections[EpochOrderSection] = Bytes(epochOrder.Save);
        return sections;
    }

    /// <summary>
    /// Loads a checkpoint into a freshly built step and random streams; returns the fixed noise and the epoch order
    /// (both on the CPU, where they are used).
    /// </summary>
    /// <exception cref="CheckpointException">when a section is missing or does not fit these networks.</exception>
    public static (Tensor FixedNoise, Tensor? EpochOrder) Restore(LoadedCheckpoint checkpoint, GanStep step, RunRandom random)
    {
        try
        {
            Read(checkpoint, GeneratorSection, r => step.Generator.load(r, strict: true));
            Read(checkpoint, DiscriminatorSection, r => step.Discriminator.load(r, strict: true));
            Read(checkpoint, GeneratorOptimizerSection, step.GeneratorOptimizer.load_state_dict);
            Read(checkpoint, DiscriminatorOptimizerSection, step.DiscriminatorOptimizer.load_state_dict);
            Read(checkpoint, HostRandomSection, r => { using var s = Tensor.Load(r); random.Host.set_state(s); });
            if (!ReferenceEquals(random.OnDevice, random.Host) && checkpoint.Sections.ContainsKey(DeviceRandomSection))
                Read(checkpoint, DeviceRandomSection, r => { using var s = Tensor.Load(r); random.OnDevice.set_state(s); });
            Tensor? fixedNoise = null, order = null;
            Read(checkpoint, FixedNoiseSection, r => fixedNoise = Tensor.Load(r));
            if (checkpoint.Sections.ContainsKey(EpochOrderSection)) Read(checkpoint, EpochOrderSection, r => order = Tensor.Load(r));
            // Tensor.Load copies into the existing parameters and moments wherever they live, so nothing moves here.
            return (fixedNoise!, order);
        }
        catch (Exception e) when (e is not CheckpointException and (ArgumentException or InvalidDataException or EndOfStreamException or ExternalException or InvalidOperationException or NotImplementedException))
        {
            throw new CheckpointException(checkpoint.File, $"does not fit this lab's networks ({e.Message}). It was written by TorchSharp {checkpoint.Header.TorchSharpVersion} for {Describe(checkpoint.Header)}.", e);
        }
    }

    public static string Describe(CheckpointHeader header) =>
        $"{header.Image.Channels}×{header.Image.Size}×{header.Image.Size} images, noise {header.Settings.LatentDim}, widths {header.Settings.GeneratorWidth}/{header.Settings.DiscriminatorWidth}";

    private static byte[] Bytes(Action<BinaryWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true)) write(writer);
        return buffer.ToArray();
    }

    private static void Read(LoadedCheckpoint checkpoint, string section, Action<BinaryReader> read)
    {
        if (!checkpoint.Sections.TryGetValue(section, out var bytes))
            throw new CheckpointException(checkpoint.File, $"has no '{section}' section.");
        using var reader = new BinaryReader(new MemoryStream(bytes, writable: false));
        read(reader);
    }
}
