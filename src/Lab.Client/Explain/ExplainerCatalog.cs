using System.Reflection;

namespace Lab.Client.Explain;

/// <summary>
/// The explainer pages, read once from the Markdown files embedded from Explain/Pages (NN-slug.md, in that order):
/// the folder is the list, nothing else names the pages. Each file starts with a front matter block:
/// <code>
/// ---
/// title: Batch normalisation
/// summary: One line for the overview.
/// layers: generator/batch_normalization, generator/batch_normalization_1
/// ---
/// </code>
/// </summary>
public static class ExplainerCatalog
{
    private const string ResourcePrefix = "Lab.Client.Explain.Pages.";

    public static IReadOnlyList<Explainer> All { get; } = Load();

    public static Explainer? Find(string slug) => All.FirstOrDefault(e => e.Slug == slug);

    /// <summary>The page that explains this layer, if any.</summary>
    public static Explainer? For(string network, string layer) => All.FirstOrDefault(e => e.Explains(network, layer));

    private static List<Explainer> Load()
    {
        var assembly = typeof(ExplainerCatalog).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".md", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select((name, i) => Parse(name[ResourcePrefix.Length..^3], Read(assembly, name), i))
            .ToList();
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Replace("\r\n", "\n");
    }

    /// <summary>"03-dense-reshape" → slug "dense-reshape"; the front matter's fields; the rest is the body.</summary>
    public static Explainer Parse(string fileName, string text, int order)
    {
        var dash = fileName.IndexOf('-');
        var slug = dash > 0 && fileName[..dash].All(char.IsDigit) ? fileName[(dash + 1)..] : fileName;
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var body = text;
        if (text.StartsWith("---\n", StringComparison.Ordinal))
        {
            var end = text.IndexOf("\n---\n", 4, StringComparison.Ordinal);
            if (end < 0) throw new FormatException($"Explainer {fileName}: its front matter has no closing '---'.");
            foreach (var line in text[4..end].Split('\n'))
            {
                var colon = line.IndexOf(':');
                if (colon > 0) fields[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
            body = text[(end + 5)..];
        }
        if (!fields.TryGetValue("title", out var title)) throw new FormatException($"Explainer {fileName} has no title.");
        var layers = fields.TryGetValue("layers", out var list)
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];
        return new Explainer(slug, title, fields.GetValueOrDefault("summary", ""), layers, body, order);
    }
}
