using Lab.Engine.Checkpoints;
using Lab.Server.Export;

namespace Lab.Server.Api;

/// <summary>
/// Downloads (README, "Export"): /api/labs/{id}/export/generator.dat (TorchSharp), generator.pt (PyTorch state_dict),
/// grids.zip, metrics.csv and timeline.gif. Anyone who may view a lab may download its results.
/// </summary>
public static class ExportEndpoints
{
    public static void MapLabExports(this IEndpointRouteBuilder app)
    {
        var export = app.MapGroup("/api/labs/{id}/export");
        export.MapGet("/generator.dat", (string id, LabExports exports) => Send(id, () => exports.GeneratorTorchSharp(id)));
        // Loading the weights into a module to write PyTorch's format is torch work: off the request thread.
        export.MapGet("/generator.pt", (string id, LabExports exports) => Task.Run(() => Send(id, () => exports.GeneratorPyTorch(id))));
        export.MapGet("/grids.zip", (string id, LabExports exports) => Send(id, () => exports.GridsZip(id)));
        export.MapGet("/metrics.csv", (string id, LabExports exports) => Send(id, () => exports.MetricsCsvFile(id)));
        export.MapGet("/timeline.gif", (string id, LabExports exports) => Task.Run(() => Send(id, () => exports.AnimationGif(id))));
    }

    private static IResult Send(string id, Func<LabExports.ExportFile?> make)
    {
        try
        {
            return make() switch
            {
                null => LabEndpoints.NotFound(id),
                { Missing: { } why } => Results.Problem(statusCode: 404, title: why),
                var file => Results.File(file.Content!, file.ContentType, file.FileName),
            };
        }
        catch (CheckpointException e)
        {
            return Results.Problem(statusCode: 409, title: "The lab's checkpoints cannot be read.", detail: e.Message);
        }
    }
}
