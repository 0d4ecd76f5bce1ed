using System.Text.Json;
using System.Text.Json.Serialization;
using Razors.Messaging.Outbox;
using Razors.Payments.Domain;

namespace Razors.Payments.Sqlite;

/// <summary>How documents are stored: camelCase, enums by name (so the JSON reads like the MongoDB documents).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(Payment))]
[JsonSerializable(typeof(OutboxRecord))]
internal sealed partial class PaymentsDocumentJson : JsonSerializerContext;
