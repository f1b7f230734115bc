using Lab.Client.Explain;

namespace Lab.Client.Tests.Explain;

public class ExplainerCatalogTests
{
    private static readonly string[] Expected =
    [
        "data-scaling", "shuffle-batch", "dense-reshape", "batch-norm", "leaky-relu", "transposed-conv", "conv-stride2",
        "dropout", "flatten-dense", "tanh", "bce-loss", "adam", "training-step", "checkpoints",
    ];

    private static readonly string[] LiveWidgets = ["feature-maps", "activations", "batch-norm", "verdicts", "adam", "checkpoints", "pixels"];

    [Fact]
    public void The_folder_is_the_list_of_pages_in_its_order() =>
        Assert.Equal(Expected, ExplainerCatalog.All.Select(e => e.Slug));

    [Theory, MemberData(nameof(Slugs))]
    public void Every_page_has_the_notebook_beside_our_engine_and_a_live_widget(string slug)
    {
        var page = ExplainerCatalog.Find(slug)!;
        var segments = MarkdownSegments.Split(page.Markdown);
        var html = string.Concat(segments.OfType<HtmlSegment>().Select(s => s.Html));

        Assert.Contains("<div class=\"code-pair\">", html);
        Assert.Contains("language-python", html);
        Assert.Contains("language-csharp", html);
        Assert.Contains(segments.OfType<WidgetSegment>(), w => LiveWidgets.Contains(w.Name));
        Assert.DoesNotContain("{{", html);
        Assert.False(string.IsNullOrWhiteSpace(page.Summary));
    }

    [Fact]
    public void The_two_known_mistakes_of_the_notebook_are_corrected_on_their_pages()
    {
        var leaky = MarkdownSegments.ToHtml(ExplainerCatalog.Find("leaky-relu")!.Markdown);
        var logit = MarkdownSegments.ToHtml(ExplainerCatalog.Find("flatten-dense")!.Markdown);
        Assert.Contains("<div class=\"correction\">", leaky);
        Assert.Contains("0.01", leaky);
        Assert.Contains("α = 0.3", leaky);
        Assert.Contains("<div class=\"correction\">", logit);
        Assert.Contains("from_logits=True", logit);
    }

    [Fact]
    public void Every_layer_of_both_networks_but_reshape_helpers_has_a_page()
    {
        var architecture = FakeModelInspector.Architecture("lab1", 3);
        foreach (var layer in architecture.Generator) Assert.NotNull(ExplainerCatalog.For("generator", layer.Name));
        foreach (var layer in architecture.Discriminator) Assert.NotNull(ExplainerCatalog.For("discriminator", layer.Name));
    }

    [Fact]
    public void Front_matter_gives_slug_title_summary_and_layers()
    {
        var page = ExplainerCatalog.Parse("07-conv", "---\ntitle: Conv\nsummary: Down.\nlayers: discriminator/conv2d, discriminator/conv2d_1\n---\nBody {{x}}", 6);
        Assert.Equal(("conv", "Conv", "Down."), (page.Slug, page.Title, page.Summary));
        Assert.Equal(["discriminator/conv2d", "discriminator/conv2d_1"], page.Layers);
        Assert.Equal("Body {{x}}", page.Markdown);
        Assert.Throws<FormatException>(() => ExplainerCatalog.Parse("x", "---\nsummary: no title\n---\n", 0));
    }

    [Fact]
    public void Widget_markers_split_the_text_and_carry_their_argument()
    {
        var segments = MarkdownSegments.Split("Before\n\n{{widget: feature-maps generator reshape,tanh}}\n\nAfter");
        Assert.Collection(segments,
            s => Assert.Contains("Before", ((HtmlSegment)s).Html),
            s => Assert.Equal(new WidgetSegment("feature-maps", "generator reshape,tanh"), s),
            s => Assert.Contains("After", ((HtmlSegment)s).Html));
    }

    public static TheoryData<string> Slugs() => new(Expected);
}
