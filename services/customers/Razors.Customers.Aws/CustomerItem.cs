using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Razors.Aws.DynamoDb;
using Razors.Customers.Domain;
using Razors.Customers.Ports;
using Razors.Topology;

namespace Razors.Customers.Aws;

/// <summary>
/// How the customers table lays out its items beside the outbox items (<see cref="OutboxItem"/>),
/// each with a <c>kind</c> that keeps it out of the relay's stream filter:
/// <list type="bullet">
/// <item><c>CUSTOMER#id</c> / <c>CUSTOMER</c>: the customer (the replica's stream filter passes these);</item>
/// <item><c>EMAIL#address</c> / <c>EMAIL</c>: the guard that makes an address unique;</item>
/// <item><c>IDEMPOTENCY#key</c> / <c>IDEMPOTENCY</c>: an <c>Idempotency-Key</c>'s registration, for 24 hours;</item>
/// <item><c>IMPORT#id</c> / <c>IMPORT</c>, <c>ROW#line</c>, <c>REJECTED#line</c> and <c>COUNT#shard</c>: an import, each row's
/// outcome (the key that makes it once), each rejection's details and the outcome counters, for <see cref="ImportRetention"/>.</item>
/// </list>
/// </summary>
internal static class CustomerItem
{
    public const string CustomerPrefix = "CUSTOMER#";
    public const string CustomerSortKey = CustomersTopology.CustomerSortKey;
    public const string EmailPrefix = "EMAIL#";
    public const string EmailSortKey = "EMAIL";
    public const string IdempotencyPrefix = "IDEMPOTENCY#";
    public const string IdempotencySortKey = "IDEMPOTENCY";
    public const string ImportPrefix = "IMPORT#";
    public const string ImportSortKey = "IMPORT";
    public const string RowPrefix = "ROW#";
    public const string RejectedPrefix = "REJECTED#";
    public const string CountPrefix = "COUNT#";

    /// <summary>
    /// Counters of registered rows per import: a row adds to the one of its line, so concurrent inserters seldom write
    /// the same counter item, and a retried write adds to the same one (the transaction is the same).
    /// </summary>
    public const int CountShards = 16;

    public const string Id = "id";
    public const string Name = "name";
    public const string Email = "email";
    public const string State = "state";
    public const string City = "city";
    public const string Postcode = "postcode";
    public const string Version = "version";
    public const string RegisteredAt = "registeredAt";
    public const string ImportId = "importId";
    public const string CustomerId = "customerId";
    public const string RequestHash = "requestHash";
    public const string CreatedAt = "createdAt";
    public const string Total = "total";
    public const string SizeBytes = "sizeBytes";
    public const string AcceptedAt = "acceptedAt";
    public const string Line = "line";
    public const string Outcome = "outcome";
    public const string Field = "field";
    public const string Reason = "reason";
    public const string Registered = "registered";
    public const string Rejected = "rejected";

    /// <summary>How long an import and its rows' outcomes are kept (the file itself, a day).</summary>
    public static readonly TimeSpan ImportRetention = TimeSpan.FromDays(30);

    public static Dictionary<string, AttributeValue> Key(Guid id) => Key(CustomerPrefix + id.ToString("D"), CustomerSortKey);

    public static Dictionary<string, AttributeValue> EmailKey(string email) => Key(EmailPrefix + EmailAddresses.Key(email), EmailSortKey);

    public static Dictionary<string, AttributeValue> IdempotencyKey(string key) => Key(IdempotencyPrefix + key, IdempotencySortKey);

    public static Dictionary<string, AttributeValue> ImportKey(string importId) => Key(ImportPrefix + importId, ImportSortKey);

    public static Dictionary<string, AttributeValue> RowKey(ImportRowRef row) =>
        Key(ImportPrefix + row.ImportId, RowPrefix + row.Line.ToString("D6", CultureInfo.InvariantCulture));

    public static Dictionary<string, AttributeValue> RejectedKey(ImportRowRef row) =>
        Key(ImportPrefix + row.ImportId, RejectedPrefix + row.Line.ToString("D6", CultureInfo.InvariantCulture));

    public static Dictionary<string, AttributeValue> CountKey(ImportRowRef row) =>
        Key(ImportPrefix + row.ImportId, CountPrefix + (row.Line % CountShards).ToString("D2", CultureInfo.InvariantCulture));

    /// <summary>
    /// An Update that adds one to the registered rows of the row's counter. Rejections need no
    /// counter: the report reads each of them anyway.
    /// </summary>
    public static Amazon.DynamoDBv2.Model.Update CountRegistered(string tableName, ImportRowRef row, DateTimeOffset handledAt) => new()
    {
        TableName = tableName,
        Key = CountKey(row),
        UpdateExpression = "ADD #outcome :one SET #kind = :kind, #expiresAt = if_not_exists(#expiresAt, :expiresAt)",
        ExpressionAttributeNames = new() { ["#outcome"] = Registered, ["#kind"] = OutboxItem.Kind, ["#expiresAt"] = OutboxItem.ExpiresAt },
        ExpressionAttributeValues = new()
        {
            [":one"] = Number(1),
            [":kind"] = S("import-count"),
            [":expiresAt"] = Number((handledAt + ImportRetention).ToUnixTimeSeconds()),
        },
    };

