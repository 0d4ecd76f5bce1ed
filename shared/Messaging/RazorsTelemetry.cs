using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.Json;

namespace Razors.Messaging;

/// <summary>
/// The one <see cref="ActivitySource"/> and <see cref="Meter"/> of Razors (both named
/// <see cref="Name"/>), and the few spans and measurements every host shares: a relay's put of an
/// outbox record, a handler's run of a message. Each continues the <c>traceparent</c> stored in the
/// event's metadata, so one saga is one trace across the stores, buses and queues.
/// </summary>
public static class RazorsTelemetry
{
    public const string Name = "Razors";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    private static readonly Histogram<double> RelayLag = Meter.CreateHistogram<double>(
        "razors.relay.lag", "s", "From the commit of an outbox record (metadata.occurredAt) to its event being on the bus.");

    private static readonly Histogram<double> HandlerDuration = Meter.CreateHistogram<double>(
        "razors.handler.duration", "s", "Time a handler took for one message, by event type and outcome (success, failure).");

    private static readonly Counter<long> HistoryGaps = Meter.CreateCounter<long>(
        "razors.outbox.history_gaps", "{gap}", "Times a change-stream relay found its resume token gone from the stream's history and republished the pending outbox; any is worth an alarm.");

    /// <summary>
    /// The current span as a W3C <c>traceparent</c>, or null when there is none (then callers keep the
    /// cause's). Activity.Id is a traceparent only in the W3C format (the default since .NET 5).
    /// </summary>
    public static string? CurrentTraceparent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.Id : null;

    /// <summary>
    /// A consumer span for one message whose envelope is <paramref name="detail"/>, parented on its
    /// <c>metadata.traceparent</c> (a new trace when it has none); null when nobody listens.
    /// </summary>
    public static Activity? StartHandling(string? detailType, JsonElement? detail) =>
        Source.StartActivity(
            $"handle {detailType}", ActivityKind.Consumer, ParentOf(detail), [new("messaging.event_type", detailType)]);

    /// <summary>Records how a handler's run of one message ended.</summary>
    public static void Handled(Activity? activity, string? detailType, TimeSpan elapsed, Exception? failure)
    {
        var outcome = failure is null ? "success" : "failure";
        HandlerDuration.Record(elapsed.TotalSeconds, new("event_type", detailType ?? ""), new("outcome", outcome));
        if (activity is not null && failure is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, failure.Message);
            activity.AddException(failure);
        }
    }

    /// <summary>
    /// A producer span for an outbox record that <paramref name="relay"/> put on the bus
    /// <paramref name="bus"/>, from <paramref name="startedAt"/> (its batch's start) to now, parented
    /// on the record's traceparent, and the relay lag from its commit (<c>metadata.occurredAt</c>).
    /// </summary>
    public static void Relayed(string relay, string bus, string? detailType, string? detail, DateTimeOffset startedAt, DateTimeOffset now)
    {
        using var document = TryParse(detail);
        var envelope = document?.RootElement;
        if (Metadata(envelope, "occurredAt") is { } occurredAt
            && DateTimeOffset.TryParse(occurredAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var committed))
        {
            RelayLag.Record((now - committed).TotalSeconds, new KeyValuePair<string, object?>("relay", relay));
        }

        Span(relay, bus, detailType, envelope, startedAt);
    }

    /// <summary>As <see cref="Relayed"/> for a hop that is not yet the bus (the payments change stream → its FIFO queue): the span alone.</summary>
    public static void Forwarded(string relay, string destination, string? detailType, string? detail, DateTimeOffset startedAt)
    {
        using var document = TryParse(detail);
        Span(relay, destination, detailType, document?.RootElement, startedAt);
    }

    /// <summary>Counts a gap in a change stream's history that <paramref name="relay"/> recovered from by republishing the pending outbox.</summary>
    public static void HistoryGap(string relay) => HistoryGaps.Add(1, new KeyValuePair<string, object?>("relay", relay));

    private static void Span(string relay, string destination, string? detailType, JsonElement? envelope, DateTimeOffset startedAt)
    {
        // Started and stopped at once, with the start it had: Stop() restores the activity that was current before.
        using var activity = Source.StartActivity(
            $"relay {detailType}", ActivityKind.Producer, ParentOf(envelope),
            [new("messaging.destination.name", destination), new("messaging.event_type", detailType), new("razors.relay", relay)],
            startTime: startedAt);
    }

    private static ActivityContext ParentOf(JsonElement? envelope) =>
        Metadata(envelope, "traceparent") is { } traceparent && ActivityContext.TryParse(traceparent, null, isRemote: true, out var parent)
            ? parent
            : default;

    private static string? Metadata(JsonElement? envelope, string name) =>
        envelope is { ValueKind: JsonValueKind.Object } e
            && e.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
            && metadata.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;

    private static JsonDocument? TryParse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
