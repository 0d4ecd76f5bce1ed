using Microsoft.Extensions.Logging;
using Razors.Aws.DynamoDb;
using SdkAttributeValue = Amazon.DynamoDBv2.Model.AttributeValue;
using StreamAttributeValue = Razors.Lambda.Events.AttributeValue;

namespace Razors.Aws.Outbox;

/// <summary>How often the sweeper looks and how old a pending record must be before it republishes it.</summary>
public sealed record OutboxSweeperOptions
{
    /// <summary>Between two sweeps (a schedule in AWS, a timer locally).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A record younger than this is left to the stream relay, which normally publishes it within
    /// a second; older and still pending means the relay path failed somewhere.
    /// </summary>
    public TimeSpan GracePeriod { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Records relayed per call, so one sweep's memory stays bounded.</summary>
    public int BatchSize { get; init; } = 100;
}

/// <summary>
/// The outbox's safety net: republishes every record still pending after the grace period,
/// through the relay's own code, so no outage, disabled mapping, trimmed stream or failed relay
/// deployment loses a committed event (docs/adr/0005-outbox-until-published.md). A record the
/// relay published but could not mark is published again; consumers deduplicate on the event id.
/// </summary>
public sealed partial class OutboxSweeper(
    DynamoDbOutboxLedger ledger,
    DynamoDbOutboxRelay relay,
    OutboxSweeperOptions options,
    TimeProvider time,
    ILogger<OutboxSweeper> logger)
{
    public OutboxSweeperOptions Options => options;

    /// <summary>One sweep; returns how many pending records it found and how many of them it could not publish yet.</summary>
    public async Task<(int Found, int StillPending)> SweepAsync(CancellationToken cancellationToken)
    {
        var found = 0;
        var stillPending = 0;
        var batch = new List<OutboxCandidate>(options.BatchSize);
        await foreach (var item in ledger.PendingAsync(time.GetUtcNow() - options.GracePeriod, cancellationToken))
        {
            found++;
            batch.Add(ToCandidate(item));
            if (batch.Count == options.BatchSize)
            {
                stillPending += (await relay.RelayAsync(batch, cancellationToken)).Count;
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            stillPending += (await relay.RelayAsync(batch, cancellationToken)).Count;
        }

        if (found > 0)
        {
            // The stream relay should have published these: a pending record past its grace
            // period is the sign of an outage or a broken relay, worth a look even when it recovers.
            LogRepublished(logger, ledger.TableName, found, stillPending);
        }

        return (found, stillPending);
    }

    /// <summary>The record as the stream relay would have seen it; its key names it in failures.</summary>
    private static OutboxCandidate ToCandidate(Dictionary<string, SdkAttributeValue> item)
    {
        var image = item
            .Where(a => a.Value.S is not null || a.Value.N is not null)
            .ToDictionary(a => a.Key, a => new StreamAttributeValue { S = a.Value.S, N = a.Value.N }, StringComparer.Ordinal);
        return new OutboxCandidate(item.GetValueOrDefault(OutboxItem.PartitionKey)?.S ?? "?", image);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox sweep of {Table}: {Found} record(s) were still pending after the grace period and were republished; {StillPending} could not be yet")]
    private static partial void LogRepublished(ILogger logger, string table, int found, int stillPending);
}
