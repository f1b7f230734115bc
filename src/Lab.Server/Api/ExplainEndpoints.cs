using Lab.Contracts;
using Lab.Contracts.Explain;

namespace Lab.Server.Api;

/// <summary>
/// What the explainer pages show, for scripts and notebooks (README, "Explainer pages"): GET /api/explain/architecture
/// (the default lab's networks), /api/labs/{id}/architecture and /api/labs/{id}/inspection (404 until it has trained).
/// </summary>
public static class ExplainEndpoints
{
    public static void MapExplainApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/explain/architecture", (IModelInspector inspector, CancellationToken ct) =>
            inspector.ArchitectureAsync(inspector.DefaultLabId(), ct));
        app.MapGet("/api/labs/{id}/architecture", async (string id, ILabService labs, IModelInspector inspector, CancellationToken ct) =>
            labs.Get(id) is null ? LabEndpoints.NotFound(id) : Results.Ok(await inspector.ArchitectureAsync(id, ct)));
        app.MapGet("/api/labs/{id}/inspection", async (string id, ILabService labs, IModelInspector inspector, CancellationToken ct) =>
            labs.Get(id) is null ? LabEndpoints.NotFound(id)
            : await inspector.InspectAsync(id, ct) is { } view ? Results.Ok(view)
            : Results.Problem(statusCode: 404, title: $"Lab {id} has not trained yet: no run and no checkpoint to look at."));
    }
}
