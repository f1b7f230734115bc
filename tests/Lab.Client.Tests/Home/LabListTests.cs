using Lab.Contracts;

namespace Lab.Client.Tests.Home;

public class LabListTests : LabTestContext
{
    [Fact]
    public void Each_lab_shows_dataset_status_epoch_and_a_link()
    {
        Fake.Labs["lab1"] = FakeLabService.NewLab("lab1", LabStatus.Running, epoch: 3, step: 2000);

        var cut = Render<Pages.Home.Home>();

        var row = cut.Find("[data-testid=lab-row][data-lab-id=lab1]");
        Assert.Equal("/labs/lab1", row.QuerySelector("[data-testid=lab-link]")!.GetAttribute("href"));
        Assert.Equal("Fashion run", row.QuerySelector("[data-testid=lab-link]")!.TextContent.Trim());
        Assert.Contains("Fashion-MNIST", row.TextContent);
        Assert.Equal("running", row.QuerySelector("[data-testid=status-chip]")!.GetAttribute("data-status"));
        Assert.Contains("3 / 50", row.TextContent);
    }

    [Fact]
    public void Without_labs_the_list_says_how_to_start()
    {
        var cut = Render<Pages.Home.Home>();

        Assert.Empty(cut.FindAll("[data-testid=lab-row]"));
        Assert.NotNull(cut.Find("[data-testid=no-labs]"));
    }
}
