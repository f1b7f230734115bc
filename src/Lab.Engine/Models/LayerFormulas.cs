namespace Lab.Engine.Models;

/// <summary>
/// The arithmetic the explainer pages state: output sizes and parameter counts of the notebook's layers. Each formula
/// is tested against the TorchSharp modules themselves (their real parameter counts and forward-pass shapes), so a
/// page can never show a number the model does not have.
/// </summary>
public static class LayerFormulas
{
    /// <summary>torch's convolution: ⌊(n + 2p − k) / s⌋ + 1.</summary>
    public static long ConvOutput(long input, long kernel, long stride, long padding) =>
        (input + 2 * padding - kernel) / stride + 1;

    /// <summary>Keras' "same" convolution keeps ⌈n / s⌉ whatever the kernel (TF pads as needed).</summary>
    public static long ConvOutputSame(long input, long stride) => (input + stride - 1) / stride;

    /// <summary>torch's transposed convolution: (n − 1)·s − 2p + k + output_padding.</summary>
    public static long ConvTransposeOutput(long input, long kernel, long stride, long padding, long outputPadding) =>
        (input - 1) * stride - 2 * padding + kernel + outputPadding;

    /// <summary>Keras' "same" transposed convolution: n·s.</summary>
    public static long ConvTransposeOutputSame(long input, long stride) => input * stride;

    /// <summary>Dense: in·out weights (+ out biases).</summary>
    public static long DenseParameters(long inputs, long outputs, bool bias) => inputs * outputs + (bias ? outputs : 0);

    /// <summary>Conv2D or Conv2DTranspose: k·k·in·out weights (+ out biases); the same count either direction.</summary>
    public static long ConvParameters(long kernel, long inChannels, long outChannels, bool bias) =>
        kernel * kernel * inChannels * outChannels + (bias ? outChannels : 0);

    /// <summary>Batch norm: γ and β are trained, the running mean and variance are not: 4 per feature, 2 trainable.</summary>
    public static long BatchNormParameters(long features) => 4 * features;

    public static long BatchNormTrainableParameters(long features) => 2 * features;
}
