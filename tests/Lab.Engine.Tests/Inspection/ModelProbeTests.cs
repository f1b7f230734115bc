using Lab.Engine.Inspection;
using Lab.Engine.Models;
using Lab.Engine.Training;
using static TorchSharp.torch;

namespace Lab.Engine.Tests.Inspection;

public class ModelProbeTests
{
    private static readonly GanArchitecture Tiny = new(new ImageShape(3, 32), 100, 16, 8);

    [Fact]
    public void Probe_sees_every_layer_and_leaves_the_networks_as_they_were()
    {
        using var random = new RunRandom(7, CPU);
        using var step = new GanStep(Tiny, 1e-4, CPU, random);
        using var noise = FixedNoise.Create(100, 7);
        using var real = rand(16, 3, 32, 32).mul(2).sub(1);
        using (NewDisposeScope()) step.Train(real, randn(16, 100));
        using var before = step.Generator.Layers.parameters().First().clone();

        var probe = ModelProbe.Run(step, noise, real);

        Assert.True(step.Generator.training);
        Assert.True(step.Generator.Layers.parameters().First().eq(before).all().item<bool>());
        // Reshape, three transposed convs with their BN and LeakyReLU, tanh: the 4-D outputs of the generator.
        Assert.Equal(["reshape", "conv2d_transpose", "batch_normalization_1", "leaky_re_lu_1", "conv2d_transpose_1",
            "batch_normalization_2", "leaky_re_lu_2", "conv2d_transpose_2", "tanh"], probe.GeneratorMaps.Select(m => m.Layer));
        Assert.Equal([8L, 8, 16], probe.GeneratorMaps[0].Shape);
        Assert.Equal(0x89, probe.GeneratorMaps[0].Png[0]);
        Assert.Equal(16, probe.RealLogits.Length);
        Assert.Equal(16, probe.FakeLogits.Length);
        Assert.Equal(3, probe.BatchNorm.Count);
        Assert.Equal(16 * 8 * 8, probe.BatchNorm[0].Features);
        Assert.InRange(probe.FakePixels.Min, -1, 1);
        Assert.InRange(probe.FakePixels.Max, -1, 1);
        Assert.Equal(1, probe.Adam[0].Step);
        Assert.Equal(step.Generator.parameters().Sum(p => p.numel()), probe.Adam[0].Parameters);
        // Adam's first step moves each weight by about the learning rate (m̂/√v̂ = ±1).
        Assert.InRange(probe.Adam[0].MedianStepSize, 0.5e-4, 1.01e-4);
    }

    [Fact]
    public void Histogram_counts_every_finite_value_once()
    {
        var h = ValueHistogram.Of([0f, 1f, 2f, 3f, float.NaN], bins: 3);
        Assert.Equal(4, h.Total);
        Assert.Equal([1L, 1, 2], h.Counts);
        Assert.Equal(1.5, h.Mean, 6);
    }
}
