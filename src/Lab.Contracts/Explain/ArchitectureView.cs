namespace Lab.Contracts.Explain;

/// <summary>
/// One layer of a live network: shapes in and out (Keras order, without the batch dimension), the parameters the
/// module really has, and the formulas with this model's numbers filled in (null where the layer has none).
/// </summary>
public sealed record LayerView(
    string Name,
    string Kind,
    IReadOnlyList<long> InputShape,
    IReadOnlyList<long> OutputShape,
    long Parameters,
    long TrainableParameters,
    string? ParameterFormula,
    string? ShapeFormula)
{
    public static string Shape(IReadOnlyList<long> shape) => "(" + string.Join(", ", shape) + ")";
}

/// <summary>
/// Both networks of a lab as built from its settings. <c>LabId</c> is null when no lab was given or found, and
/// <c>Note</c> then says the numbers come from a lab with the default settings.
/// </summary>
public sealed record ArchitectureView(
    string? LabId,
    string? LabName,
    string DatasetId,
    int ImageChannels,
    int ImageSize,
    int LatentDim,
    IReadOnlyList<LayerView> Generator,
    IReadOnlyList<LayerView> Discriminator,
    string? Note)
{
    public LayerView Layer(string network, string name) =>
        (network == "discriminator" ? Discriminator : Generator).Single(l => l.Name == name);
}
