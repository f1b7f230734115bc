namespace Lab.Engine.Checkpoints;

/// <summary>A checkpoint that cannot be written or used. The message names the file and says what to do.</summary>
public sealed class CheckpointException(string path, string message, Exception? inner = null)
    : Exception($"Checkpoint {path}: {message}", inner)
{
    public string Path { get; } = path;
}
