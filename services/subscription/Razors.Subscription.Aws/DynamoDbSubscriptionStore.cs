using System.Runtime.CompilerServices;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Razors.Aws.DynamoDb;
using Razors.Subscription.Domain;
using Razors.Subscription.Ports;
using Razors.Topology;

namespace Razors.Subscription.Aws;

/// <summary>
/// <see cref="ISubscriptionStore"/> on one DynamoDB table: each change is one TransactWriteItems
/// of the subscription item (conditional on its version), its outbox items and, for an
/// idempotent create, the idempotency item or, for a saga step, the inbox marker.
/// </summary>
public sealed class DynamoDbSubscriptionStore(IAmazonDynamoDB dynamoDb, string tableName) : ISubscriptionStore
{
    private const string ConditionalCheckFailed = "ConditionalCheckFailed";
    private const string TransactionConflict = "TransactionConflict";

    public string TableName { get; } = tableName;

    public async Task<SubscriptionState?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var response = await dynamoDb.GetItemAsync(
            new GetItemRequest { TableName = TableName, Key = SubscriptionItem.Key(id), ConsistentRead = true },
            cancellationToken);
        return response.IsItemSet ? SubscriptionItem.FromItem(response.Item) : null;
    }

    public async Task<IdempotencyRecord?> GetIdempotencyRecordAsync(string key, CancellationToken cancellationToken)
    {
        var response = await dynamoDb.GetItemAsync(
            new GetItemRequest { TableName = TableName, Key = SubscriptionItem.IdempotencyKey(key), ConsistentRead = true },
            cancellationToken);
        return response.IsItemSet ? SubscriptionItem.IdempotencyRecordFromItem(key, response.Item) : null;
    }

    public async Task<SaveResult> SaveAsync(SubscriptionChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var items = new List<TransactWriteItem> { StatePut(change) };
        items.AddRange(change.Events.Select(e => DynamoDbOutbox.Put(TableName, e)));
        var idempotencyIndex = -1;
        if (change.Idempotency is { } record)
        {
            idempotencyIndex = items.Count;
            items.Add(IdempotencyPut(record));
        }

        var inboxIndex = -1;
        if (change.Handled is { } handled)
        {
            inboxIndex = items.Count;
            items.Add(DynamoDbOutbox.InboxMarker(TableName, handled.EventId, handled.HandledAt));
        }

        var request = new TransactWriteItemsRequest
        {
            TransactItems = items,

            // The SDK retries a call whose response was lost; without a token the retry of a
            // committed transaction fails its own conditions and would look like a lost race.
            // The token makes it idempotent for 10 minutes (TransactWriteItems, ClientRequestToken).
            ClientRequestToken = change.Events.Count > 0 ? change.Events[0].EventId.ToString("D") : null,
        };

        try
        {
            await dynamoDb.TransactWriteItemsAsync(request, cancellationToken);
            return SaveResult.Saved;
        }
        catch (TransactionCanceledException e) when (e.CancellationReasons is { Count: > 0 } reasons)
        {
            // CancellationReasons are in the order of TransactItems; "None" for items that passed.
            // A marker that exists wins over everything else: the event was handled, whatever
            // the version is now.
            if (inboxIndex >= 0 && reasons[inboxIndex].Code is ConditionalCheckFailed)
            {
                return SaveResult.AlreadyHandled;
            }

            // TransactionConflict means another transaction was writing the item at that moment
            // (for the marker: a duplicate delivery being handled concurrently): a race lost like
            // a failed condition, to be decided again on a fresh load.
            if (reasons[0].Code is ConditionalCheckFailed or TransactionConflict
                || (inboxIndex >= 0 && reasons[inboxIndex].Code is TransactionConflict))
            {
                return SaveResult.Conflict;
            }

            if (idempotencyIndex >= 0 && reasons[idempotencyIndex].Code is ConditionalCheckFailed or TransactionConflict)
            {
                return SaveResult.IdempotencyKeyTaken;
            }

            throw;
        }
    }

    public async IAsyncEnumerable<Guid> PendingCreatedBeforeAsync(
        DateTimeOffset createdBefore,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var items = PendingIndex.QueryBeforeAsync(
            dynamoDb,
            TableName,
            SubscriptionTopology.PendingSagaIndex,
            SubscriptionItem.PendingSagaShards,
            SubscriptionItem.TimestampText(createdBefore),
            [SubscriptionItem.Id],
            cancellationToken);
        await foreach (var item in items)
        {
            yield return Guid.Parse(item[SubscriptionItem.Id].S);
        }
    }

    public async Task<SaveResult> MarkHandledAsync(HandledEvent handled, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handled);

        // A plain conditional PutItem: with one item there is nothing to make atomic.
        var marker = DynamoDbOutbox.InboxMarker(TableName, handled.EventId, handled.HandledAt).Put;
        try
        {
            await dynamoDb.PutItemAsync(
                new PutItemRequest { TableName = TableName, Item = marker.Item, ConditionExpression = marker.ConditionExpression },
                cancellationToken);
            return SaveResult.Saved;
        }
        catch (ConditionalCheckFailedException)
        {
            return SaveResult.AlreadyHandled;
        }
        catch (TransactionConflictException)
        {
            return SaveResult.Conflict;
        }
    }

    private TransactWriteItem StatePut(SubscriptionChange change) => new()
    {
        Put = change.ExpectedVersion == 0
            ? new Put
            {
                TableName = TableName,
                Item = SubscriptionItem.ToItem(change.State),
                ConditionExpression = "attribute_not_exists(pk)",
            }
            : new Put
            {
                TableName = TableName,
                Item = SubscriptionItem.ToItem(change.State),
                ConditionExpression = "#version = :expected",
                ExpressionAttributeNames = new() { ["#version"] = SubscriptionItem.Version },
                ExpressionAttributeValues = new() { [":expected"] = SubscriptionItem.Number(change.ExpectedVersion) },
            },
    };

    private TransactWriteItem IdempotencyPut(IdempotencyRecord record) => new()
    {
        Put = new Put
        {
            TableName = TableName,
            Item = SubscriptionItem.ToItem(record),

            // An expired record may linger until TTL deletes it (typically within days), so it
            // must not block the key: it is overwritten as if absent.
            ConditionExpression = "attribute_not_exists(pk) OR #expiresAt <= :now",
            ExpressionAttributeNames = new() { ["#expiresAt"] = OutboxItem.ExpiresAt },
            ExpressionAttributeValues = new() { [":now"] = SubscriptionItem.Number(record.CreatedAt.ToUnixTimeSeconds()) },
        },
    };
}
