using Lab.Contracts;
using Lab.Server.Labs;
using Lab.Server.Training;

namespace Lab.Server.Api;

/// <summary>The HTTP surface of API.md. Thin: every decision is the lab service's.</summary>
public static class LabEndpoints
{
    public static void MapLabApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/datasets", (ILabService labs) => labs.Datasets());
        api.MapGet("/labs", (ILabService labs) => labs.List());
        api.MapPost("/labs", Create);
        api.MapGet("/labs/{id}", (string id, ILabService labs) => labs.Get(id) is { } lab ? Results.Ok(lab) : NotFound(id));
        foreach (var command in Enum.GetValues<LabCommand>())
            api.MapPost($"/labs/{{id}}/{command.ToString().ToLowerInvariant()}", (string id, HttpContext http, ILabService labs) => Control(id, command, http, labs));
        api.MapGet("/labs/{id}/metrics", (string id, long? fromStep, ILabService labs) =>
            labs.Get(id) is null ? NotFound(id) : Results.Ok(labs.Metrics(id, fromStep ?? 0)));
        api.MapGet("/labs/{id}/samples", (string id, ILabService labs) =>
            labs.Get(id) is null ? NotFound(id) : Results.Ok(labs.Samples(id)));
        api.MapGet("/labs/{id}/epochs", (string id, ILabStore store) =>
            store.Find(id) is null ? NotFound(id) : Results.Ok(store.Epochs(id)));
        api.MapGet("/labs/{id}/history", (string id, ILabStore store) =>
            store.Find(id) is null ? NotFound(id) : Results.Ok(store.History(id).Select(h => new { h.At, Status = h.Status.ToApiName(), h.Detail })));
        api.MapGet("/labs/{id}/checkpoints", (string id, ILabStore store, LabCheckpoints checkpoints) =>
            store.Find(id) is null ? NotFound(id) : Results.Ok(checkpoints.For(id).List()
                .Select(c => (c.Name, File: new FileInfo(c.File)))
                .Where(c => c.File.Exists) // pruned while listing
                .Select(c => new { c.Name.Step, c.Name.CompletedEpochs, c.Name.AtEpochBoundary, Bytes = c.File.Length })));
        api.MapGet("/labs/{id}/samples/{epoch:int}.png", (string id, int epoch, ILabStore store) =>
            store.GridPng(id, epoch) is { } png ? Results.File(png, "image/png") : Results.Problem(statusCode: 404, title: $"Lab '{id}' has no sample grid for epoch {epoch}."));

        // The control link: remember the key in a cookie for this lab only, then show the lab page.
        app.MapGet("/labs/{id}/control", (string id, string? key, HttpContext http, ILabService labs) =>
        {
            if (!labs.CanControl(id, key)) return Results.Redirect(LabUrls.View(id) + "?keyRejected=true");
            http.Response.Cookies.Append(ControlKey.CookieName(id), key!, new CookieOptions
            {
                Path = "/",
                // The page reads it to send with control requests; the server re-checks every request.
                HttpOnly = false,
                SameSite = SameSiteMode.Strict,
                Secure = http.Request.IsHttps,
                MaxAge = TimeSpan.FromDays(365),
            });
            return Results.Redirect(LabUrls.View(id));
        });
    }

    private static IResult Create(CreateLabRequest? request, HttpContext http, ILabService labs)
    {
        try
        {
            var created = labs.Create(request ?? new CreateLabRequest());
            var absolute = created with { ViewUrl = Absolute(http, created.ViewUrl), ControlUrl = Absolute(http, created.ControlUrl) };
            return Results.Created(absolute.ViewUrl, absolute);
        }
        catch (LabValidationException e)
        {
            return Results.ValidationProblem(e.Errors, title: "The lab's settings are not valid.");
        }
        catch (LabStorageException e)
        {
            return Results.Problem(statusCode: 503, title: "The lab could not be saved.", detail: e.Message);
        }
    }

    private static IResult Control(string id, LabCommand command, HttpContext http, ILabService labs)
    {
        var result = labs.Control(id, command, ControlKeyReader.Read(http, id));
        return result.Outcome switch
        {
            ControlOutcome.Done => Results.Ok(result.Lab),
            ControlOutcome.NotFound => NotFound(id),
            ControlOutcome.Forbidden => Results.Problem(statusCode: 403, title: "Forbidden", detail: result.Message),
            _ => Results.Problem(statusCode: 409, title: "Conflict", detail: result.Message),
        };
    }

    internal static IResult NotFound(string id) => Results.Problem(statusCode: 404, title: $"No lab with id '{id}'.");

    private static string Absolute(HttpContext http, string path) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{path}";
}
