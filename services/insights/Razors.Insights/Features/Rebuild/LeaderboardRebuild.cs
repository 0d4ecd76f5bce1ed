using System.Text.Json;
using Razors.Contracts;
using Razors.Insights.Domain;
using Razors.Insights.Features.CountSubscriptions;

namespace Razors.Insights.Features.Rebuild;

/// <summary>
/// Recomputes a board from event envelopes, with the rules the handlers apply one event at a time
/// (<see cref="LeaderboardRules"/>): each event once by its <c>metadata.eventId</c>, as the inbox
/// takes it, in any order. An envelope the inbound consumer would refuse (another event or
/// version, data that does not bind) is skipped and counted, as that consumer would send it to
/// its dead-letter queue rather than count it.
/// </summary>
public static class LeaderboardRebuild
{
    /// <summary>The <c>detail</c> of each EventBridge event (JSON text, as an archive keeps it); events with none are left out.</summary>
    public static IReadOnlyList<JsonElement> DetailsOf(IEnumerable<string> busEvents)
    {
        ArgumentNullException.ThrowIfNull(busEvents);
        var details = new List<JsonElement>();
        foreach (var json in busEvents)
        {
            using var busEvent = JsonDocument.Parse(json);
            if (busEvent.RootElement.ValueKind == JsonValueKind.Object && busEvent.RootElement.TryGetProperty("detail", out var detail))
            {
                details.Add(detail.Clone());
            }
        }

        return details;
    }

    /// <summary>The board's entries (score above zero, highest first, then by product) that <paramref name="envelopes"/> add up to.</summary>
    public static RebuiltBoard Recompute(string board, IEnumerable<JsonElement> envelopes)
    {
        ArgumentException.ThrowIfNullOrEmpty(board);
        ArgumentNullException.ThrowIfNull(envelopes);
        var seen = new HashSet<Guid>();
        var subscriptions = new Dictionary<Guid, SubscriptionFacts>();
        int read = 0, skipped = 0;
        foreach (var envelope in envelopes)
        {
            read++;
            var counted = FactOf(envelope);
            if (counted is null)
            {
                skipped++;
                continue;
            }

            var (eventId, fact) = counted.Value;
            if (seen.Add(eventId))
            {
                subscriptions[fact.SubscriptionId] = LeaderboardRules.Apply(subscriptions.GetValueOrDefault(fact.SubscriptionId), fact);
            }
        }

        var entries = subscriptions.Values
            .SelectMany(s => s.CountsOn)
            .Where(key => key.Board == board)
            .GroupBy(key => key.ProductId, StringComparer.Ordinal)
            .Select(g => new BoardEntry(board, g.Key, g.LongCount()));
        return new RebuiltBoard(board, Ranked(entries), read, seen.Count, skipped);
    }

    /// <summary>
    /// Every product whose score differs between the two boards (a product missing from one has
    /// score 0 there), in product order; empty when they agree.
    /// </summary>
    public static IReadOnlyList<BoardDifference> Compare(IEnumerable<BoardEntry> rebuilt, IEnumerable<BoardEntry> stored)
    {
        ArgumentNullException.ThrowIfNull(rebuilt);
        ArgumentNullException.ThrowIfNull(stored);
        var mine = rebuilt.ToDictionary(e => e.ProductId, e => e.Score, StringComparer.Ordinal);
        var theirs = stored.ToDictionary(e => e.ProductId, e => e.Score, StringComparer.Ordinal);
        return [.. mine.Keys.Union(theirs.Keys, StringComparer.Ordinal)
            .Select(product => new BoardDifference(product, mine.GetValueOrDefault(product), theirs.GetValueOrDefault(product)))
            .Where(d => d.Rebuilt != d.Stored)
            .OrderBy(d => d.ProductId, StringComparer.Ordinal)];
    }

    /// <summary>Highest score first; equal scores by product id, so a board reads the same every time.</summary>
    public static IReadOnlyList<BoardEntry> Ranked(IEnumerable<BoardEntry> entries) =>
        [.. entries.Where(e => e.Score > 0).OrderByDescending(e => e.Score).ThenBy(e => e.ProductId, StringComparer.Ordinal)];

    /// <summary>The event's id and fact, or null for an envelope the inbound consumer would not count.</summary>
    private static (Guid EventId, SubscriptionFact Fact)? FactOf(JsonElement envelope)
    {
        var type = envelope.ValueKind == JsonValueKind.Object
            && envelope.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
            && metadata.TryGetProperty("eventType", out var id) && id.ValueKind == JsonValueKind.String
                ? id.GetString()
                : null;
        try
        {
            return type switch
            {
                _ when type == EventTypes.SubscriptionCreated.Id => Fact(envelope.Deserialize(RazorsJsonContext.Default.EventEnvelopeSubscriptionCreated)!, LeaderboardRules.FactOf),
                _ when type == EventTypes.SubscriptionActivated.Id => Fact(envelope.Deserialize(RazorsJsonContext.Default.EventEnvelopeSubscriptionActivated)!, LeaderboardRules.FactOf),
                _ when type == EventTypes.SubscriptionCancelled.Id => Fact(envelope.Deserialize(RazorsJsonContext.Default.EventEnvelopeSubscriptionCancelled)!, LeaderboardRules.FactOf),
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static (Guid, SubscriptionFact) Fact<T>(EventEnvelope<T> envelope, Func<EventEnvelope<T>, SubscriptionFact> factOf)
        where T : class => (envelope.Metadata.EventId, factOf(envelope));
}

/// <summary>A board as the events add it up.</summary>
/// <param name="Board">The board.</param>
/// <param name="Entries">Its entries, highest score first.</param>
/// <param name="EventsRead">Envelopes read.</param>
/// <param name="EventsCounted">Distinct events (by <c>metadata.eventId</c>) whose facts were applied.</param>
/// <param name="EventsSkipped">Envelopes that are none of the three consumed events, in the version read, or that do not bind.</param>
public sealed record RebuiltBoard(string Board, IReadOnlyList<BoardEntry> Entries, int EventsRead, int EventsCounted, int EventsSkipped);

/// <summary>A product whose rebuilt score is not the stored one.</summary>
public sealed record BoardDifference(string ProductId, long Rebuilt, long Stored);
