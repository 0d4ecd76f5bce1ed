using System.Runtime.CompilerServices;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Razors.Aws.DynamoDb;
using Razors.Customers.Domain;
using Razors.Customers.Ports;

namespace Razors.Customers.Aws;

/// <summary>
/// <see cref="ICustomerStore"/> on one DynamoDB table (<see cref="CustomerItem"/>): a registration
/// is one TransactWriteItems of the customer, its email guard and its outbox item, with the
/// idempotency item or the import row's outcome, each conditional on being new.
/// </summary>
public sealed class DynamoDbCustomerStore(IAmazonDynamoDB dynamoDb, string tableName, TimeProvider time) : ICustomerStore
{
    private const string ConditionalCheckFailed = "ConditionalCheckFailed";
    private const string TransactionConflict = "TransactionConflict";
    private const string IsNew = "attribute_not_exists(pk)";

    public string TableName { get; } = tableName;

    public async Task<Customer?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var item = await GetItemAsync(CustomerItem.Key(id), cancellationToken);
        return item is null ? null : CustomerItem.FromItem(item);
    }

    public async Task<Customer?> FindByEmailAsync(string email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        var guard = await GetItemAsync(CustomerItem.EmailKey(email), cancellationToken);
        return guard is null ? null : await GetAsync(Guid.Parse(guard[CustomerItem.CustomerId].S), cancellationToken);
    }

    public async Task<IdempotencyRecord?> GetIdempotencyRecordAsync(string key, CancellationToken cancellationToken)
    {
        var item = await GetItemAsync(CustomerItem.IdempotencyKey(key), cancellationToken);
        return item is null ? null : CustomerItem.IdempotencyRecordFromItem(key, item);
    }

    public async Task<RegistrationWrite> RegisterAsync(Registration registration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var customer = registration.Customer;
        var items = new List<TransactWriteItem>
        {
            NewItem(CustomerItem.ToItem(customer)),
            NewItem(CustomerItem.EmailGuard(customer)),
            DynamoDbOutbox.Put(TableName, registration.Event),
        };
        if (registration.Idempotency is { } record)
        {
            // An expired record may linger until TTL deletes it, so it must not block the key.
            items.Add(new TransactWriteItem
            {
                Put = new Put
                {
                    TableName = TableName,
                    Item = CustomerItem.ToItem(record),
                    ConditionExpression = "attribute_not_exists(pk) OR #expiresAt <= :now",
                    ExpressionAttributeNames = new() { ["#expiresAt"] = OutboxItem.ExpiresAt },
                    ExpressionAttributeValues = new() { [":now"] = CustomerItem.Number(record.CreatedAt.ToUnixTimeSeconds()) },
                },
            });
        }

        if (registration.Row is { } row)
        {
            items.Add(NewItem(CustomerItem.RowOutcome(row, customer.RegisteredAt, customer.Id)));
            items.Add(new TransactWriteItem { Update = CustomerItem.CountRegistered(TableName, row, customer.RegisteredAt) });
        }

        try
        {
            await dynamoDb.TransactWriteItemsAsync(
                new TransactWriteItemsRequest
                {
                    TransactItems = items,

                    // The SDK retries a call whose response was lost; the token makes that retry of a
                    // committed transaction succeed instead of failing its own conditions.
                    ClientRequestToken = registration.Event.EventId.ToString("D"),
                },
                cancellationToken);
            return RegistrationWrite.Saved;
        }
        catch (TransactionCanceledException e) when (e.CancellationReasons is { Count: >= 3 } reasons)
        {
            // CancellationReasons are in the order of TransactItems; "None" for items that passed.
            // Another transaction writing one of the items at that moment is a race still being
            // decided: never a verdict on the address or the row.
            if (reasons.Any(r => r.Code is TransactionConflict))
            {
                return RegistrationWrite.Conflict;
            }

            if (reasons.Count > 3 && reasons[3].Code is ConditionalCheckFailed)
            {
                return registration.Row is null ? RegistrationWrite.IdempotencyKeyTaken : RegistrationWrite.RowDone;
            }

            if (reasons[1].Code is ConditionalCheckFailed)
            {
                return RegistrationWrite.EmailTaken;
            }

            throw;
        }
    }

    public async Task<bool> RecordRejectionAsync(ImportRowRef row, ImportRejection rejection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(rejection);
        var now = time.GetUtcNow();
        try
        {
            await dynamoDb.TransactWriteItemsAsync(
                new TransactWriteItemsRequest
                {
                    TransactItems =
                    [
                        NewItem(CustomerItem.RowOutcome(row, now, customerId: null)),
                        new TransactWriteItem { Put = new Put { TableName = TableName, Item = CustomerItem.Rejection(row, now, rejection) } },
                    ],
                },
                cancellationToken);
            return true;
        }
        catch (TransactionCanceledException e) when (e.CancellationReasons is { Count: > 0 } reasons && reasons[0].Code is ConditionalCheckFailed)
        {
            return false;
        }
    }

    public async Task<ImportRecord?> GetImportAsync(string importId, CancellationToken cancellationToken)
    {
        var item = await GetItemAsync(CustomerItem.ImportKey(importId), cancellationToken);
        return item is null ? null : CustomerItem.ImportFromItem(importId, item);
    }

    public Task<bool> AddImportAsync(ImportRecord import, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(import);
        return PutNewAsync(CustomerItem.ToItem(import), cancellationToken);
    }

    public async Task<ImportReport?> GetImportReportAsync(string importId, CancellationToken cancellationToken)
    {
        var import = await GetImportAsync(importId, cancellationToken);
        if (import is null)
        {
            return null;
        }

        // One partition holds the import: its counters of registered rows (a few items) and its
        // rejections, in line order; the report never reads the rows that registered.
        var registered = 0;
        await foreach (var counter in QueryAsync(importId, CustomerItem.CountPrefix, cancellationToken))
        {
            registered += counter.TryGetValue(CustomerItem.Registered, out var count) ? int.Parse(count.N, System.Globalization.CultureInfo.InvariantCulture) : 0;
        }

        var rejections = new List<ImportRejectedRow>();
        await foreach (var item in QueryAsync(importId, CustomerItem.RejectedPrefix, cancellationToken))
        {
            rejections.Add(new ImportRejectedRow(
                int.Parse(item[CustomerItem.Line].N, System.Globalization.CultureInfo.InvariantCulture), item[CustomerItem.Field].S, item[CustomerItem.Reason].S));
        }

        return new ImportReport(import, registered, rejections);
    }

    public async IAsyncEnumerable<Customer> ScanAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await dynamoDb.ScanAsync(
                new ScanRequest
                {
                    TableName = TableName,
                    ConsistentRead = true,
                    FilterExpression = "sk = :customer",
                    ExpressionAttributeValues = new() { [":customer"] = CustomerItem.S(CustomerItem.CustomerSortKey) },
                    ExclusiveStartKey = start,
                },
                cancellationToken);
            foreach (var item in page.Items)
            {
                yield return CustomerItem.FromItem(item);
            }

            start = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null);
    }

    private async IAsyncEnumerable<Dictionary<string, AttributeValue>> QueryAsync(
        string importId, string sortKeyPrefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await dynamoDb.QueryAsync(
                new QueryRequest
                {
                    TableName = TableName,
                    ConsistentRead = true,
                    KeyConditionExpression = "pk = :pk AND begins_with(sk, :prefix)",
                    ExpressionAttributeValues = new()
                    {
                        [":pk"] = CustomerItem.S(CustomerItem.ImportPrefix + importId),
                        [":prefix"] = CustomerItem.S(sortKeyPrefix),
                    },
                    ExclusiveStartKey = start,
                },
                cancellationToken);
            foreach (var item in page.Items)
            {
                yield return item;
            }

            start = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null);
    }

    private async Task<Dictionary<string, AttributeValue>?> GetItemAsync(Dictionary<string, AttributeValue> key, CancellationToken cancellationToken)
    {
        var response = await dynamoDb.GetItemAsync(new GetItemRequest { TableName = TableName, Key = key, ConsistentRead = true }, cancellationToken);
        return response.IsItemSet ? response.Item : null;
    }

    private async Task<bool> PutNewAsync(Dictionary<string, AttributeValue> item, CancellationToken cancellationToken)
    {
        try
        {
            await dynamoDb.PutItemAsync(new PutItemRequest { TableName = TableName, Item = item, ConditionExpression = IsNew }, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    private TransactWriteItem NewItem(Dictionary<string, AttributeValue> item) =>
        new() { Put = new Put { TableName = TableName, Item = item, ConditionExpression = IsNew } };
}
