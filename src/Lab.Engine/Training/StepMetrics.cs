namespace Lab.Engine.Training;

/// <summary>
/// The four numbers a GAN person wants each step (as pytorch/examples' dcgan prints them): both losses, and the
/// discriminator's mean probability of "real" on real images (D(x)) and on generated ones (D(G(z))).
/// </summary>
public readonly record struct StepMetrics(long Step, int Epoch, float GeneratorLoss, float DiscriminatorLoss, float DReal, float DFake, double Seconds)
{
    public bool IsFinite => float.IsFinite(GeneratorLoss) && float.IsFinite(DiscriminatorLoss);
}
