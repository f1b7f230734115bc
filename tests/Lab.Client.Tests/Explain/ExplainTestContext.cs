using Lab.Contracts.Explain;
using Microsoft.Extensions.DependencyInjection;

namespace Lab.Client.Tests.Explain;

/// <summary>The lab test context plus a fake model inspector and one paused lab that has trained.</summary>
public abstract class ExplainTestContext : LabTestContext
{
    protected ExplainTestContext()
    {
        Services.AddSingleton<IModelInspector>(Inspector);
        // As in the browser once the circuit is up: the shell only looks inside the model when interactive.
        Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        Fake.Labs["lab1"] = FakeLabService.NewLab("lab1", global::Lab.Contracts.LabStatus.Paused, epoch: 2, step: 300);
    }

    protected FakeModelInspector Inspector { get; } = new();
}
