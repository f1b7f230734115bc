using Lab.Client.Pages.Lab;
using Lab.Contracts;

namespace Lab.Client.Tests.Lab;

public class SampleTimelineTests
{
    private static List<SamplePoint> Epochs(int count) =>
        Enumerable.Range(1, count).Select(e => new SamplePoint(e, e * 10L, $"/s/{e}.png")).ToList();

    [Fact]
    public void Few_grids_are_all_shown()
    {
        var samples = Epochs(5);

        Assert.Equal(samples, SampleTimeline.Pick(samples, 60));
    }

    [Fact]
    public void Many_grids_are_spread_evenly_from_the_first_to_the_newest()
    {
        var picked = SampleTimeline.Pick(Epochs(1_000), 10);

        Assert.Equal(10, picked.Count);
        Assert.Equal(1, picked[0].Epoch);
        Assert.Equal(1_000, picked[^1].Epoch);
        Assert.Equal(112, picked[1].Epoch);
    }
}
