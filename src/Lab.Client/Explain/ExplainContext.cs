using Lab.Contracts;
using Lab.Contracts.Explain;

namespace Lab.Client.Explain;

/// <summary>
/// What every widget on an explainer page reads (cascaded by the page): the lab being viewed, its live networks and
/// the latest look inside them. <c>Inspection</c> is null while it loads or when the lab has not trained yet.
/// </summary>
public sealed record ExplainContext(LabView? Lab, ArchitectureView Architecture, ModelInspection? Inspection, bool Loading, IReadOnlyList<CheckpointView> Checkpoints)
{
    public string? LabId => Lab?.Id;

    /// <summary>The page link with this lab selected.</summary>
    public string Link(string slug) => "/explain/" + slug + (LabId is null ? "" : "?lab=" + Uri.EscapeDataString(LabId));

    public string OverviewLink => "/explain" + (LabId is null ? "" : "?lab=" + Uri.EscapeDataString(LabId));
}
