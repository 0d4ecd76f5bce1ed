using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Razors.Aws.DynamoDb;
using Razors.Insights.Domain;
using Razors.Insights.Features.CountSubscriptions;
using Razors.Insights.Ports;
using Razors.Topology;

namespace Razors.Insights.Aws;

/// <summary>
/// <see cref="IInsightsStore"/> on one DynamoDB table: each change is one TransactWriteItems of
/// the inbox marker, the subscription's facts (conditional on their version) and an <c>ADD</c> of
/// each board point, so a point is added exactly when the facts that earn it are written. A board
/// is read with one Query of the <c>board-score</c> index, highest score first.
/// </summary>
public sealed class DynamoDbInsightsStore(IAmazonDynamoDB dynamoDb, string tableName) : IInsightsStore
{
    private const string ConditionalCheckFailed = "ConditionalCheckFailed";
    private const string TransactionConflict = "TransactionConflict";

    public string TableName { get; } = tableName;

    public async Task<SubscriptionFacts?> GetSubscriptionAsync(Guid subscriptionId, CancellationToken cancellationToken)
    {
        var response = await dynamoDb.GetItemAsync(
            new GetItemRequest { TableName = TableName, Key = InsightsItem.SubscriptionKey(subscriptionId), ConsistentRead = true },
            cancellationToken);
        return response.IsItemSet ? InsightsItem.SubscriptionFromItem(response.Item) : null;
    }

    public async Task<IReadOnlyList<BoardEntry>> GetBoardAsync(string board, int? top, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(board);
        if (top is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(top), top, "At least one entry.");
        }

        var entries = new List<BoardEntry>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            // The score is the index's sort key, so "above zero" is part of the key condition:
            // entries whose subscriptions all ended are not read at all, and Limit counts only
            // the ones answered. A global index is read eventually consistent (no ConsistentRead).
            var page = await dynamoDb.QueryAsync(new QueryRequest
            {
                TableName = TableName,
                IndexName = InsightsTopology.ScoreIndex.Name,
                KeyConditionExpression = "#board = :board AND #score > :zero",
                ExpressionAttributeNames = new() { ["#board"] = InsightsItem.Board, ["#score"] = InsightsItem.Score },
                ExpressionAttributeValues = new() { [":board"] = new() { S = board }, [":zero"] = InsightsItem.Number(0) },
                ScanIndexForward = false,
                Limit = top is { } n ? n - entries.Count : null,
                ExclusiveStartKey = start,
            }, cancellationToken);
            entries.AddRange(page.Items.Select(InsightsItem.EntryFromItem));
            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null && (top is null || entries.Count < top));

        return entries;
    }

    public async Task<SaveResult> SaveAsync(InsightsChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var items = new List<TransactWriteItem> { DynamoDbOutbox.InboxMarker(TableName, change.HandledEventId, change.HandledAt) };
        if (change.After is { } after)
        {
            items.Add(FactsPut(after));
        }
        else if (change.Scores.Count > 0)
        {
            throw new ArgumentException("Board points move only with the facts that earn them.", nameof(change));
        }

        items.AddRange(change.Scores.Select(ScoreUpdate));

        // No ClientRequestToken: an SDK retry of a committed transaction finds the inbox marker
        // and answers AlreadyHandled, which is the success it should be.
        try
        {
            await dynamoDb.TransactWriteItemsAsync(new TransactWriteItemsRequest { TransactItems = items }, cancellationToken);
            return SaveResult.Saved;
        }
        catch (TransactionCanceledException e) when (e.CancellationReasons is { Count: > 0 } reasons)
        {
            // CancellationReasons are in the order of TransactItems, "None" for items that passed.
            // The inbox marker is first: if it exists, the event was handled before, whatever else
            // failed. A failed version condition or a TransactionConflict (another transaction was
            // writing the facts or a board entry at that moment) is a race lost.
            if (reasons[0].Code == ConditionalCheckFailed)
            {
                return SaveResult.AlreadyHandled;
            }

            if (reasons.Any(r => r.Code is ConditionalCheckFailed or TransactionConflict))
            {
                return SaveResult.Conflict;
            }

            throw;
        }
    }

    private TransactWriteItem FactsPut(SubscriptionFacts after) => new()
    {
        Put = after.Version == 1
            ? new Put
            {
                TableName = TableName,
                Item = InsightsItem.ToItem(after),
                ConditionExpression = "attribute_not_exists(pk)",
            }
            : new Put
            {
                TableName = TableName,
                Item = InsightsItem.ToItem(after),
                ConditionExpression = "#version = :expected",
                ExpressionAttributeNames = new() { ["#version"] = InsightsItem.Version },
                ExpressionAttributeValues = new() { [":expected"] = InsightsItem.Number(after.Version - 1) },
            },
    };

    /// <summary>
    /// One point on or off an entry, created at its first point. <c>ADD</c> needs no read and no
    /// condition, so two subscriptions of one product never refuse each other's points; they can
    /// only meet as a TransactionConflict, which is retried.
    /// </summary>
    private TransactWriteItem ScoreUpdate(ScoreChange change) => new()
    {
        Update = new Update
        {
            TableName = TableName,
            Key = InsightsItem.EntryKey(change.Entry),
            UpdateExpression = "SET #kind = :kind, #board = :board, #product = :product ADD #score :delta",
            ExpressionAttributeNames = new()
            {
                ["#kind"] = TableAttributes.Kind,
                ["#board"] = InsightsItem.Board,
                ["#product"] = InsightsItem.ProductId,
                ["#score"] = InsightsItem.Score,
            },
            ExpressionAttributeValues = new()
            {
                [":kind"] = new() { S = InsightsItem.EntryKindValue },
                [":board"] = new() { S = change.Entry.Board },
                [":product"] = new() { S = change.Entry.ProductId },
                [":delta"] = InsightsItem.Number(change.Delta),
            },
        },
    };
}