    public static Dictionary<string, AttributeValue> ToItem(Customer customer)
    {
        var d = customer.Details;
        var item = Key(customer.Id);
        item[OutboxItem.Kind] = S("customer");
        item[Id] = S(customer.Id.ToString("D"));
        item[Name] = S(d.Name);
        item[Email] = S(d.Email);
        item[State] = S(d.State);
        item[City] = S(d.City);
        item[Postcode] = S(d.Postcode);
        item[Version] = Number(customer.Version);
        item[RegisteredAt] = S(Timestamp(customer.RegisteredAt));
        if (customer.ImportId is { } importId)
        {
            item[ImportId] = S(importId);
        }

        return item;
    }

    /// <summary>
    /// A customer from an item's attributes, each read as text (its <c>S</c> or <c>N</c>), so the
    /// table's items and the stream's images read the same way.
    /// </summary>
    /// <exception cref="FormatException">An attribute is missing or not what it should be.</exception>
    public static Customer FromAttributes(Func<string, string?> value)
    {
        string Required(string name) => value(name) ?? throw new FormatException($"The customer item has no '{name}'.");
        return new Customer(
            Guid.ParseExact(Required(Id), "D"),
            new CustomerDetails(Required(Name), Required(Email), Required(State), Required(City), Required(Postcode)),
            long.Parse(Required(Version), NumberStyles.None, CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(Required(RegisteredAt), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind))
        {
            ImportId = value(ImportId),
        };
    }

    public static Customer FromItem(Dictionary<string, AttributeValue> item) => FromAttributes(name => Text(item, name));

    public static Dictionary<string, AttributeValue> EmailGuard(Customer customer)
    {
        var item = EmailKey(customer.Details.Email);
        item[OutboxItem.Kind] = S("email");
        item[CustomerId] = S(customer.Id.ToString("D"));
        return item;
    }

    public static Dictionary<string, AttributeValue> ToItem(IdempotencyRecord record)
    {
        var item = IdempotencyKey(record.Key);
        item[OutboxItem.Kind] = S("idempotency");
        item[RequestHash] = S(record.RequestHash);
        item[CustomerId] = S(record.CustomerId.ToString("D"));
        item[CreatedAt] = S(Timestamp(record.CreatedAt));
        item[OutboxItem.ExpiresAt] = Number(record.ExpiresAt.ToUnixTimeSeconds());
        return item;
    }

    public static IdempotencyRecord IdempotencyRecordFromItem(string key, Dictionary<string, AttributeValue> item) =>
        new(key, item[RequestHash].S, Guid.Parse(item[CustomerId].S), ParseTimestamp(item[CreatedAt].S));

    public static Dictionary<string, AttributeValue> ToItem(ImportRecord import)
    {
        var item = ImportKey(import.Id);
        item[OutboxItem.Kind] = S("import");
        item[Total] = Number(import.Total);
        item[SizeBytes] = Number(import.SizeBytes);
        item[AcceptedAt] = S(Timestamp(import.AcceptedAt));
        item[OutboxItem.ExpiresAt] = Number((import.AcceptedAt + ImportRetention).ToUnixTimeSeconds());
        return item;
    }

    public static ImportRecord ImportFromItem(string importId, Dictionary<string, AttributeValue> item) =>
        new(importId, int.Parse(item[Total].N, CultureInfo.InvariantCulture), long.Parse(item[SizeBytes].N, CultureInfo.InvariantCulture), ParseTimestamp(item[AcceptedAt].S));

    /// <summary>The outcome of a row, the key that makes it once: the customer it registered, or that it was rejected.</summary>
    public static Dictionary<string, AttributeValue> RowOutcome(ImportRowRef row, DateTimeOffset handledAt, Guid? customerId)
    {
        var item = RowKey(row);
        item[OutboxItem.Kind] = S("import-row");
        item[Line] = Number(row.Line);
        item[Outcome] = S(customerId is null ? Rejected : Registered);
        if (customerId is { } id)
        {
            item[CustomerId] = S(id.ToString("D"));
        }

        item[OutboxItem.ExpiresAt] = Number((handledAt + ImportRetention).ToUnixTimeSeconds());
        return item;
    }

    /// <summary>Why a row registered nobody, where the import's report reads the rejections alone.</summary>
    public static Dictionary<string, AttributeValue> Rejection(ImportRowRef row, DateTimeOffset handledAt, ImportRejection rejection)
    {
        var item = RejectedKey(row);
        item[OutboxItem.Kind] = S("import-rejection");
        item[Line] = Number(row.Line);
        item[Field] = S(rejection.Field);
        item[Reason] = S(rejection.Reason);
        item[OutboxItem.ExpiresAt] = Number((handledAt + ImportRetention).ToUnixTimeSeconds());
        return item;
    }

    public static string? Text(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) ? value.S ?? value.N : null;

    public static AttributeValue S(string value) => new() { S = value };

    public static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    public static string Timestamp(DateTimeOffset value) => value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTimestamp(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    private static Dictionary<string, AttributeValue> Key(string pk, string sk) => new()
    {
        [TableAttributes.PartitionKey] = S(pk),
        [TableAttributes.SortKey] = S(sk),
    };
}
