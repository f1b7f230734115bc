using Lab.Engine.Inspection;
using Lab.Engine.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lab.Engine.Tests.Inspection;

/// <summary>Every formula an explainer page states, checked against the TorchSharp modules themselves.</summary>
public class LayerFormulaTests
{
    public static TheoryData<int, int, int> Models => new()
    {
        { 3, 256, 64 }, // the notebook on CIFAR-10 / Emoji-32
        { 1, 256, 64 }, // the notebook's layers on grey data
        { 1, 16, 8 },   // a narrow test lab
    };

    [Theory, MemberData(nameof(Models))]
    public void Parameter_formulas_equal_the_modules_own_counts(int channels, int gWidth, int dWidth)
    {
        var architecture = new GanArchitecture(new ImageShape(channels, 32), 100, gWidth, dWidth);
        using var generator = new Lab.Engine.Models.Generator(architecture);
        using var discriminator = new Discriminator(architecture);

        foreach (var (_, module) in generator.Layers.named_children().Concat(discriminator.Layers.named_children()))
        {
            long actual = module.parameters().Sum(p => p.numel())
                          + module.named_buffers().Where(b => !b.name.EndsWith("num_batches_tracked")).Sum(b => b.buffer.numel());
            long? formula = module switch
            {
                Linear l => LayerFormulas.DenseParameters(l.in_features, l.out_features, l.bias is not null),
                ConvTranspose2d c => LayerFormulas.ConvParameters(c.kernel_size![0], c.in_channels, c.out_channels, c.bias is not null),
                Conv2d c => LayerFormulas.ConvParameters(c.kernel_size![0], c.in_channels, c.out_channels, c.bias is not null),
                BatchNorm1d b => LayerFormulas.BatchNormParameters(b.num_features),
                BatchNorm2d b => LayerFormulas.BatchNormParameters(b.num_features),
                _ => 0,
            };
            Assert.Equal(formula, actual);
            if (module is BatchNorm1d or BatchNorm2d)
                Assert.Equal(LayerFormulas.BatchNormTrainableParameters(module.parameters().First().shape[0]), module.parameters().Sum(p => p.numel()));
        }
    }

    [Theory]
    [InlineData(32, 2)]
    [InlineData(16, 2)]
    [InlineData(28, 2)]
    [InlineData(8, 1)]
    public void Conv_output_formula_equals_a_forward_pass_and_keras_same(int size, int stride)
    {
        using var conv = nn.Conv2d(3, 4, 5, stride: stride, padding: 2);
        using var output = conv.forward(zeros(1, 3, size, size));
        long torchFormula = LayerFormulas.ConvOutput(size, 5, stride, 2);
        Assert.Equal(output.shape[2], torchFormula);
        // With padding 2 on a 5×5 kernel torch gives the sizes Keras' "same" gives.
        Assert.Equal(LayerFormulas.ConvOutputSame(size, stride), torchFormula);
    }

    [Theory]
    [InlineData(8, 1, 0)]
    [InlineData(8, 2, 1)]
    [InlineData(16, 2, 1)]
    [InlineData(3, 2, 1)]
    public void Transposed_conv_output_formula_equals_a_forward_pass_and_keras_same(int size, int stride, int outputPadding)
    {
        using var convT = nn.ConvTranspose2d(3, 4, 5, stride: stride, padding: 2, output_padding: outputPadding);
        using var output = convT.forward(zeros(1, 3, size, size));
        long torchFormula = LayerFormulas.ConvTransposeOutput(size, 5, stride, 2, outputPadding);
        Assert.Equal(output.shape[2], torchFormula);
        Assert.Equal(LayerFormulas.ConvTransposeOutputSame(size, stride), torchFormula);
    }

    [Fact]
    public void Architecture_facts_follow_the_live_model_and_its_channels()
    {
        var grey = GanArchitecture.Notebook(new ImageShape(1, 32));
        using var generator = new Lab.Engine.Models.Generator(grey);
        using var discriminator = new Discriminator(grey);

        var g = ArchitectureFacts.Of(generator);
        var d = ArchitectureFacts.Of(discriminator);

        Assert.Equal([100L], g[0].InputShape);
        Assert.Equal("1,638,400", g[0].ParameterFormula!.Split(" = ")[1]);
        Assert.Equal([32L, 32, 1], g.Single(l => l.Name == "conv2d_transpose_2").OutputShape);
        Assert.Equal("5 · 5 · 64 · 1 = 1,600", g.Single(l => l.Name == "conv2d_transpose_2").ParameterFormula);
        Assert.StartsWith("(16 − 1)·2 − 2·2 + 5 + 1 = 32", g.Single(l => l.Name == "conv2d_transpose_2").ShapeFormula);
        Assert.Equal([32L, 32, 1], d[0].InputShape);
        Assert.Equal("5 · 5 · 1 · 64 + 64 = 1,664", d[0].ParameterFormula);
        Assert.Equal(1_664, d[0].Parameters);
        Assert.StartsWith("⌊(32 + 2·2 − 5) / 2⌋ + 1 = 16", d[0].ShapeFormula);
        Assert.Equal("Dense", d[^1].Kind);
        Assert.Equal([1L], d[^1].OutputShape);
        // Each layer's input is the previous layer's output.
        for (int i = 1; i < g.Count; i++) Assert.Equal(g[i - 1].OutputShape, g[i].InputShape);
    }
}
