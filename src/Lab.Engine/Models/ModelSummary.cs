using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lab.Engine.Models;

/// <summary>One row of a Keras-style model.summary(): output shape without the batch dimension, Keras' order (H, W, C).</summary>
public sealed record LayerSummary(string Name, string Type, IReadOnlyList<long> OutputShape, long Parameters, long TrainableParameters)
{
    public string OutputShapeText => "(None, " + string.Join(", ", OutputShape) + ")";
}

public sealed record ModelSummary(string ModelName, IReadOnlyList<LayerSummary> Layers)
{
    public long TotalParameters => Layers.Sum(l => l.Parameters);
    public long TrainableParameters => Layers.Sum(l => l.TrainableParameters);
    public long NonTrainableParameters => TotalParameters - TrainableParameters;

    /// <summary>
    /// Walks the live layers with one dummy sample in inference mode, recording each output shape and parameter count.
    /// Batch norm's running mean and variance count as non-trainable, as in Keras; torch's num_batches_tracked does not.
    /// </summary>
    public static ModelSummary Of(string modelName, Sequential layers, long[] inputShape)
    {
        var wasTraining = layers.training;
        layers.eval();
        try
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var x = zeros([1, .. inputShape]);
            var rows = new List<LayerSummary>();
            foreach (var (name, layer) in layers.named_children())
            {
                x = ((TorchSharp.torch.nn.Module<Tensor, Tensor>)layer).forward(x);
                long trainable = layer.parameters().Where(p => p.requires_grad).Sum(p => p.numel());
                long frozen = layer.named_buffers().Where(b => !b.name.EndsWith("num_batches_tracked", StringComparison.Ordinal)).Sum(b => b.buffer.numel());
                rows.Add(new LayerSummary(name, layer.GetType().Name, KerasOrder(x.shape), trainable + frozen, trainable));
            }
            return new ModelSummary(modelName, rows);
        }
        finally
        {
            layers.train(wasTraining);
        }
    }

    /// <summary>torch is channels-first (C, H, W); Keras prints channels-last (H, W, C).</summary>
    private static long[] KerasOrder(long[] shape) =>
        shape.Length == 4 ? [shape[2], shape[3], shape[1]] : shape[1..];
}
