using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Razors.Messaging;

/// <summary>
/// The logging scope of one message: its transport id and the ids of the event it carries
/// (<c>metadata.eventId</c>, <c>correlationId</c>, <c>causationId</c> of the envelope), so every
/// log line written while it is handled can be found by the saga's correlation id.
/// </summary>
public static class EventLogScope
{
    public const string MessageId = "messageId";
    public const string EventId = "eventId";
    public const string CorrelationId = "correlationId";
    public const string CausationId = "causationId";

    /// <summary>A scope for the message <paramref name="messageId"/> whose event detail (the envelope) is <paramref name="detail"/>.</summary>
    public static IDisposable? Begin(ILogger logger, string? messageId, JsonElement? detail)
    {
        ArgumentNullException.ThrowIfNull(logger);
        var state = new List<KeyValuePair<string, object?>>(4) { new(MessageId, messageId) };
        if (detail is { ValueKind: JsonValueKind.Object } envelope
            && envelope.TryGetProperty("metadata", out var metadata)
            && metadata.ValueKind == JsonValueKind.Object)
        {
            Add(state, metadata, EventId);
            Add(state, metadata, CorrelationId);
            Add(state, metadata, CausationId);
        }

        return logger.BeginScope(new LogScopeState(state));
    }

    /// <summary>As <see cref="Begin(ILogger, string?, JsonElement?)"/>, for a detail still in its JSON text; unreadable text gives the message id alone.</summary>
    public static IDisposable? Begin(ILogger logger, string? messageId, string? detail)
    {
        if (string.IsNullOrEmpty(detail))
        {
            return Begin(logger, messageId, (JsonElement?)null);
        }

        try
        {
            using var document = JsonDocument.Parse(detail);
            return Begin(logger, messageId, document.RootElement);
        }
        catch (JsonException)
        {
            return Begin(logger, messageId, (JsonElement?)null);
        }
    }

    private static void Add(List<KeyValuePair<string, object?>> state, JsonElement metadata, string name)
    {
        if (metadata.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
        {
            state.Add(new(name, value.GetString()));
        }
    }
}
