using Lab.Client.Pages.Lab;

namespace Lab.Client.Tests.Lab;

/// <summary>TensorBoard's smoothing, checked against its formula written out by hand.</summary>
public class EmaSmootherTests
{
    [Fact]
    public void The_first_value_is_itself_and_later_ones_are_the_debiased_average()
    {
        var smoothed = EmaSmoother.Smooth([2.0, 4.0, 1.0], 0.6);
        Assert.Equal(2.0, smoothed[0], 12);
        // last = 0.6·0.8 + 0.4·4 = 2.08 after last = 0.4·2 = 0.8; debias 1 − 0.6² = 0.64.
        Assert.Equal(2.08 / 0.64, smoothed[1], 12);
        Assert.Equal((2.08 * 0.6 + 0.4 * 1.0) / (1 - 0.6 * 0.6 * 0.6), smoothed[2], 12);
    }

    [Fact]
    public void No_smoothing_is_the_raw_line_and_a_constant_stays_constant()
    {
        Assert.Equal([3.0, -1.0, 7.0], EmaSmoother.Smooth([3.0, -1.0, 7.0], 0));
        Assert.All(EmaSmoother.Smooth(Enumerable.Repeat(0.7, 50), 0.99), v => Assert.Equal(0.7, v, 9));
    }

    [Fact]
    public void Extending_point_by_point_draws_what_smoothing_everything_again_would()
    {
        var values = Enumerable.Range(0, 500).Select(i => Math.Sin(i / 7.0) + i * 0.01).ToArray();
        var live = new EmaSmoother(0.9);
        var extended = values.Take(300).Select(live.Next).ToList();
        extended.AddRange(values.Skip(300).Select(live.Next));
        Assert.Equal(EmaSmoother.Smooth(values, 0.9), extended);
    }

    [Fact]
    public void A_diverged_value_is_a_gap_that_leaves_the_average_alone()
    {
        var smoothed = EmaSmoother.Smooth([1.0, double.NaN, double.PositiveInfinity, 1.0], 0.5);
        Assert.True(double.IsNaN(smoothed[1]));
        Assert.True(double.IsPositiveInfinity(smoothed[2]));
        Assert.Equal(1.0, smoothed[3], 12);
    }
}
