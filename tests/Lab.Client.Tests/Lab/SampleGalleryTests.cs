using Lab.Client.Pages.Lab;
using Lab.Contracts;
using MudBlazor;

namespace Lab.Client.Tests.Lab;

/// <summary>The grid timeline: the label always names the grid shown, and following stays off while looking back.</summary>
public class SampleGalleryTests : LabTestContext
{
    private static SamplePoint Grid(int epoch) => new(epoch, epoch * 100L, $"/api/labs/lab1/samples/{epoch}.png");

    private static (string? Label, string? Image, string? Following) Shown(IRenderedComponent<SampleGallery> cut) =>
        (cut.Find("[data-testid=sample-label]").GetAttribute("data-epoch"),
         cut.Find("[data-testid=sample-image]").GetAttribute("data-epoch"),
         cut.Find("[data-testid=sample-follow]").GetAttribute("data-following"));

    [Fact]
    public async Task Going_back_stops_following_new_grids_until_asked_and_epoch_zero_is_there()
    {
        var grids = new List<SamplePoint> { Grid(0), Grid(1), Grid(2) };
        var cut = Render<SampleGallery>(ps => ps.Add(p => p.Samples, grids));
        Assert.Equal(("2", "2", "true"), Shown(cut));

        var slider = cut.FindComponent<MudSlider<int>>();
        await cut.InvokeAsync(() => slider.Instance.ValueChanged.InvokeAsync(0));
        Assert.Equal(("0", "0", "false"), Shown(cut));
        Assert.Contains("before training", cut.Find("[data-testid=sample-label]").TextContent);

        // A new grid arrives: the viewer still sees epoch 0, with the right label.
        grids.Add(Grid(3));
        cut.Render(ps => ps.Add(p => p.Samples, grids.ToList()));
        Assert.Equal(("0", "0", "false"), Shown(cut));
        Assert.Equal("0", cut.Find("input[type=range]").GetAttribute("value"));

        var follow = cut.FindComponent<MudSwitch<bool>>();
        await cut.InvokeAsync(() => follow.Instance.ValueChanged.InvokeAsync(true));
        Assert.Equal(("3", "3", "true"), Shown(cut));
        grids.Add(Grid(4));
        cut.Render(ps => ps.Add(p => p.Samples, grids.ToList()));
        Assert.Equal(("4", "4", "true"), Shown(cut));
        Assert.Equal("4", cut.Find("input[type=range]").GetAttribute("value"));
    }

    [Fact]
    public async Task Moving_to_the_newest_grid_follows_again_and_a_thumbnail_pins_its_epoch()
    {
        var grids = new List<SamplePoint> { Grid(0), Grid(1), Grid(2) };
        var cut = Render<SampleGallery>(ps => ps.Add(p => p.Samples, grids));
        cut.Find("[data-testid=sample-thumb][data-epoch='1']").Click();
        Assert.Equal(("1", "1", "false"), Shown(cut));
        await cut.InvokeAsync(() => cut.FindComponent<MudSlider<int>>().Instance.ValueChanged.InvokeAsync(2));
        Assert.Equal(("2", "2", "true"), Shown(cut));
    }
}
