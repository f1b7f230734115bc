using Lab.Engine.Models;

namespace Lab.Engine.Tests;

public class ModelSummaryTests
{
    private static readonly GanArchitecture NotebookCifar = GanArchitecture.Notebook(ImageShape.Cifar);

    [Fact]
    public void Discriminator_summary_matches_the_notebook()
    {
        using var discriminator = new Discriminator(NotebookCifar);
        var summary = ModelSummary.Of("discriminator", discriminator.Layers, [3, 32, 32]);

        Assert.Equal(4_864, Layer(summary, "conv2d").Parameters);
        Assert.Equal(204_928, Layer(summary, "conv2d_1").Parameters);
        Assert.Equal(8_193, Layer(summary, "dense").Parameters);
        Assert.Equal(217_985, summary.TotalParameters);
        Assert.Equal(0, summary.NonTrainableParameters);
        Assert.Equal([16L, 16, 64], Layer(summary, "conv2d").OutputShape);
        Assert.Equal([8L, 8, 128], Layer(summary, "conv2d_1").OutputShape);
        Assert.Equal([8192L], Layer(summary, "flatten").OutputShape);
        Assert.Equal([1L], Layer(summary, "dense").OutputShape);
    }

    [Fact]
    public void Generator_summary_matches_the_notebook()
    {
        using var generator = new Generator(NotebookCifar);
        var summary = ModelSummary.Of("generator", generator.Layers, [100]);

        Assert.Equal(1_638_400, Layer(summary, "dense").Parameters);
        Assert.Equal(65_536, Layer(summary, "batch_normalization").Parameters);
        Assert.Equal(819_200, Layer(summary, "conv2d_transpose").Parameters);
        Assert.Equal(2_733_504, summary.TotalParameters);
        Assert.Equal(33_152, summary.NonTrainableParameters);
        Assert.Equal([8L, 8, 256], Layer(summary, "reshape").OutputShape);
        Assert.Equal([8L, 8, 128], Layer(summary, "conv2d_transpose").OutputShape);
        Assert.Equal([16L, 16, 64], Layer(summary, "conv2d_transpose_1").OutputShape);
        Assert.Equal([32L, 32, 3], Layer(summary, "conv2d_transpose_2").OutputShape);
    }

    [Fact]
    public void Grey_data_gives_a_one_channel_generator_and_discriminator()
    {
        var grey = GanArchitecture.Notebook(new ImageShape(1, 32));
        using var generator = new Generator(grey);
        using var discriminator = new Discriminator(grey);

        Assert.Equal([32L, 32, 1], ModelSummary.Of("g", generator.Layers, [100]).Layers[^1].OutputShape);
        // Only the first conv's input channels change: 5·5·1·64 + 64 weights and biases.
        Assert.Equal(5 * 5 * 1 * 64 + 64, Layer(ModelSummary.Of("d", discriminator.Layers, [1, 32, 32]), "conv2d").Parameters);
    }

    private static LayerSummary Layer(ModelSummary summary, string name) => summary.Layers.Single(l => l.Name == name);
}
