using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Razors.Aws.DynamoDb;
using Razors.Stock.Domain;
using Razors.Stock.Ports;

namespace Razors.Stock.Aws;

/// <summary>
/// <see cref="IStockStore"/> on one DynamoDB table: each change is one TransactWriteItems of the
/// product's units (a conditional update that never goes below zero), the allocation
/// (conditional on its version), its outbox items and the inbox marker of the handled event.
/// </summary>
public sealed class DynamoDbStockStore(IAmazonDynamoDB dynamoDb, string tableName) : IStockStore
{
    private const string ConditionalCheckFailed = "ConditionalCheckFailed";
    private const string TransactionConflict = "TransactionConflict";

    public string TableName { get; } = tableName;

    public async Task<ProductStock?> GetProductAsync(string productId, CancellationToken cancellationToken)
    {
        var response = await dynamoDb.GetItemAsync(
            new GetItemRequest { TableName = TableName, Key = StockItem.ProductKey(productId), ConsistentRead = true },
            cancellationToken);
        return response.IsItemSet ? StockItem.ProductFromItem(response.Item) : null;
    }

    public async Task<Allocation?> GetAllocationAsync(Guid subscriptionId, CancellationToken cancellationToken)
    {
        var response = await dynamoDb.GetItemAsync(
            new GetItemRequest { TableName = TableName, Key = StockItem.AllocationKey(subscriptionId), ConsistentRead = true },
            cancellationToken);
        return response.IsItemSet ? StockItem.AllocationFromItem(response.Item) : null;
    }

    public async Task<IReadOnlyList<ProductStock>> SeedAsync(IEnumerable<ProductStock> products, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(products);
        var added = new List<ProductStock>();
        foreach (var product in products)
        {
            try
            {
                await dynamoDb.PutItemAsync(new PutItemRequest
                {
                    TableName = TableName,
                    Item = StockItem.ToItem(product),
                    ConditionExpression = "attribute_not_exists(pk)",
                }, cancellationToken);
                added.Add(product);
            }
            catch (ConditionalCheckFailedException)
            {
                // There already, with the units that allocations and restocks left it.
            }
        }

        return added;
    }

    public async Task<bool> SetUnitsOnHandAsync(ProductStock product, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(product);

        // One update that creates or replaces, and tells which by the old image it returns.
        var response = await dynamoDb.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = TableName,
            Key = StockItem.ProductKey(product.ProductId),
            UpdateExpression = "SET #kind = :kind, #productId = :productId, #units = :units",
            ExpressionAttributeNames = new()
            {
                ["#kind"] = OutboxItem.Kind,
                ["#productId"] = StockItem.ProductId,
                ["#units"] = StockItem.UnitsOnHand,
            },
            ExpressionAttributeValues = new()
            {
                [":kind"] = new() { S = StockItem.ProductKindValue },
                [":productId"] = new() { S = product.ProductId },
                [":units"] = StockItem.Number(product.UnitsOnHand),
            },
            ReturnValues = ReturnValue.ALL_OLD,
        }, cancellationToken);
        return response.Attributes is not { Count: > 0 };
    }

    public async Task<SaveResult> SaveAsync(StockChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var items = new List<TransactWriteItem> { DynamoDbOutbox.InboxMarker(TableName, change.HandledEventId, change.HandledAt) };
        if (change.After is { } after)
        {
            if (ProductWrite(change, after) is { } productWrite)
            {
                items.Add(productWrite);
            }

            items.Add(AllocationPut(after));
        }

        items.AddRange(change.Events.Select(e => DynamoDbOutbox.Put(TableName, e)));

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
            // The inbox marker is first: if it exists, the event was handled before, whatever
            // else failed. TransactionConflict means another transaction was writing an item at
            // that moment: a race lost like a failed condition.
            if (reasons[0].Code == ConditionalCheckFailed)
            {
                return SaveResult.AlreadyHandled;
            }

            if (reasons.Take(items.Count - change.Events.Count).Any(r => r.Code is ConditionalCheckFailed or TransactionConflict))
            {
                return SaveResult.Conflict;
            }

            throw;
        }
    }

    /// <summary>The product's part: take units, put them back, or check that it is still short.</summary>
    private TransactWriteItem? ProductWrite(StockChange change, Allocation after)
    {
        if (change.UnitsTaken == 0 && change.ShortOf == 0)
        {
            return null;
        }

        var key = StockItem.ProductKey(after.ProductId ?? throw new ArgumentException("Moving units needs the allocation's product.", nameof(change)));
        var names = new Dictionary<string, string> { ["#units"] = StockItem.UnitsOnHand };
        if (change.UnitsTaken > 0)
        {
            // The decrement and its guard are one conditional update: concurrent allocations can
            // never take the units below zero, whatever each of them read before.
            return new TransactWriteItem
            {
                Update = new Update
                {
                    TableName = TableName,
                    Key = key,
                    UpdateExpression = "SET #units = #units - :n",
                    ConditionExpression = "#units >= :n",
                    ExpressionAttributeNames = names,
                    ExpressionAttributeValues = new() { [":n"] = StockItem.Number(change.UnitsTaken) },
                },
            };
        }

        if (change.UnitsTaken < 0)
        {
            // Products are never deleted; if one were, this fails as a ValidationError, which is
            // rethrown below rather than retried as a lost race.
            return new TransactWriteItem
            {
                Update = new Update
                {
                    TableName = TableName,
                    Key = key,
                    UpdateExpression = "SET #units = #units + :n",
                    ExpressionAttributeNames = names,
                    ExpressionAttributeValues = new() { [":n"] = StockItem.Number(-change.UnitsTaken) },
                },
            };
        }

        // A refusal: it holds only if the product is still short (or still unknown) when it commits.
        return new TransactWriteItem
        {
            ConditionCheck = new ConditionCheck
            {
                TableName = TableName,
                Key = key,
                ConditionExpression = "attribute_not_exists(#units) OR #units < :n",
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = new() { [":n"] = StockItem.Number(change.ShortOf) },
            },
        };
    }

    private TransactWriteItem AllocationPut(Allocation after) => new()
    {
        Put = after.Version == 1
            ? new Put
            {
                TableName = TableName,
                Item = StockItem.ToItem(after),
                ConditionExpression = "attribute_not_exists(pk)",
            }
            : new Put
            {
                TableName = TableName,
                Item = StockItem.ToItem(after),
                ConditionExpression = "#version = :expected",
                ExpressionAttributeNames = new() { ["#version"] = StockItem.Version },
                ExpressionAttributeValues = new() { [":expected"] = StockItem.Number(after.Version - 1) },
            },
    };
}
