using Bunit.TestDoubles;
using Lab.Client.Pages.Lab;
using Lab.Contracts;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Lab.Client.Tests.Lab;

/// <summary>The share and fork dialogs on the lab page, for a controller and for a viewer.</summary>
public class SharingTests : LabTestContext
{
    private IRenderedComponent<MudDialogProvider> _dialogs = null!;

    private IRenderedComponent<LabPage> RenderLab(bool holdKey, LabView? lab = null)
    {
        Fake.Labs["lab1"] = lab ?? FakeLabService.NewLab(status: LabStatus.Running, step: 500) with { CheckpointStep = 400 };
        if (holdKey) JSInterop.Setup<string?>("labLab.readCookie", LabDashboard.KeyCookieName("lab1")).SetResult(FakeLabService.Key);
        _dialogs = Render<MudDialogProvider>();
        var cut = Render<LabPage>(ps => ps.Add(p => p.Id, "lab1"));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=share-button]")));
        return cut;
    }

    [Fact]
    public void A_viewer_gets_the_view_link_and_its_qr_code_but_no_control_link()
    {
        var cut = RenderLab(holdKey: false);
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=view-only]")));
        cut.Find("[data-testid=share-button]").Click();

        _dialogs.WaitForAssertion(() => Assert.NotEmpty(_dialogs.FindAll("[data-testid=qr-code]")));
        var viewLink = _dialogs.Find("#view-link-input").GetAttribute("value");
        Assert.Equal("http://localhost/labs/lab1", viewLink);
        Assert.Equal(viewLink, _dialogs.Find("[data-testid=qr-code]").GetAttribute("data-text"));
        Assert.Contains("<svg", _dialogs.Find("[data-testid=qr-code]").InnerHtml);
        Assert.Empty(_dialogs.FindAll("#control-link-input"));
        Assert.Empty(_dialogs.FindAll("[data-testid=rotate-key]"));
        Assert.DoesNotContain(FakeLabService.Key, _dialogs.Markup + cut.Markup);
    }

    [Fact]
    public void The_controller_sees_the_control_link_and_a_new_one_replaces_it_in_this_browser()
    {
        var cut = RenderLab(holdKey: true);
        cut.WaitForAssertion(() => Assert.False(cut.Find("[data-testid=pause-button]").HasAttribute("disabled")));
        cut.Find("[data-testid=share-button]").Click();
        _dialogs.WaitForAssertion(() => Assert.NotEmpty(_dialogs.FindAll("#control-link-input")));
        Assert.Equal($"http://localhost/labs/lab1/control?key={FakeLabService.Key}", _dialogs.Find("#control-link-input").GetAttribute("value"));

        _dialogs.Find("[data-testid=rotate-key]").Click();

        _dialogs.WaitForAssertion(() => Assert.Equal(["lab1"], Fake.Rotations));
        var stored = Assert.Single(JSInterop.Invocations["labLab.writeCookie"]);
        Assert.Equal([LabDashboard.KeyCookieName("lab1"), "rotated"], stored.Arguments);
        _dialogs.WaitForAssertion(() => Assert.Equal("http://localhost/labs/lab1/control?key=rotated", _dialogs.Find("#control-link-input").GetAttribute("value")));
    }

    [Fact]
    public void A_fork_from_the_checkpoint_goes_to_the_new_labs_control_link()
    {
        var cut = RenderLab(holdKey: false);
        cut.Find("[data-testid=fork-button]").Click();
        _dialogs.WaitForAssertion(() => Assert.NotEmpty(_dialogs.FindAll("[data-testid=fork-confirm]")));
        Assert.Contains("Start from its latest checkpoint (step 400)", _dialogs.Markup);
        _dialogs.Find("input[data-testid=fork-from-checkpoint], [data-testid=fork-from-checkpoint] input").Change(true);
        _dialogs.Find("[data-testid=fork-confirm]").Click();

        _dialogs.WaitForAssertion(() => Assert.Single(Fake.ForkRequests));
        var (source, request) = Fake.ForkRequests.Single();
        Assert.Equal("lab1", source);
        Assert.True(request.FromCheckpoint);
        Assert.Equal(50, request.Epochs);
        _dialogs.WaitForAssertion(() => Assert.Equal("http://localhost/labs/fork1/control?key=kf", Services.GetRequiredService<NavigationManager>().Uri));
    }

    [Fact]
    public void A_refused_fork_says_why_and_stays()
    {
        Fake.OnFork = (_, _) => throw new LabLimitException("This address has created 60 labs within the hour.");
        var cut = RenderLab(holdKey: false);
        cut.Find("[data-testid=fork-button]").Click();
        _dialogs.WaitForAssertion(() => Assert.NotEmpty(_dialogs.FindAll("[data-testid=fork-confirm]")));
        _dialogs.Find("[data-testid=fork-confirm]").Click();
        _dialogs.WaitForAssertion(() => Assert.Contains("60 labs within the hour", _dialogs.Find("[data-testid=fork-error]").TextContent));
        Assert.Equal("http://localhost/", Services.GetRequiredService<NavigationManager>().Uri);
    }
}
