namespace Lab.Engine.Inspection;

/// <summary>
/// One layer of a live network as the explainers show it: shapes in and out (Keras order, no batch dimension), the
/// parameter count the module really has, and the formula that gives it with this model's own numbers filled in.
/// </summary>
public sealed record LayerFact(
    string Name,
    string Kind,
    IReadOnlyList<long> InputShape,
    IReadOnlyList<long> OutputShape,
    long Parameters,
    long TrainableParameters,
    string? ParameterFormula,
    string? ShapeFormula);
