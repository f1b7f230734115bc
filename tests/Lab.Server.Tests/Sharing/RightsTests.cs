using System.Net;
using System.Net.Http.Json;
using Lab.Contracts;
using Microsoft.AspNetCore.SignalR.Client;

namespace Lab.Server.Tests.Sharing;

/// <summary>The server, not the page, decides who controls a lab: every control path, with and without the key.</summary>
public class RightsTests(LabServerFactory factory) : IClassFixture<LabServerFactory>
{
    private readonly LabApi _api = new(factory.CreateClient());

    [Fact]
    public async Task Every_http_control_path_refuses_a_missing_or_wrong_key_and_changes_nothing()
    {
        var created = await _api.CreateAsync(new { epochs = 1 });
        foreach (var path in new[] { "start", "pause", "resume", "stop", "key" })
        {
            foreach (var key in new string?[] { null, "", "wrong", created.ControlKey + "x", created.Id })
            {
                var response = await _api.ControlAsync(created.Id, path, key);
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{path} with key '{key}' answered {response.StatusCode}");
            }
        }
        var lab = await _api.GetAsync(created.Id);
        Assert.Equal(LabStatus.Created, lab.Status);
        // The key was not rotated by any of those: it still works.
        Assert.Equal(HttpStatusCode.OK, (await _api.ControlAsync(created.Id, "start", created.ControlKey)).StatusCode);
        await _api.WaitForStatusAsync(created.Id, LabStatus.Completed);
    }

    [Fact]
    public async Task Rotating_the_key_retires_the_old_one_on_http_and_hub_alike()
    {
        var created = await _api.CreateAsync(new { epochs = 200 });
        var rotate = await _api.ControlAsync(created.Id, "key", created.ControlKey);
        Assert.Equal(HttpStatusCode.OK, rotate.StatusCode);
        var fresh = (await rotate.Content.ReadFromJsonAsync<CreatedLab>(LabApi.Json))!;
        Assert.NotEqual(created.ControlKey, fresh.ControlKey);
        Assert.EndsWith($"/labs/{created.Id}/control?key={fresh.ControlKey}", fresh.ControlUrl);
        Assert.True(fresh.ControlKey.Length >= 22, "at least 128 random bits, base64url");

        // The old control link no longer stores a key; the new one does.
        var noRedirects = factory.CreateClient(new() { AllowAutoRedirect = false });
        var old = await noRedirects.GetAsync(new Uri(created.ControlUrl, UriKind.RelativeOrAbsolute).PathAndQuery);
        Assert.Contains("keyRejected=true", old.Headers.Location!.ToString());
        Assert.False(old.Headers.Contains("Set-Cookie"));
        var renewed = await noRedirects.GetAsync(new Uri(fresh.ControlUrl).PathAndQuery);
        Assert.Contains(renewed.Headers.GetValues("Set-Cookie"), c => c.StartsWith($"lab-key-{created.Id}={fresh.ControlKey}"));

        Assert.Equal(HttpStatusCode.Forbidden, (await _api.ControlAsync(created.Id, "start", created.ControlKey)).StatusCode);
        await using var hub = factory.ConnectHub();
        await hub.StartAsync();
        foreach (var method in new[] { "Start", "Pause", "Resume", "Stop" })
            Assert.Equal(ControlOutcome.Forbidden, (await hub.InvokeAsync<ControlResult>(method, created.Id, created.ControlKey)).Outcome);
        Assert.Equal(LabStatus.Created, (await _api.GetAsync(created.Id)).Status);

        Assert.Equal(ControlOutcome.Done, (await hub.InvokeAsync<ControlResult>("Start", created.Id, fresh.ControlKey)).Outcome);
        await _api.WaitForStatusAsync(created.Id, LabStatus.Running);
        Assert.Equal(ControlOutcome.Done, (await hub.InvokeAsync<ControlResult>("Stop", created.Id, fresh.ControlKey)).Outcome);
        await _api.WaitForStatusAsync(created.Id, LabStatus.Stopped);
    }

    [Fact]
    public async Task Viewers_never_see_the_key_in_any_answer_or_message()
    {
        var created = await _api.CreateAsync(new { epochs = 2 });
        await using var hub = factory.ConnectHub();
        var messages = new List<string>();
        hub.On<string, System.Text.Json.JsonElement>("status", (_, lab) => { lock (messages) messages.Add(lab.GetRawText()); });
        hub.On<string, System.Text.Json.JsonElement>("metrics", (_, points) => { lock (messages) messages.Add(points.GetRawText()); });
        await hub.StartAsync();
        var joined = await hub.InvokeAsync<System.Text.Json.JsonElement>("Join", created.Id, 0);
        messages.Add(joined.GetRawText());
        await _api.ControlAsync(created.Id, "start", created.ControlKey);
        await _api.WaitForStatusAsync(created.Id, LabStatus.Completed);
        await Task.Delay(300); // the last flush

        var answers = new List<string>(messages);
        foreach (var path in new[] { $"/api/labs/{created.Id}", "/api/labs", $"/api/labs/{created.Id}/metrics", $"/api/labs/{created.Id}/samples",
                     $"/api/labs/{created.Id}/history", $"/api/labs/{created.Id}/epochs", $"/api/labs/{created.Id}/checkpoints", $"/labs/{created.Id}" })
            answers.Add(await _api.Http.GetStringAsync(path));
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(created.ControlKey)));
        Assert.True(answers.Count > 8 && answers.Any(a => a.Contains("gLoss")), "the viewer did see the run");
        Assert.DoesNotContain(answers, a => a.Contains(created.ControlKey) || a.Contains(hash, StringComparison.OrdinalIgnoreCase));
    }
}
