using AngleSharp.Dom;
using Lab.Client.Explain;
using Lab.Contracts;
using Lab.Contracts.Explain;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Lab.Client.Tests.Explain;

public class ExplainPageTests : ExplainTestContext
{
    [Theory, MemberData(nameof(ExplainerCatalogTests.Slugs), MemberType = typeof(ExplainerCatalogTests))]
    public void Every_page_renders_its_live_widget_for_the_lab_asked_for(string slug)
    {
        var page = RenderPage(slug, "lab1");

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-live=true]")));
        Assert.Empty(page.FindAll("[data-testid=widget-unknown]"));
        Assert.Contains("reflects epoch 2, step 300 (paused)", page.Find("[data-testid=live-stamp]").TextContent);
        Assert.Equal(ExplainerCatalog.Find(slug)!.Title, page.Find("[data-testid=explain-title]").TextContent);
        Assert.Contains("lab1", Inspector.InspectRequests);
    }

    [Fact]
    public void Layer_facts_come_from_the_architecture_of_the_lab()
    {
        var page = RenderPage("conv-stride2", "lab1");

        var row = page.Find("[data-testid=fact-discriminator-conv2d]");
        Assert.Contains("(32, 32, 1)", row.TextContent);
        Assert.Contains("1,664", row.TextContent);
        Assert.Contains("5 · 5 · 1 · 64 + 64 = 1,664", row.TextContent);
        Assert.Equal(["lab1"], Inspector.ArchitectureRequests.Distinct());
    }

    [Fact]
    public void Without_a_lab_the_pages_say_so_and_widgets_wait()
    {
        Inspector.Default = null;
        var page = RenderPage("batch-norm");

        Assert.Contains("No lab has trained yet", page.Find("[data-testid=explain-no-lab]").TextContent);
        Assert.Equal("false", page.Find("[data-testid=widget-batch-norm]").GetAttribute("data-live"));
        Assert.NotNull(page.Find("[data-testid=widget-waiting]"));
        Assert.Empty(Inspector.InspectRequests);
    }

    [Fact]
    public void A_running_lab_is_marked_running()
    {
        Inspector.Inspection = FakeModelInspector.SampleInspection("lab1", InspectionState.Running);
        var page = RenderPage("adam", "lab1");

        page.WaitForAssertion(() => Assert.Contains("(running)", page.Find("[data-testid=live-stamp]").TextContent));
        Assert.Equal(2, page.FindAll("[data-testid^=adam-]").Count);
    }

    [Fact]
    public void An_unknown_page_says_so() =>
        Assert.Contains("no-such", RenderPage("no-such").Find("[data-testid=explain-missing]").TextContent);

    [Fact]
    public void The_overview_draws_both_networks_with_links_and_the_keras_totals()
    {
        var page = RenderOverview("lab1");

        Assert.Equal("/explain/dense-reshape?lab=lab1", page.Find("[data-testid=block-generator-dense]").GetAttribute("href"));
        Assert.Equal("/explain/conv-stride2?lab=lab1", page.Find("[data-testid=block-discriminator-conv2d_1]").GetAttribute("href"));
        Assert.Equal(12, page.Find("[data-testid=arch-generator]").QuerySelectorAll(".arch-block:not(.io)").Length);
        Assert.Contains("(8, 8, 256)", page.Find("[data-testid=arch-generator]").TextContent);
        Assert.Contains("Total params: 214,785", page.Find("[data-testid=summary-discriminator-totals]").TextContent);
        Assert.Equal(ExplainerCatalog.All.Count, page.FindAll("[data-testid^=explain-link-]").Count);
    }

    private IRenderedComponent<ExplainPageView> RenderPage(string slug, string? lab = null)
    {
        Navigate($"/explain/{slug}", lab);
        return Render<ExplainPageView>(p => p.Add(x => x.Slug, slug));
    }

    private IRenderedComponent<ExplainIndex> RenderOverview(string? lab)
    {
        Navigate("/explain", lab);
        return Render<ExplainIndex>();
    }

    private void Navigate(string path, string? lab)
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo(lab is null ? path : $"{path}?lab={Uri.EscapeDataString(lab)}");
    }

    [Fact]
    public void The_lab_header_links_to_the_explainers_for_that_lab()
    {
        var header = Render<global::Lab.Client.Pages.Lab.LabHeader>(p => p.Add(x => x.Lab, Fake.Labs["lab1"]).Add(x => x.DatasetName, "Fashion"));
        Assert.Equal("/explain?lab=lab1", header.Find("[data-testid=lab-explain-link]").GetAttribute("href"));
    }
}
