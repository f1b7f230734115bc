using Lab.Engine.Data;
using Lab.Engine.Models;
using Lab.Engine.Training;

namespace Lab.Engine.Tests.Training;

internal static class TinyData
{
    /// <summary>Random images: enough to exercise the real pipeline in milliseconds.</summary>
    public static ImageDataset Random(int count, ImageShape shape, int seed = 7)
    {
        var pixels = new byte[count * shape.Length];
        new Random(seed).NextBytes(pixels);
        return ImageDataset.FromPixels("tiny", shape, pixels);
    }

    /// <summary>The notebook's layer structure with narrow layers, so a step takes milliseconds on a CPU.</summary>
    public static TrainingSettings Settings(int epochs, int batchSize = 8, double learningRate = 1e-4) =>
        new(epochs, batchSize, learningRate, Seed: 3, LatentDim: 16, GeneratorWidth: 16, DiscriminatorWidth: 8);
}
