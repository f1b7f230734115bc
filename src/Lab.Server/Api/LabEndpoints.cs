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
        api.MapPost("/labs/{id}/fork", Fork);
        api.MapPost("/labs/{id}/key", (string id, HttpContext http, ILabService labs) => RotateKey(id, http, labs));
        api.MapGet("/labs/{id}/metrics", (string id, long? fromStep, int? maxPoints, ILabService labs) =>
            labs.Get(id) is null ? NotFound(id) : Results.Ok(labs.Metrics(id, fromStep ?? 0, Math.Max(0, maxPoints ?? 0))));
        api.MapGet("/labs/{id}/samples", (string id, ILabService labs) =>
            labs.Get(id) is null ? NotFound(id) : Results.Ok(labs.Samples(id)));
        api.MapGet("/labs/{id}/epochs", (string id, ILabStore store) =>
            store.Find(id) is null ? NotFound(id) : Results.Ok(store.Epochs(id)));
        api.MapGet("/labs/{id}/history", (string id, ILabStore store) =>
            store.Find(id) is null ? NotFound(id) : Results.Ok(store.History(id).Select(h => new { h.At, Status = h.Status.ToApiName(), h.Detail })));
        api.MapGet("/labs/{id}/checkpoints", (string id, ILabStore store, LabCheckpoints checkpoints) =>
            store.Find(id) is null ? NotFound(id) : Results.Ok(checkpoints.Describe(id)
                .Select(c => new { c.Step, c.CompletedEpochs, c.AtEpochBoundary, c.Bytes })));
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

    private static IResult Create(CreateLabRequest? request, HttpContext http, ILabService labs) =>
        NewLab(http, () => labs.Create(request ?? new CreateLabRequest()));

    private static IResult Fork(string id, ForkLabRequest? request, HttpContext http, ILabService labs) =>
        NewLab(http, () => labs.Fork(id, request ?? new ForkLabRequest()), id);

    /// <summary>Create and fork answer alike: 201 with absolute links, or what was wrong and what to do.</summary>
    private static IResult NewLab(HttpContext http, Func<CreatedLab?> create, string? sourceId = null)
    {
        try
        {
            if (create() is not { } created) return NotFound(sourceId!);
            return Results.Created(Absolute(http, created.ViewUrl), WithAbsoluteLinks(http, created));
        }
        catch (LabValidationException e)
        {
            return Results.ValidationProblem(e.Errors, title: "The lab's settings are not valid.");
        }
        catch (LabLimitException e)
        {
            if (e.RetryAfter is { } after) http.Response.Headers.RetryAfter = ((int)Math.Ceiling(after.TotalSeconds)).ToString();
            return Results.Problem(statusCode: 429, title: "Too many new labs.", detail: e.Message);
        }
        catch (LabStorageException e)
        {
            return Results.Problem(statusCode: 503, title: "The lab could not be saved.", detail: e.Message);
        }
    }

    private static IResult RotateKey(string id, HttpContext http, ILabService labs)
    {
        var rotated = labs.RotateKey(id, ControlKeyReader.Read(http, id));
        return rotated.Outcome switch
        {
            ControlOutcome.Done => Results.Ok(WithAbsoluteLinks(http, rotated.Links!)),
            ControlOutcome.NotFound => NotFound(id),
            _ => Results.Problem(statusCode: 403, title: "Forbidden", detail: rotated.Message),
        };
    }

    private static CreatedLab WithAbsoluteLinks(HttpContext http, CreatedLab lab) =>
        lab with { ViewUrl = Absolute(http, lab.ViewUrl), ControlUrl = Absolute(http, lab.ControlUrl) };

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
