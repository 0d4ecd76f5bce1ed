using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Razors.Aws.DynamoDb;
using Razors.Notifications.Domain;
using Razors.Notifications.Ports;
using static Razors.Notifications.Aws.NotificationsItem;

namespace Razors.Notifications.Aws;

/// <summary>
/// <see cref="INotificationsStore"/> on one DynamoDB table. A fact and its inbox marker are one
/// TransactWriteItems; facts are set field by field (an activation or an end keeps its first time),
/// so writes in any order end the same. A mail is one conditional PutItem: the first one recorded stays.
/// </summary>
public sealed class DynamoDbNotificationsStore(IAmazonDynamoDB dynamoDb, string tableName) : INotificationsStore
{
    private const string ConditionalCheckFailed = "ConditionalCheckFailed";
    private const string TransactionConflict = "TransactionConflict";

    /// <summary>Two events about one subscription may write its facts at the same moment; the loser tries again at once, this many times.</summary>
    private const int ConflictAttempts = 5;

    public string TableName { get; } = tableName;

    public Task<bool> SaveContactAsync(Contact contact, Guid eventId, DateTimeOffset handledAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contact);
        return WriteOnceAsync(
            [
                DynamoDbOutbox.InboxMarker(TableName, eventId, handledAt),
                new TransactWriteItem { Put = new Put { TableName = TableName, Item = ToItem(contact) } },
            ],
            cancellationToken);
    }

    public async Task<Contact?> GetContactAsync(string customerId, CancellationToken cancellationToken)
    {
        var item = await GetAsync(ContactKey(customerId), cancellationToken);
        return item is null ? null : ContactFromItem(item);
    }

    public Task<bool> SaveFactsAsync(SubscriptionFacts facts, Guid eventId, DateTimeOffset handledAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var names = new Dictionary<string, string> { ["#kind"] = Razors.Aws.DynamoDb.OutboxItem.Kind, ["#id"] = SubscriptionId };
        var values = new Dictionary<string, AttributeValue> { [":kind"] = S("facts"), [":id"] = S(facts.SubscriptionId.ToString("D")) };
        var sets = new List<string> { "#kind = :kind", "#id = :id" };
        void Set(string attribute, AttributeValue? value, bool keepFirst = false)
        {
            if (value is null)
            {
                return;
            }

            var name = "#" + attribute;
            names[name] = attribute;
            values[":" + attribute] = value;
            sets.Add(keepFirst ? $"{name} = if_not_exists({name}, :{attribute})" : $"{name} = :{attribute}");
        }

        Set(CustomerId, facts.CustomerId is { } customer ? S(customer) : null);
        Set(ProductId, facts.ProductId is { } product ? S(product) : null);
        Set(Currency, facts.Currency is { } currency ? S(currency) : null);
        if (facts.CustomerId is not null)
        {
            Set(UnitsPerMonth, N(facts.UnitsPerMonth));
            Set(Months, N(facts.Months));
            Set(MonthlyPrice, N(facts.MonthlyPrice));
        }

        Set(ActivatedAt, facts.ActivatedAt is { } activated ? S(Iso(activated)) : null, keepFirst: true);
        Set(CancelledAt, facts.CancelledAt is { } cancelled ? S(Iso(cancelled)) : null, keepFirst: true);
        Set(NotificationsItem.CancellationReason, facts.CancellationReason is { } reason ? S(reason) : null, keepFirst: true);

        List<TransactWriteItem> items =
        [
            DynamoDbOutbox.InboxMarker(TableName, eventId, handledAt),
            new TransactWriteItem
            {
                Update = new Update
                {
                    TableName = TableName,
                    Key = FactsKey(facts.SubscriptionId),
                    UpdateExpression = "SET " + string.Join(", ", sets),
                    ExpressionAttributeNames = names,
                    ExpressionAttributeValues = values,
                },
            },
        ];
        if (facts.CustomerId is { } customerId)
        {
            items.Add(new TransactWriteItem { Put = new Put { TableName = TableName, Item = LinkItem(customerId, facts.SubscriptionId) } });
        }

        return WriteOnceAsync(items, cancellationToken);
    }

    public async Task<SubscriptionFacts?> GetFactsAsync(Guid subscriptionId, CancellationToken cancellationToken)
    {
        var item = await GetAsync(FactsKey(subscriptionId), cancellationToken);
        return item is null ? null : FactsFromItem(item);
    }

    public async Task<IReadOnlyList<Guid>> GetSubscriptionsOfAsync(string customerId, CancellationToken cancellationToken)
    {
        var ids = new List<Guid>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var response = await dynamoDb.QueryAsync(new QueryRequest
            {
                TableName = TableName,
                ConsistentRead = true,
                KeyConditionExpression = "pk = :pk AND begins_with(sk, :prefix)",
                ExpressionAttributeValues = new() { [":pk"] = S(CustomerPrefix + customerId), [":prefix"] = S(SubscriptionPrefix) },
                ExclusiveStartKey = start,
            }, cancellationToken);
            ids.AddRange((response.Items ?? []).Select(i => Guid.Parse(i[SubscriptionId].S)));
            start = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null);

        return ids;
    }

    public async Task<MailRecord?> GetMailAsync(string mailId, CancellationToken cancellationToken)
    {
        var item = await GetAsync(MailKey(mailId), cancellationToken);
        return item is null ? null : MailFromItem(item);
    }

    public async Task<MailRecord> AddMailAsync(MailRecord mail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mail);
        try
        {
            await dynamoDb.PutItemAsync(new PutItemRequest
            {
                TableName = TableName,
                Item = ToItem(mail with { Status = MailStatus.Pending }),
                ConditionExpression = "attribute_not_exists(pk)",
            }, cancellationToken);
            return mail with { Status = MailStatus.Pending };
        }
        catch (ConditionalCheckFailedException)
        {
            // Mails are never deleted, so the one recorded first is there to read.
            return await GetMailAsync(mail.MailId, cancellationToken)
                ?? throw new InvalidOperationException($"Mail {mail.MailId} was recorded but cannot be read back.");
        }
    }

    public async Task MarkAsync(string mailId, MailStatus status, DateTimeOffset at, string? reason, CancellationToken cancellationToken)
    {
        if (status == MailStatus.Pending)
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "A mail is marked sent or refused.");
        }

        var names = new Dictionary<string, string> { ["#status"] = Status, ["#sentAt"] = SentAt };
        var values = new Dictionary<string, AttributeValue>
        {
            [":status"] = S(status.ToString()),
            [":pending"] = S(nameof(MailStatus.Pending)),
            [":at"] = S(Iso(at)),
        };
        var update = "SET #status = :status, #sentAt = :at";
        if (reason is not null)
        {
            names["#reason"] = RefusedReason;
            values[":reason"] = S(reason);
            update += ", #reason = :reason";
        }

        try
        {
            await dynamoDb.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = TableName,
                Key = MailKey(mailId),
                UpdateExpression = update,
                ConditionExpression = "#status = :pending",
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = values,
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            // Marked already (by an earlier attempt of the same delivery).
        }
    }

    private async Task<Dictionary<string, AttributeValue>?> GetAsync(Dictionary<string, AttributeValue> key, CancellationToken cancellationToken)
    {
        var response = await dynamoDb.GetItemAsync(new GetItemRequest { TableName = TableName, Key = key, ConsistentRead = true }, cancellationToken);
        return response.IsItemSet ? response.Item : null;
    }

    /// <summary>Writes the items with the inbox marker (first); false when the marker was there.</summary>
    private async Task<bool> WriteOnceAsync(List<TransactWriteItem> items, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            // No ClientRequestToken: an SDK retry of a committed transaction finds the inbox marker
            // and answers false, which is what a handled event is.
            try
            {
                await dynamoDb.TransactWriteItemsAsync(new TransactWriteItemsRequest { TransactItems = items }, cancellationToken);
                return true;
            }
            catch (TransactionCanceledException e) when (e.CancellationReasons is { Count: > 0 } reasons)
            {
                if (reasons[0].Code == ConditionalCheckFailed)
                {
                    return false;
                }

                if (attempt >= ConflictAttempts || !reasons.Any(r => r.Code == TransactionConflict))
                {
                    throw;
                }
            }
        }
    }
}
