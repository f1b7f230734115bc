namespace Lab.Client.Explain;

/// <summary>
/// One explainer page: a Markdown file in Explain/Pages whose front matter gives its slug, title, a one-line summary
/// and the layers it explains ("generator/dense", "discriminator/conv2d_1"), which the architecture diagram links to it.
/// </summary>
public sealed record Explainer(string Slug, string Title, string Summary, IReadOnlyList<string> Layers, string Markdown, int Order)
{
    public bool Explains(string network, string layer) => Layers.Contains($"{network}/{layer}");
}
