using Lab.Client.Components;

namespace Lab.Client.Tests.Components;

public class DurationFormatTests
{
    [Theory]
    [InlineData(0, "0 s")]
    [InlineData(44.6, "45 s")]
    [InlineData(200, "3 min 20 s")]
    [InlineData(180, "3 min")]
    [InlineData(3_700, "1 h 1 min")]
    [InlineData(7_200, "2 h")]
    [InlineData(97_200, "1 d 3 h")]
    public void Seconds_read_like_people_say_them(double seconds, string expected) =>
        Assert.Equal(expected, DurationFormat.Format(seconds));

    [Theory]
    [InlineData(null)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(-1.0)]
    public void Unknown_time_is_a_dash(double? seconds) => Assert.Equal("—", DurationFormat.Format(seconds));

    [Fact]
    public void Rate_has_one_decimal_when_slow() =>
        Assert.Equal(("2.3 steps/s", "42 steps/s"), (DurationFormat.Rate(2.25), DurationFormat.Rate(41.7)));
}
