using Lab.Contracts.Explain;
using Lab.Engine.Inspection;

namespace Lab.Server.Explain;

/// <summary>The engine's inspection records as the contracts' plain views (PNG bytes become data URLs for an img tag).</summary>
internal static class InspectionViews
{
    public static LayerView View(LayerFact f) =>
        new(f.Name, f.Kind, f.InputShape, f.OutputShape, f.Parameters, f.TrainableParameters, f.ParameterFormula, f.ShapeFormula);

    public static HistogramView View(ValueHistogram h) => new(h.Min, h.Max, h.Counts, h.Mean, h.StandardDeviation, h.Total);

    public static string DataUrl(byte[] png) => "data:image/png;base64," + Convert.ToBase64String(png);

    public static ModelInspection View(string labId, int epoch, long step, string state, string source, ModelProbeResult p, double milliseconds) => new(
        labId, epoch, step, state, source,
        p.GeneratorMaps.Select(View).ToList(),
        p.DiscriminatorRealMaps.Select(View).ToList(),
        p.DiscriminatorFakeMaps.Select(View).ToList(),
        p.GeneratorActivations.Select(a => new ActivationView(a.Layer, View(a.Values))).ToList(),
        p.DiscriminatorActivations.Select(a => new ActivationView(a.Layer, View(a.Values))).ToList(),
        p.RealLogits, p.FakeLogits,
        p.BatchNorm.Select(b => new BatchNormView(b.Layer, b.Features, View(b.RunningMean), View(b.RunningVariance), View(b.Gamma), View(b.Beta), View(b.Before), View(b.After))).ToList(),
        p.Adam.Select(a => new AdamView(a.Network, a.Step, a.LearningRate, a.Parameters, View(a.Log10StepSizes), a.MedianStepSize)).ToList(),
        View(p.RealPixels), View(p.FakePixels),
        DataUrl(p.RealImagesPng), DataUrl(p.FakeImagesPng),
        milliseconds);

    private static FeatureMapView View(FeatureMapSet m) => new(m.Layer, m.Shape, m.ChannelsShown, m.Columns, DataUrl(m.Png));
}
