using Microsoft.Extensions.Logging;
using Razors.Customers.Features.Replica;
using Razors.Customers.Ports;
using Razors.Lambda.Events;
using Razors.Messaging;

namespace Razors.Customers.Aws;

/// <summary>
/// The second consumer of the customers table's stream (the outbox relay is the first; DynamoDB
/// serves two per shard): each change of a customer item becomes a write of the region replica.
/// An insert or a modify writes the new image's entry (and, when the region changed, a tombstone
/// at the old one); a remove writes a tombstone one version past the old image. Writes are
/// conditional on the version (<see cref="IRegionDirectory.ApplyAsync"/>), so records replayed or
/// retried change nothing. A record whose image cannot be read goes to the replica's DLQ with the
/// reason; any other failure stops the batch at that record, which Lambda retries from there.
/// </summary>
public sealed partial class RegionReplicaFunction(IRegionDirectory directory, IDeadLetterQueue deadLetters, ILogger<RegionReplicaFunction> logger)
    : IDynamoDbStreamFunction
{
    public async Task<StreamsEventResponse> HandleAsync(DynamoDBEvent batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        foreach (var record in batch.Records)
        {
            var sequenceNumber = record.Dynamodb?.SequenceNumber ?? "";
            try
            {
                if (Changes(record, out var problem) is { } changes)
                {
                    foreach (var change in changes)
                    {
                        await directory.ApplyAsync(change, cancellationToken);
                    }
                }
                else if (problem is not null)
                {
                    LogUnreadable(logger, sequenceNumber, problem);
                    await deadLetters.SendAsync(
                        new DeadLetter(System.Text.Json.JsonSerializer.Serialize(record, LambdaJsonContext.Default.DynamodbStreamRecord), $"Stream record {sequenceNumber}: {problem}"),
                        cancellationToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogFailed(logger, e, sequenceNumber);
                return new StreamsEventResponse
                {
                    BatchItemFailures = [new StreamsEventResponse.BatchItemFailure { ItemIdentifier = sequenceNumber }],
                };
            }
        }

        return new StreamsEventResponse();
    }

    /// <summary>The replica writes of one stream record; null with the problem when its images cannot be read, null without one when it is not a customer's change.</summary>
    internal static IReadOnlyList<RegionEntry>? Changes(DynamodbStreamRecord record, out string? problem)
    {
        problem = null;
        var images = record.Dynamodb;
        if (images?.Keys?.GetValueOrDefault(Topology.TableAttributes.SortKey)?.S != CustomerItem.CustomerSortKey)
        {
            return null;
        }

        try
        {
            var before = images.OldImage is { } old ? RegionReplica.EntryOf(CustomerItem.FromAttributes(Reader(old))) : null;
            switch (record.EventName)
            {
                case "INSERT" or "MODIFY" when images.NewImage is { } image:
                    var after = RegionReplica.EntryOf(CustomerItem.FromAttributes(Reader(image)));
                    return before is not null && (before.State != after.State || before.City != after.City)
                        ? [RegionReplica.Removal(before, after.Version), after]
                        : [after];
                case "REMOVE" when before is not null:
                    return [RegionReplica.Removal(before, before.Version + 1)];
                default:
                    problem = $"a {record.EventName ?? "nameless"} record without the image it needs (the stream must be NEW_AND_OLD_IMAGES)";
                    return null;
            }
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            problem = $"the customer image cannot be read: {e.Message}";
            return null;
        }
    }

    private static Func<string, string?> Reader(Dictionary<string, AttributeValue> image) =>
        name => image.TryGetValue(name, out var value) ? value.S ?? value.N : null;

    [LoggerMessage(Level = LogLevel.Error, Message = "Customer stream record {SequenceNumber} is unreadable and goes to the replica's DLQ: {Problem}")]
    private static partial void LogUnreadable(ILogger logger, string sequenceNumber, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Customer stream record {SequenceNumber} could not be applied to the region replica; the batch is retried from it")]
    private static partial void LogFailed(ILogger logger, Exception exception, string sequenceNumber);
}
