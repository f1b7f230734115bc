using System.Text.RegularExpressions;
using Markdig;

namespace Lab.Client.Explain;

/// <summary>A piece of an explainer: rendered Markdown, or a live widget named by a <c>{{widget: name argument}}</c> line.</summary>
public abstract record MarkdownSegment;

public sealed record HtmlSegment(string Html) : MarkdownSegment;

public sealed record WidgetSegment(string Name, string Argument) : MarkdownSegment;

/// <summary>
/// Splits a page at its widget markers and renders the rest with Markdig. Markdig's custom containers give the two
/// styled blocks the pages use: <c>:::code-pair</c> (the notebook's Python beside our C#) and <c>:::correction</c>
/// (where the notebook's prose is wrong).
/// </summary>
public static partial class MarkdownSegments
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseCustomContainers()
        .UseEmphasisExtras()
        .Build();

    public static IReadOnlyList<MarkdownSegment> Split(string markdown)
    {
        var segments = new List<MarkdownSegment>();
        int at = 0;
        foreach (Match marker in WidgetMarker().Matches(markdown))
        {
            AddHtml(segments, markdown[at..marker.Index]);
            segments.Add(new WidgetSegment(marker.Groups[1].Value, marker.Groups[2].Value.Trim()));
            at = marker.Index + marker.Length;
        }
        AddHtml(segments, markdown[at..]);
        return segments;
    }

    public static string ToHtml(string markdown) => Markdown.ToHtml(markdown, Pipeline);

    private static void AddHtml(List<MarkdownSegment> segments, string markdown)
    {
        if (!string.IsNullOrWhiteSpace(markdown)) segments.Add(new HtmlSegment(ToHtml(markdown)));
    }

    [GeneratedRegex(@"^\{\{widget:\s*([a-z0-9-]+)([^}]*)\}\}[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex WidgetMarker();
}
