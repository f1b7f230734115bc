using AngleSharp.Dom;
using Bunit.TestDoubles;
using Lab.Contracts;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Lab.Client.Tests.Home;

public class NewLabFormTests : LabTestContext
{
    private static IElement Field(IRenderedComponent<Pages.Home.Home> cut, string testId) => cut.Find($"[data-testid={testId}]");

    private static string? HelperOf(IRenderedComponent<Pages.Home.Home> cut, string testId) =>
        Field(cut, testId).Closest(".mud-input-control")!.QuerySelector(".mud-input-helper-text")?.TextContent.Trim();

    private BunitNavigationManager Navigation => Services.GetRequiredService<BunitNavigationManager>();

    [Fact]
    public void Form_starts_with_the_notebook_values_and_the_default_dataset()
    {
        var cut = Render<Pages.Home.Home>();

        Assert.Equal("50", Field(cut, "lab-epochs").GetAttribute("value"));
        Assert.Equal("64", Field(cut, "lab-batch-size").GetAttribute("value"));
        Assert.Equal("0.0001", Field(cut, "lab-learning-rate").GetAttribute("value"));
        Assert.Equal("100", Field(cut, "lab-latent-dim").GetAttribute("value"));
        Assert.Null(Field(cut, "lab-seed").GetAttribute("value"));
        // The default dataset is preselected even though an unavailable one comes first in the list.
        Assert.Equal("fashion-mnist", Field(cut, "lab-dataset").ParentElement!.QuerySelector("input[type=hidden]")!.GetAttribute("value"));
        Assert.Contains("Zalando's clothes", cut.Markup);
    }

    [Fact]
    public async Task Unavailable_datasets_are_listed_disabled_with_their_reason()
    {
        var popovers = Render<MudPopoverProvider>();
        var cut = Render<Pages.Home.Home>();

        var select = cut.FindComponent<MudSelect<string>>();
        await cut.InvokeAsync(select.Instance.OpenMenu);

        popovers.WaitForAssertion(() => Assert.Equal(3, popovers.FindAll(".mud-list-item").Count));
        var mnist = popovers.Find("[data-dataset-id=mnist]").Closest(".mud-list-item")!;
        var emoji = popovers.Find("[data-dataset-id=emoji]").Closest(".mud-list-item")!;
        Assert.Contains("mud-list-item-disabled", mnist.ClassList);
        Assert.Contains("Unavailable: Not downloaded: run tools/fetch-mnist.", mnist.TextContent);
        Assert.DoesNotContain("mud-list-item-disabled", emoji.ClassList);
    }

    [Fact]
    public void Creating_a_lab_sends_the_form_values_and_goes_to_the_control_url()
    {
        var cut = Render<Pages.Home.Home>();

        Field(cut, "lab-name").Change("shoes");
        Field(cut, "lab-epochs").Change("3");
        Field(cut, "lab-seed").Change("7");
        cut.Find("form").Submit();

        var request = Assert.Single(Fake.CreateRequests);
        Assert.Equal(new CreateLabRequest
        {
            Name = "shoes", Dataset = "fashion-mnist", Epochs = 3, BatchSize = 64, LearningRate = 1e-4, LatentDim = 100, Seed = 7,
        }, request);
        var navigation = Assert.Single(Navigation.History);
        Assert.EndsWith("/labs/lab42/control?key=k42", navigation.Uri);
        Assert.True(navigation.Options.ForceLoad);
    }

    [Fact]
    public void A_lab_the_server_cannot_save_says_why_and_the_form_keeps_its_values()
    {
        Fake.OnCreate = _ => throw new LabStorageException("The lab could not be saved (disk I/O error). Free disk space in the server's data folder or check its permissions, then try again; nothing was created.");
        var cut = Render<Pages.Home.Home>();

        cut.Find("form").Submit();

        Assert.Contains("Free disk space", cut.Find("[data-testid=form-error]").TextContent);
        Assert.Equal("50", Field(cut, "lab-epochs").GetAttribute("value"));
        Assert.Empty(Navigation.History);
    }

    [Fact]
    public void Server_validation_errors_are_shown_on_their_fields()
    {
        Fake.OnCreate = _ => throw new LabValidationException(new Dictionary<string, string[]>
        {
            ["epochs"] = ["Epochs must be at most 10000."],
            ["learningRate"] = ["Learning rate is too small."],
            ["checkpointEvery"] = ["Must be at least 1."],
        });
        var cut = Render<Pages.Home.Home>();

        cut.Find("form").Submit();

        Assert.Single(Fake.CreateRequests);
        Assert.Equal("Epochs must be at most 10000.", HelperOf(cut, "lab-epochs"));
        Assert.Equal("true", Field(cut, "lab-epochs").GetAttribute("aria-invalid"));
        Assert.Equal("Learning rate is too small.", HelperOf(cut, "lab-learning-rate"));
        Assert.Equal("false", Field(cut, "lab-batch-size").GetAttribute("aria-invalid"));
        // A field the form does not show still gets its message.
        Assert.Contains("checkpointEvery: Must be at least 1.", cut.Find("[data-testid=form-error]").TextContent);
        Assert.Empty(Navigation.History);
    }

    [Fact]
    public void Out_of_range_values_show_their_bounds_and_are_not_sent()
    {
        var cut = Render<Pages.Home.Home>();

        Field(cut, "lab-batch-size").Change("5000");

        // Shown as typed (not clamped), with the reason.
        Assert.Equal("5000", Field(cut, "lab-batch-size").GetAttribute("value"));
        Assert.Equal($"Between {LabDefaults.MinBatchSize} and {LabDefaults.MaxBatchSize}.", HelperOf(cut, "lab-batch-size"));
        Assert.Equal("true", Field(cut, "lab-batch-size").GetAttribute("aria-invalid"));

        cut.Find("form").Submit();
        Assert.Empty(Fake.CreateRequests);

        Field(cut, "lab-batch-size").Change("128");
        Assert.Equal("false", Field(cut, "lab-batch-size").GetAttribute("aria-invalid"));
        cut.Find("form").Submit();
        Assert.Equal(128, Assert.Single(Fake.CreateRequests).BatchSize);
    }
}
