using Lab.Engine.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lab.Engine.Inspection;

/// <summary>
/// Walks a live generator or discriminator with one dummy sample and describes every layer: what the module reports
/// (shapes from the forward pass, parameters from its tensors) next to the formula from <see cref="LayerFormulas"/>,
/// filled in from the module's own hyperparameters (kernel, stride, padding, channels).
/// </summary>
public static class ArchitectureFacts
{
    public static IReadOnlyList<LayerFact> Of(Models.Generator generator) =>
        Walk(generator.Layers, [generator.Architecture.LatentDim]);

    public static IReadOnlyList<LayerFact> Of(Discriminator discriminator)
    {
        var image = discriminator.Architecture.Image;
        return Walk(discriminator.Layers, [image.Channels, image.Size, image.Size]);
    }

    private static IReadOnlyList<LayerFact> Walk(Sequential layers, long[] inputShape)
    {
        var summary = ModelSummary.Of("model", layers, inputShape);
        var facts = new List<LayerFact>();
        IReadOnlyList<long> input = KerasOrder(inputShape);
        int i = 0;
        foreach (var (name, module) in layers.named_children())
        {
            var row = summary.Layers[i++];
            facts.Add(new LayerFact(name, Kind(module), input, row.OutputShape, row.Parameters, row.TrainableParameters,
                ParameterFormula(module), ShapeFormula(module, input)));
            input = row.OutputShape;
        }
        return facts;
    }

    private static string Kind(nn.Module module) => module switch
    {
        Linear => "Dense",
        BatchNorm1d or BatchNorm2d => "BatchNormalization",
        LeakyReLU => "LeakyReLU",
        Unflatten => "Reshape",
        ConvTranspose2d => "Conv2DTranspose",
        Conv2d => "Conv2D",
        KerasDropout => "Dropout",
        Flatten => "Flatten",
        Tanh => "Activation (tanh)",
        _ => module.GetType().Name,
    };

    private static string? ParameterFormula(nn.Module module)
    {
        switch (module)
        {
            case Linear dense:
            {
                bool bias = dense.bias is not null;
                long n = LayerFormulas.DenseParameters(dense.in_features, dense.out_features, bias);
                return $"{dense.in_features:N0} · {dense.out_features:N0}{(bias ? $" + {dense.out_features:N0}" : "")} = {n:N0}";
            }
            case Conv2d or ConvTranspose2d:
            {
                var weight = module.named_parameters().First(p => p.name == "weight").parameter;
                bool bias = module.named_parameters().Any(p => p.name == "bias");
                // torch stores Conv2d as [out, in, k, k] and ConvTranspose2d as [in, out, k, k].
                long cin = module is ConvTranspose2d ? weight.shape[0] : weight.shape[1];
                long cout = module is ConvTranspose2d ? weight.shape[1] : weight.shape[0];
                long k = weight.shape[2];
                long n = LayerFormulas.ConvParameters(k, cin, cout, bias);
                return $"{k} · {k} · {cin:N0} · {cout:N0}{(bias ? $" + {cout:N0}" : "")} = {n:N0}";
            }
            case BatchNorm1d or BatchNorm2d:
            {
                long features = module.named_parameters().First(p => p.name == "weight").parameter.shape[0];
                return $"4 · {features:N0} = {LayerFormulas.BatchNormParameters(features):N0} (γ, β trained; running mean, variance not: {LayerFormulas.BatchNormTrainableParameters(features):N0} trainable)";
            }
            default:
                return null;
        }
    }

    private static string? ShapeFormula(nn.Module module, IReadOnlyList<long> input)
    {
        switch (module)
        {
            case Conv2d conv when input.Count == 3:
            {
                var (k, s, p) = (conv.kernel_size![0], conv.stride![0], conv.padding![0]);
                long n = input[0], output = LayerFormulas.ConvOutput(n, k, s, p);
                return $"⌊({n} + 2·{p} − {k}) / {s}⌋ + 1 = {output}  (Keras \"same\": ⌈{n} / {s}⌉ = {LayerFormulas.ConvOutputSame(n, s)})";
            }
            case ConvTranspose2d convT when input.Count == 3:
            {
                var (k, s, p, op) = (convT.kernel_size![0], convT.stride![0], convT.padding![0], convT.output_padding![0]);
                long n = input[0], output = LayerFormulas.ConvTransposeOutput(n, k, s, p, op);
                return $"({n} − 1)·{s} − 2·{p} + {k} + {op} = {output}  (Keras \"same\": {n} · {s} = {LayerFormulas.ConvTransposeOutputSame(n, s)})";
            }
            default:
                return null;
        }
    }

    private static IReadOnlyList<long> KerasOrder(long[] shape) => shape.Length == 3 ? [shape[1], shape[2], shape[0]] : shape;
}
