using Lab.Contracts;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Lab.Client.Tests;

/// <summary>bUnit with MudBlazor, loose JS interop (unset calls answer default, so no cookie) and the fake lab host.</summary>
public abstract class LabTestContext : BunitContext, IAsyncLifetime
{
    protected const string PlotlyInterop = "./_content/Plotly.Blazor/plotly-interop-7.2.0.js";

    // bUnit's default (1 s) is too short when the suite's render tests share two busy cores with a build.
    static LabTestContext() => DefaultWaitTimeout = TimeSpan.FromSeconds(15);

    protected LabTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<ILabService>(Fake);
        Services.AddSingleton(Connection);
    }

    protected FakeLabService Fake { get; } = new();
    protected global::Lab.Client.Components.CircuitConnection Connection { get; } = new();

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services are only IAsyncDisposable; xunit 2 would dispose the context synchronously otherwise.
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();
}
