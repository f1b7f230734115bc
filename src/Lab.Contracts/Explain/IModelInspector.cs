namespace Lab.Contracts.Explain;

/// <summary>
/// What the explainer pages read from a lab's live model: its layers with shapes and parameter counts, and a look
/// inside it (feature maps, distributions, batch-norm and Adam state) at the step it has reached. The server
/// answers from the training run itself while a lab trains, else from the lab's newest checkpoint.
/// </summary>
public interface IModelInspector
{
    /// <summary>The lab the pages show when none is named: the newest that is training or has a checkpoint; null if none.</summary>
    string? DefaultLabId();

    /// <summary>The lab's two networks layer by layer; with no lab (or an unknown one), the networks a new lab would get.</summary>
    Task<ArchitectureView> ArchitectureAsync(string? labId, CancellationToken cancellationToken = default);

    /// <summary>A look inside the lab's model now; null when it has not trained yet (no run, no checkpoint).</summary>
    Task<ModelInspection?> InspectAsync(string labId, CancellationToken cancellationToken = default);

    /// <summary>The lab's checkpoints on disk, oldest first.</summary>
    IReadOnlyList<CheckpointView> Checkpoints(string labId);
}
