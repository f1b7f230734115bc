using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Lab.Contracts;

namespace Lab.Server.Tests;

/// <summary>A small typed client over the real HTTP API, as a script would use it.</summary>
internal sealed class LabApi(HttpClient http)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    public HttpClient Http => http;

    public async Task<CreatedLab> CreateAsync(object body)
    {
        var response = await http.PostAsJsonAsync("/api/labs", body, Json);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CreatedLab>(Json))!;
    }

    public async Task<LabView> GetAsync(string id) => (await http.GetFromJsonAsync<LabView>($"/api/labs/{id}", Json))!;

    public Task<HttpResponseMessage> ControlAsync(string id, string command, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/labs/{id}/{command}");
        if (key is not null) request.Headers.Add("X-Lab-Key", key);
        return http.SendAsync(request);
    }

    public Task<LabView> WaitForStatusAsync(string id, params LabStatus[] wanted) =>
        WaitUntilAsync(id, lab => wanted.Contains(lab.Status), $"not {string.Join("/", wanted)}");

    /// <summary>Polls <paramref name="condition"/> until it holds, for what a test receives rather than reads.</summary>
    public static async Task UntilAsync(Func<bool> condition, string waitingFor)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Gave up waiting: {waitingFor}.");
            await Task.Delay(20);
        }
    }

    /// <summary>Polls the lab until <paramref name="condition"/> holds; a failed lab ends the wait at once.</summary>
    public async Task<LabView> WaitUntilAsync(string id, Func<LabView, bool> condition, string waitingFor = "not there yet")
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var lab = await GetAsync(id);
            if (condition(lab)) return lab;
            if (lab.Status == LabStatus.Failed || DateTime.UtcNow > deadline)
                throw new TimeoutException($"Lab {id} is {lab.Status} at step {lab.Step} (checkpoint {lab.CheckpointStep}; {lab.Error}), {waitingFor}.");
            await Task.Delay(50);
        }
    }
}
