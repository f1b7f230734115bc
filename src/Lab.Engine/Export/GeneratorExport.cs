using Lab.Engine.Checkpoints;
using Lab.Engine.Training;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Lab.Engine.Export;

/// <summary>
/// A trained generator out of a checkpoint, for use elsewhere: TorchSharp's own format (<c>Module.load</c>), or a
/// PyTorch state_dict that <c>torch.load</c> reads (written by TorchSharp.PyBridge). Keys are the module's, e.g.
/// <c>layers.dense.weight</c>, <c>layers.batch_normalization.running_mean</c>, in torch's layouts.
/// </summary>
public static class GeneratorExport
{
    /// <summary>The generator's weights and batch-norm statistics in TorchSharp's format: the checkpoint's own bytes.</summary>
    public static byte[] TorchSharpWeights(LoadedCheckpoint checkpoint) =>
        checkpoint.Sections.TryGetValue(TrainingSnapshot.GeneratorWeights, out var bytes)
            ? bytes
            : throw new CheckpointException(checkpoint.File, "has no generator section.");

    /// <summary>The same state as a PyTorch state_dict file (a zip with data.pkl, as torch.save writes it).</summary>
    public static byte[] PyTorchStateDict(LoadedCheckpoint checkpoint)
    {
        using var scope = NewDisposeScope();
        using var generator = Load(checkpoint);
        using var file = new MemoryStream();
        generator.save_py(file, leaveOpen: true);
        return file.ToArray();
    }

    /// <summary>A generator built for the checkpoint's architecture with its weights, on the CPU, in inference mode.</summary>
    public static Models.Generator Load(LoadedCheckpoint checkpoint)
    {
        var generator = new Models.Generator(checkpoint.Header.Settings.ArchitectureFor(checkpoint.Header.Image));
        using var reader = new BinaryReader(new MemoryStream(TorchSharpWeights(checkpoint), writable: false));
        generator.load(reader, strict: true);
        generator.eval();
        return generator;
    }
}
