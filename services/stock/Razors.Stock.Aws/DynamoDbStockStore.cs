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
/// Writes of a product alone are one conditional PutItem or UpdateItem each: none reads first.
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

    public Task<ProductWrite> AddProductAsync(string productId, int unitsOnHand, CancellationToken cancellationToken)
    {
        var product = new ProductStock(productId, unitsOnHand, Version: 1);
        return WriteProductAsync(
            async () =>
            {
                await dynamoDb.PutItemAsync(new PutItemRequest
                {
                    TableName = TableName,
                    Item = StockItem.ToItem(product),
                    ConditionExpression = "attribute_not_exists(pk)",
                }, cancellationToken);
                return product;
            },
            _ => new ProductWrite.Stale());
    }

    public Task<ProductWrite> SetUnitsOnHandAsync(string productId, int unitsOnHand, long expectedVersion, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, AttributeValue>
        {
            [":units"] = StockItem.Number(unitsOnHand),
            [":next"] = StockItem.Number(expectedVersion + 1),
        };

        // A product written before products had versions has none, and reads as version 0.
        var condition = "attribute_exists(pk) AND attribute_not_exists(#version)";
        if (expectedVersion != 0)
        {
            condition = "#version = :expected";
            values[":expected"] = StockItem.Number(expectedVersion);
        }

        return WriteProductAsync(
            async () =>
            {
                var response = await dynamoDb.UpdateItemAsync(new UpdateItemRequest
                {
                    TableName = TableName,
                    Key = StockItem.ProductKey(productId),
                    UpdateExpression = "SET #units = :units, #version = :next",
                    ConditionExpression = condition,
                    ExpressionAttributeNames = new() { ["#units"] = StockItem.UnitsOnHand, ["#version"] = StockItem.Version },
                    ExpressionAttributeValues = values,
                    ReturnValues = ReturnValue.ALL_NEW,
                }, cancellationToken);
                return StockItem.ProductFromItem(response.Attributes);
            },
            _ => new ProductWrite.Stale());
    }

    public Task<ProductWrite> AddUnitsAsync(string productId, int units, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(units);
        return WriteProductAsync(
            async () =>
            {
                // ADD and its guard are one conditional update, so concurrent restocks and
                // allocations all count, and none can take the product over the limit. A condition
                // cannot add, so the guard compares with the limit less the units added.
                var response = await dynamoDb.UpdateItemAsync(new UpdateItemRequest
                {
                    TableName = TableName,
                    Key = StockItem.ProductKey(productId),
                    UpdateExpression = "ADD #units :n, #version :one",
                    ConditionExpression = "attribute_exists(pk) AND #units <= :most",
                    ExpressionAttributeNames = new() { ["#units"] = StockItem.UnitsOnHand, ["#version"] = StockItem.Version },
                    ExpressionAttributeValues = new()
                    {
                        [":n"] = StockItem.Number(units),
                        [":one"] = StockItem.Number(1),
                        [":most"] = StockItem.Number(ProductStock.MaxUnitsOnHand - units),
                    },
                    ReturnValues = ReturnValue.ALL_NEW,
                    ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
                }, cancellationToken);
                return StockItem.ProductFromItem(response.Attributes);
            },
            failed => failed.Item is { Count: > 0 } item
                ? new ProductWrite.OverLimit(StockItem.ProductFromItem(item))
                : new ProductWrite.NotFound());
    }

    /// <summary>
    /// One conditional write of a product item. A single-item write that meets a transaction
    /// writing the same item fails with TransactionConflictException
    /// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-conflict-handling):
    /// a race lost, tried again by the caller.
    /// </summary>
    private static async Task<ProductWrite> WriteProductAsync(
        Func<Task<ProductStock>> write, Func<ConditionalCheckFailedException, ProductWrite> conditionFailed)
    {
        try
        {
            return new ProductWrite.Written(await write());
        }
        catch (ConditionalCheckFailedException e)
        {
            return conditionFailed(e);
        }
        catch (TransactionConflictException)
        {
            return new ProductWrite.Conflict();
        }
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

        // Every write of the product moves its version on (ADD makes it 1 on an item that had
        // none), so a PUT conditional on a version read before this allocation is refused.
        var versioned = new Dictionary<string, string>(names) { ["#version"] = StockItem.Version };
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
                    UpdateExpression = "SET #units = #units - :n ADD #version :one",
                    ConditionExpression = "#units >= :n",
                    ExpressionAttributeNames = versioned,
                    ExpressionAttributeValues = new() { [":n"] = StockItem.Number(change.UnitsTaken), [":one"] = StockItem.Number(1) },
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
                    UpdateExpression = "SET #units = #units + :n ADD #version :one",
                    ExpressionAttributeNames = versioned,
                    ExpressionAttributeValues = new() { [":n"] = StockItem.Number(-change.UnitsTaken), [":one"] = StockItem.Number(1) },
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
