using System.Net;
using System.Net.Http.Json;
using Lab.Contracts;

namespace Lab.Server.Tests.Sharing;

/// <summary>Limits that protect the host answer with what happened and what to do.</summary>
public class LimitTests(LimitedServerFactory factory) : IClassFixture<LimitedServerFactory>
{
    private readonly LabApi _api = new(factory.CreateClient());

    [Fact]
    public async Task New_labs_per_client_and_hour_and_labs_in_all_are_bounded()
    {
        var first = await _api.CreateAsync(new { epochs = 1 });
        var fork = await _api.Http.PostAsJsonAsync($"/api/labs/{first.Id}/fork", new { }, LabApi.Json);
        Assert.Equal(HttpStatusCode.Created, fork.StatusCode);

        // A fork counts like a new lab: this client's two for the hour are used.
        var third = await _api.Http.PostAsJsonAsync("/api/labs", new { epochs = 1 }, LabApi.Json);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.True(third.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After says when");
        var problem = await third.Content.ReadAsStringAsync();
        Assert.Contains("2 labs within the hour", problem);
        Assert.Equal(2, (await _api.Http.GetFromJsonAsync<LabView[]>("/api/labs", LabApi.Json))!.Length);

        // Out-of-bounds settings are refused before any limit is spent.
        var invalid = await _api.Http.PostAsJsonAsync("/api/labs", new { epochs = 1, batchSize = 100_000 }, LabApi.Json);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("batchSize", await invalid.Content.ReadAsStringAsync());
    }
}

public class StoredLabLimitTests(OneLabServerFactory factory) : IClassFixture<OneLabServerFactory>
{
    private readonly LabApi _api = new(factory.CreateClient());

    [Fact]
    public async Task A_full_server_says_so_and_keeps_what_it_has()
    {
        var only = await _api.CreateAsync(new { epochs = 1 });
        foreach (var attempt in new[] { _api.Http.PostAsJsonAsync("/api/labs", new { epochs = 1 }, LabApi.Json), _api.Http.PostAsJsonAsync($"/api/labs/{only.Id}/fork", new { }, LabApi.Json) })
        {
            var refused = await attempt;
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("its limit (Lab:MaxLabs)", await refused.Content.ReadAsStringAsync());
        }
        Assert.Equal([only.Id], (await _api.Http.GetFromJsonAsync<LabView[]>("/api/labs", LabApi.Json))!.Select(l => l.Id));
    }
}
