using Lab.Engine.Models;
using static TorchSharp.torch;

namespace Lab.Engine.Tests;

public class KerasDefaultsTests
{
    [Fact]
    public void Kernels_are_glorot_uniform_and_biases_zero_as_in_keras()
    {
        using var discriminator = new Discriminator(GanArchitecture.Notebook(ImageShape.Cifar));
        var conv = discriminator.Layers.named_children().Single(c => c.name == "conv2d_1").module as TorchSharp.Modules.Conv2d;

        // Glorot limit for a 5×5 conv from 64 to 128 channels: sqrt(6 / (64·25 + 128·25)).
        double limit = Math.Sqrt(6.0 / (64 * 25 + 128 * 25));
        var weight = conv!.weight!;
        Assert.InRange(weight.abs().max().item<float>(), 0.9 * limit, limit);
        // A uniform(-l, l) has standard deviation l/√3; 204,800 draws pin it to well under 1%.
        Assert.InRange(weight.std().item<float>(), 0.99 * limit / Math.Sqrt(3), 1.01 * limit / Math.Sqrt(3));
        Assert.Equal(0f, conv.bias!.abs().max().item<float>());
    }

    [Fact]
    public void Batch_norm_uses_keras_epsilon_and_momentum()
    {
        using var generator = new Lab.Engine.Models.Generator(GanArchitecture.Notebook(ImageShape.Cifar));
        var norm = generator.Layers.named_children().Single(c => c.name == "batch_normalization_1").module as TorchSharp.Modules.BatchNorm2d;

        Assert.Equal(1e-3, norm!.eps);
        Assert.Equal(0.01, norm.momentum);
        Assert.Equal(1f, norm.weight!.mean().item<float>());
    }

    [Fact]
    public void Dropout_drops_about_thirty_percent_in_training_and_nothing_in_inference()
    {
        using var random = new TorchSharp.torch.Generator(5);
        using var dropout = new KerasDropout(0.3, random);
        using var input = ones(100_000);

        dropout.train();
        using var trained = dropout.forward(input);
        double dropped = trained.eq(0).to_type(ScalarType.Float32).mean().item<float>();
        Assert.InRange(dropped, 0.29, 0.31);
        Assert.Equal(1 / 0.7, trained.max().item<float>(), 1e-5);

        dropout.eval();
        using var inferred = dropout.forward(input);
        Assert.True(inferred.eq(input).all().item<bool>());
    }

    [Fact]
    public void Leaky_relu_uses_the_keras_slope_of_point_three()
    {
        using var generator = new Lab.Engine.Models.Generator(GanArchitecture.Notebook(ImageShape.Cifar));
        var leaky = generator.Layers.named_children().First(c => c.name == "leaky_re_lu").module as nn.Module<Tensor, Tensor>;

        using var output = leaky!.forward(tensor(new[] { -10f, 2f }));
        Assert.Equal([-3f, 2f], output.data<float>().ToArray());
    }
}
