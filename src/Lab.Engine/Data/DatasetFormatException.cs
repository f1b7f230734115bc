namespace Lab.Engine.Data;

/// <summary>A dataset file that is missing, truncated or not in the expected format. The message says which file and what to do.</summary>
public sealed class DatasetFormatException(string source, string problem, Exception? inner = null)
    : Exception($"{source}: {problem}", inner)
{
    public string SourceName { get; } = source;
}
