namespace Lab.Engine.Data;

/// <summary>The dimensions an IDX file declares, e.g. [10000, 28, 28] for MNIST-style images.</summary>
public sealed record IdxHeader(IReadOnlyList<int> Dimensions)
{
    /// <summary>The number of items along the first dimension (images, for an image file).</summary>
    public int Count => Dimensions[0];

    /// <summary>Bytes of data after the header: the product of the dimensions (one byte per element).</summary>
    public long DataLength => Dimensions.Aggregate(1L, (product, size) => product * size);

    public override string ToString() => string.Join("×", Dimensions);
}
