using Lab.Engine.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Lab.Engine.Training;

/// <summary>
/// The notebook's train_step: one forward pass of both networks, then both updates from that same pass (Keras'
/// two GradientTapes), not the alternating D-then-G update of the PyTorch example.
/// </summary>
public sealed class GanStep : IDisposable
{
    private readonly Parameter[] _generatorParameters;
    private readonly Parameter[] _discriminatorParameters;

    public Models.Generator Generator { get; }
    public Discriminator Discriminator { get; }
    public Adam GeneratorOptimizer { get; }
    public Adam DiscriminatorOptimizer { get; }

    public GanStep(GanArchitecture architecture, double learningRate, Device device, RunRandom random)
    {
        Generator = new Models.Generator(architecture, random.Host);
        Discriminator = new Discriminator(architecture, random.Host, random.OnDevice);
        Generator.to(device);
        Discriminator.to(device);
        _generatorParameters = Generator.parameters().ToArray();
        _discriminatorParameters = Discriminator.parameters().ToArray();
        // One Adam per network, with Keras' epsilon (1e-7) rather than torch's (1e-8).
        GeneratorOptimizer = optim.Adam(_generatorParameters, learningRate, beta1: 0.9, beta2: 0.999, eps: KerasDefaults.AdamEpsilon);
        DiscriminatorOptimizer = optim.Adam(_discriminatorParameters, learningRate, beta1: 0.9, beta2: 0.999, eps: KerasDefaults.AdamEpsilon);
    }

    /// <summary>
    /// One step on a batch of real images in [-1, 1] and a batch of noise. Call inside a dispose scope.
    /// Returns [G loss, D loss, D(x), D(G(z))] as one small tensor so the host pays a single device-to-host copy.
    /// </summary>
    public Tensor Train(Tensor realImages, Tensor noise)
    {
        Generator.train();
        Discriminator.train();

        var generated = Generator.forward(noise);
        var realLogits = Discriminator.forward(realImages);
        var fakeLogits = Discriminator.forward(generated);

        // BinaryCrossentropy(from_logits=True): D wants real→1 and fake→0, G wants its fakes called real (→1).
        var generatorLoss = binary_cross_entropy_with_logits(fakeLogits, ones_like(fakeLogits));
        var discriminatorLoss = binary_cross_entropy_with_logits(realLogits, ones_like(realLogits))
                              + binary_cross_entropy_with_logits(fakeLogits, zeros_like(fakeLogits));

        GeneratorOptimizer.zero_grad();
        DiscriminatorOptimizer.zero_grad();
        // Each loss sends gradients only into its own network's weights, like tape.gradient(loss, net.trainable_variables).
        generatorLoss.backward(retain_graph: true, inputs: _generatorParameters);
        discriminatorLoss.backward(inputs: _discriminatorParameters);
        GeneratorOptimizer.step();
        DiscriminatorOptimizer.step();

        using var _ = no_grad();
        return stack([generatorLoss.detach(), discriminatorLoss.detach(), realLogits.sigmoid().mean(), fakeLogits.sigmoid().mean()]);
    }

    public void Dispose()
    {
        GeneratorOptimizer.Dispose();
        DiscriminatorOptimizer.Dispose();
        Generator.Dispose();
        Discriminator.Dispose();
    }
}
