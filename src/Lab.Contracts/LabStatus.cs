using System.Text.Json.Serialization;

namespace Lab.Contracts;

/// <summary>Lifecycle of a lab; serialised in lower case as API.md spells it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LabStatus>))]
public enum LabStatus
{
    [JsonStringEnumMemberName("created")] Created,
    [JsonStringEnumMemberName("queued")] Queued,
    [JsonStringEnumMemberName("running")] Running,
    [JsonStringEnumMemberName("paused")] Paused,
    [JsonStringEnumMemberName("completed")] Completed,
    [JsonStringEnumMemberName("failed")] Failed,
    [JsonStringEnumMemberName("stopped")] Stopped,
}

public static class LabStatusExtensions
{
    public static string ToApiName(this LabStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>A lab whose run has ended for good: it keeps its history and never trains again.</summary>
    public static bool IsFinal(this LabStatus status) => status is LabStatus.Completed or LabStatus.Failed or LabStatus.Stopped;
}
