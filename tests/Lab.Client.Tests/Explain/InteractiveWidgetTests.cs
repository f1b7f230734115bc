using Lab.Client.Explain.Widgets;

namespace Lab.Client.Tests.Explain;

public class InteractiveWidgetTests : ExplainTestContext
{
    [Fact]
    public void LeakyRelu_slope_follows_the_slider()
    {
        var widget = Render<LeakyReluCurve>();
        Assert.Equal("-0.90", widget.Find("[data-testid=leaky-at-minus-3]").TextContent);

        widget.Find("input[type=range]").Input("0.01");

        Assert.Equal("-0.03", widget.Find("[data-testid=leaky-at-minus-3]").TextContent);
    }

    [Fact]
    public void Bce_at_logit_zero_is_log_two_for_either_target()
    {
        var widget = Render<BceCurves>();
        Assert.Equal("0.693", widget.Find("[data-testid=bce-real]").TextContent);
        Assert.Equal("0.693", widget.Find("[data-testid=bce-fake]").TextContent);

        widget.Find("input[type=range]").Input("3");

        Assert.Equal("0.049", widget.Find("[data-testid=bce-real]").TextContent);
        Assert.Equal("3.049", widget.Find("[data-testid=bce-fake]").TextContent);
    }

    [Theory]
    [InlineData(0.0, 1, 0.048587)]
    [InlineData(0.0, 0, 3.048587)]
    [InlineData(-40.0, 1, 40.0)]
    public void Bce_on_logits_is_stable_and_matches_the_definition(double shift, int target, double expected)
    {
        double z = shift == 0 ? 3 : shift;
        Assert.Equal(expected, Bce.OnLogit(z, target), 5);
    }

    [Fact]
    public void Transposed_conv_stamps_every_input_pixel_into_a_7x7_output()
    {
        var widget = Render<TransposedConvStepper>();
        Assert.Equal(49, widget.FindAll("[data-testid=tconv-output] td").Count);

        for (int i = 0; i < 8; i++) widget.Find("[data-testid=tconv-next]").Click();

        Assert.Contains("9 of 9", widget.Find("[data-testid=tconv-status]").TextContent);
        // Each input pixel adds value × 9 ones: the output sums to 9 × (1+2+1+0+3+1+2+0+1) = 99.
        Assert.Equal(99, widget.FindAll("[data-testid=tconv-output] td").Sum(td => int.Parse(td.TextContent)));
    }

    [Fact]
    public void A_bigger_shuffle_buffer_moves_items_further()
    {
        var widget = Render<ShuffleBuffer>();
        widget.Find("input[type=range]").Input("1");
        Assert.Equal("0.0", widget.Find("[data-testid=shuffle-distance]").TextContent);
        Assert.Equal(string.Join(" ", Enumerable.Range(0, 60)), string.Join(" ", widget.FindAll("[data-testid=shuffle-order] span").Select(s => s.TextContent)));

        widget.Find("input[type=range]").Input("60");

        Assert.True(double.Parse(widget.Find("[data-testid=shuffle-distance]").TextContent, System.Globalization.CultureInfo.InvariantCulture) > 10);
    }
}
