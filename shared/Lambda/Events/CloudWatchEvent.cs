using System.Text.Json.Serialization;

namespace Razors.Lambda.Events;

/// <summary>
/// An EventBridge event as a rule target receives it, mirroring Amazon.Lambda.CloudWatchEvents'
/// <c>CloudWatchEvent&lt;T&gt;</c> (not available here). EventBridge sets <see cref="Id"/> on every
/// PutEvents call, so it is not an event's identity: Razors events carry theirs in the detail's metadata.
/// </summary>
public sealed class CloudWatchEvent<T>
{
    [JsonPropertyName("version")] public string? Version { get; set; }
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("detail-type")] public string? DetailType { get; set; }
    [JsonPropertyName("source")] public string? Source { get; set; }
    [JsonPropertyName("account")] public string? Account { get; set; }
    [JsonPropertyName("time")] public DateTimeOffset Time { get; set; }
    [JsonPropertyName("region")] public string? Region { get; set; }
    [JsonPropertyName("resources")] public List<string> Resources { get; set; } = [];
    [JsonPropertyName("detail")] public T? Detail { get; set; }
}
