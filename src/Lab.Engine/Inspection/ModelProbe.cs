using Lab.Engine.Models;
using Lab.Engine.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lab.Engine.Inspection;

/// <summary>
/// Looks inside a live GAN without changing it: the generator layer by layer on the fixed noise, the discriminator on
/// real and generated images, batch norm's statistics and Adam's last step sizes. Both networks run in inference mode
/// under no_grad (dropout off, batch norm on its running statistics, no random draw, so the run's seeded streams are
/// untouched) and their training flags are restored afterwards. Call on the thread that owns the networks.
/// </summary>
public static class ModelProbe
{
    public const int MapsShown = 16;
    private const int MapColumns = 4;

    /// <param name="fixedNoise">The lab's 16 fixed noise vectors [16, latent]; the maps follow the first.</param>
    /// <param name="realImages">Real images in [-1, 1], [N, C, H, W].</param>
    public static ModelProbeResult Run(GanStep step, Tensor fixedNoise, Tensor realImages)
    {
        var generator = step.Generator;
        var discriminator = step.Discriminator;
        bool generatorTraining = generator.training, discriminatorTraining = discriminator.training;
        generator.eval();
        discriminator.eval();
        try
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var device = generator.parameters().First().device;

            var generatorOutputs = Forward(generator.Layers, fixedNoise.to(device));
            var fakes = generatorOutputs[^1].Output;
            var real = realImages.to(device);
            var realOutputs = Forward(discriminator.Layers, real);
            var fakeOutputs = Forward(discriminator.Layers, fakes);

            return new ModelProbeResult(
                Maps(generatorOutputs),
                Maps(realOutputs),
                Maps(fakeOutputs),
                generatorOutputs.Select(o => new LayerActivation(o.Name, ValueHistogram.Of(Floats(o.Output)))).ToList(),
                realOutputs.Select(o => new LayerActivation(o.Name, ValueHistogram.Of(Floats(o.Output)))).ToList(),
                Floats(realOutputs[^1].Output),
                Floats(fakeOutputs[^1].Output),
                BatchNorms(generator.Layers, generatorOutputs, fixedNoise.to(device)),
                [Adam("generator", step.GeneratorOptimizer, generator), Adam("discriminator", step.DiscriminatorOptimizer, discriminator)],
                ValueHistogram.Of(Floats(real)),
                ValueHistogram.Of(Floats(fakes)),
                SampleGrid.Encode(ToBytes(real.narrow(0, 0, Math.Min(FixedNoise.Count, real.shape[0])))),
                SampleGrid.Encode(ToBytes(fakes)));
        }
        finally
        {
            generator.train(generatorTraining);
            discriminator.train(discriminatorTraining);
        }
    }

    private sealed record LayerOutput(string Name, nn.Module Module, Tensor Input, Tensor Output);

    private static List<LayerOutput> Forward(Sequential layers, Tensor x)
    {
        var outputs = new List<LayerOutput>();
        foreach (var (name, module) in layers.named_children())
        {
            var y = ((nn.Module<Tensor, Tensor>)module).forward(x);
            outputs.Add(new LayerOutput(name, module, x, y));
            x = y;
        }
        return outputs;
    }

    /// <summary>The first sample's channels for every layer whose output is an image-like [N, C, H, W].</summary>
    private static List<FeatureMapSet> Maps(List<LayerOutput> outputs) =>
        outputs.Where(o => o.Output.dim() == 4).Select(o =>
        {
            var shape = o.Output.shape;
            int channels = (int)Math.Min(MapsShown, shape[1]), height = (int)shape[2], width = (int)shape[3];
            var first = Floats(o.Output[0].narrow(0, 0, channels));
            var png = FeatureMapImage.Encode(first, channels, height, width, Math.Min(MapColumns, channels));
            return new FeatureMapSet(o.Name, [shape[2], shape[3], shape[1]], channels, Math.Min(MapColumns, channels), png);
        }).ToList();

    private static List<BatchNormState> BatchNorms(Sequential layers, List<LayerOutput> outputs, Tensor noise)
    {
        var states = new List<BatchNormState>();
        foreach (var o in outputs.Where(o => o.Module is BatchNorm1d or BatchNorm2d))
        {
            var buffers = o.Module.named_buffers().ToDictionary(b => b.name, b => b.buffer);
            var parameters = o.Module.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            var mean = buffers["running_mean"];
            states.Add(new BatchNormState(o.Name, (int)mean.shape[0],
                ValueHistogram.Of(Floats(mean)), ValueHistogram.Of(Floats(buffers["running_var"])),
                ValueHistogram.Of(Floats(parameters["weight"])), ValueHistogram.Of(Floats(parameters["bias"])),
                ValueHistogram.Of(Floats(o.Input)), ValueHistogram.Of(Floats(o.Output))));
        }
        return states;
    }

    /// <summary>
    /// The update Adam would make now, per parameter: lr · m̂ / (√v̂ + ε) with m̂ = m / (1 − β₁ᵗ) and v̂ = v / (1 − β₂ᵗ).
    /// Before the first step the moments do not exist and the histogram is empty.
    /// </summary>
    private static AdamState Adam(string network, Adam optimizer, nn.Module model)
    {
        // GanStep builds both optimizers with betas 0.9/0.999 and Keras' epsilon; the learning rate is the lab's.
        double lr = optimizer.ParamGroups.First().LearningRate, beta1 = 0.9, beta2 = 0.999, eps = KerasDefaults.AdamEpsilon;
        var dictionary = optimizer.state_dict();
        var steps = new List<float>();
        long stepCount = 0, count = 0;
        foreach (var entry in dictionary.State)
        {
            if (entry is not Adam.State state || state.exp_avg is null || state.exp_avg_sq is null) continue;
            stepCount = Math.Max(stepCount, state.step);
            if (state.step == 0) continue;
            double c1 = 1 - Math.Pow(beta1, state.step), c2 = 1 - Math.Pow(beta2, state.step);
            var size = state.exp_avg.div(c1).div(state.exp_avg_sq.div(c2).sqrt().add(eps)).mul(lr).abs().clamp_min(1e-12).log10();
            steps.AddRange(Floats(size));
            count += state.exp_avg.numel();
        }
        var array = steps.ToArray();
        double median = 0;
        if (array.Length > 0)
        {
            var sorted = (float[])array.Clone();
            Array.Sort(sorted);
            median = Math.Pow(10, sorted[sorted.Length / 2]);
        }
        return new AdamState(network, stepCount, lr, count, ValueHistogram.Of(array), median);
    }

    private static Tensor ToBytes(Tensor images) =>
        images.mul(127.5).add(127.5).clamp(0, 255).to_type(ScalarType.Byte).cpu();

    private static float[] Floats(Tensor t) => t.detach().cpu().contiguous().to_type(ScalarType.Float32).data<float>().ToArray();
}
