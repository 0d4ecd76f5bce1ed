using System.Text.Json.Serialization;

namespace Razors.LocalCloud.Queues;

/// <summary>Message attributes are stored as a JSON object of strings.</summary>
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class QueueJsonContext : JsonSerializerContext;
