using System.Text.Json.Serialization;
using Lab.Contracts;
using Lab.Engine.Data;
using Lab.Engine.Runtime;
using Lab.Server.Api;
using Lab.Server.Export;
using Lab.Server.Hubs;
using Lab.Server.Labs;
using Lab.Server.Live;
using Lab.Server.Options;
using Lab.Server.Storage;
using Lab.Server.Training;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // The repository's top-level wwwroot/ is copied beside the binaries as site/ (see Lab.Server.csproj).
    WebRootPath = Path.Combine(AppContext.BaseDirectory, "site"),
});
// `dotnet run` serves MudBlazor's, Plotly's and Blazor's own files from the build's static web assets manifest. ASP.NET
// only reads it in Development by default; the lab runs as Production, so ask for it (a no-op in a published app).
builder.WebHost.UseStaticWebAssets();

builder.Services.AddOptions<LabOptions>()
    .Bind(builder.Configuration.GetSection(LabOptions.Section))
    .ValidateDataAnnotations()
    .ValidateOnStart();
builder.Services.AddSingleton<IValidateOptions<LabOptions>, LabOptionsValidator>();

builder.Services.AddSingleton(sp =>
{
    var options = sp.GetRequiredService<IOptions<LabOptions>>().Value;
    var torch = TorchRuntime.Probe(Enum.Parse<DevicePreference>(options.Device, ignoreCase: true));
    var log = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Lab.Torch");
    if (torch.Available) log.LogInformation("Training device: {Device}", torch.Description);
    else log.LogError("Training is unavailable: {Reason}", torch.Reason);
    return torch;
});
builder.Services.AddSingleton(sp =>
{
    var options = sp.GetRequiredService<IOptions<LabOptions>>().Value;
    return new DatasetCatalog(LabPaths.ShippedDatasets(options), options.Cifar10Directory);
});
builder.Services.AddSingleton<ILabStore>(sp =>
{
    var directory = LabPaths.DataDirectory(sp.GetRequiredService<IOptions<LabOptions>>().Value, sp.GetRequiredService<IHostEnvironment>());
    return new SqliteLabStore(new LabDatabase(Path.Combine(directory, "labs.db")), directory, sp.GetRequiredService<ILogger<SqliteLabStore>>());
});
builder.Services.AddSingleton<LabCheckpoints>();
builder.Services.AddSingleton<LabExports>();
builder.Services.AddSingleton<LabRequestValidator>();
builder.Services.AddSingleton<HubViewers>();
builder.Services.AddSingleton<LabBroadcaster>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<LabBroadcaster>());
builder.Services.AddSingleton<TrainingScheduler>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<TrainingScheduler>());
builder.Services.AddHostedService<RestartRecovery>();
builder.Services.AddSingleton<LabCreationLimiter>();
builder.Services.AddHttpContextAccessor();
builder.Services.AddScoped<ClientAddress>();
builder.Services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, ClientAddressCapture.ForCircuits>();
builder.Services.AddScoped<Lab.Client.Components.CircuitConnection>();
builder.Services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler>(sp => sp.GetRequiredService<Lab.Client.Components.CircuitConnection>());
builder.Services.AddScoped<LabService>();
builder.Services.AddScoped<ILabService>(sp => sp.GetRequiredService<LabService>());
builder.Services.AddSingleton<Lab.Server.Explain.ProbeImages>();
builder.Services.AddSingleton<Lab.Contracts.Explain.IModelInspector, Lab.Server.Explain.ModelInspector>();

builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
builder.Services.AddSignalR().AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();

var app = builder.Build();

var dataDirectory = LabPaths.DataDirectory(app.Services.GetRequiredService<IOptions<LabOptions>>().Value, app.Environment);
app.Logger.LogInformation("Lab data directory: {DataDirectory}", dataDirectory);

app.UseClientAddress();
app.UseStaticFiles();
app.MapStaticAssets();
app.UseAntiforgery();

app.MapLabApi();
app.MapLabExports();
app.MapExplainApi();
app.MapHub<LabHub>("/hubs/lab");
app.MapRazorComponents<Lab.Client.App>().AddInteractiveServerRenderMode();

app.Run();

/// <summary>Visible to the test host (WebApplicationFactory).</summary>
public partial class Program;
