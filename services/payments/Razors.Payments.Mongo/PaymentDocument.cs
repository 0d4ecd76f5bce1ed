using System.Globalization;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using Razors.Messaging.Outbox;
using Razors.Payments.Domain;
using Razors.Payments.Ports;

namespace Razors.Payments.Mongo;

/// <summary>
/// How a payment is laid out as a BSON document, written out rather than left to class-map
/// conventions, so the stored shape is visible here and no global serializer registration is needed.
/// </summary>
/// <remarks>
/// Times are ISO-8601 strings: BSON dates keep milliseconds only, and a payment must read back
/// exactly as it was saved. Ids are standard UUIDs (binary subtype 4), money is Decimal128.
/// </remarks>
internal static class PaymentDocument
{
    public const string Version = "version";
    public const string SubscriptionId = "subscriptionId";

    public static BsonDocument ToBson(Payment payment) => new()
    {
        { "_id", Bson.Uuid(payment.PaymentId) },
        { SubscriptionId, Bson.Uuid(payment.SubscriptionId) },
        { "customerId", payment.CustomerId },
        { "instalmentAmount", new BsonDecimal128(payment.InstalmentAmount) },
        { "currency", payment.Currency },
        { "instalments", payment.Instalments },
        { "firstCollectionOn", payment.FirstCollectionOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) },
        { "status", payment.Status.ToString() },
        { Version, payment.Version },
        { "correlationId", payment.CorrelationId },
        { "createdAt", Bson.Instant(payment.CreatedAt) },
        { "cancelledAt", payment.CancelledAt is { } cancelledAt ? Bson.Instant(cancelledAt) : (BsonValue)BsonNull.Value },
        { "cancellationReason", payment.CancellationReason is { } reason ? (BsonValue)reason : BsonNull.Value },
    };

    public static Payment FromBson(BsonDocument document) => new()
    {
        PaymentId = Bson.Uuid(document["_id"]),
        SubscriptionId = Bson.Uuid(document[SubscriptionId]),
        CustomerId = document["customerId"].AsString,
        InstalmentAmount = document["instalmentAmount"].AsDecimal,
        Currency = document["currency"].AsString,
        Instalments = document["instalments"].AsInt32,
        FirstCollectionOn = DateOnly.ParseExact(document["firstCollectionOn"].AsString, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        Status = Enum.Parse<PaymentStatus>(document["status"].AsString),
        Version = document[Version].ToInt64(),
        CorrelationId = document["correlationId"].AsString,
        CreatedAt = Bson.Instant(document["createdAt"]),
        CancelledAt = document.GetValue("cancelledAt", BsonNull.Value) is { IsBsonNull: false } cancelledAt ? Bson.Instant(cancelledAt) : null,
        CancellationReason = document.GetValue("cancellationReason", BsonNull.Value) is { IsBsonNull: false } reason ? reason.AsString : null,
    };
}

/// <summary>
/// How an outbox record is laid out as a BSON document: <c>_id</c> is the event id. It is written
/// <see cref="Pending"/>, with no expiry; marking it sent or dead-lettered removes that field and
/// only then sets <see cref="ExpiresAt"/> (see <see cref="MongoPendingOutbox"/>).
/// </summary>
internal static class OutboxBson
{
    /// <summary>A BSON date for the TTL index, set once the record has left the pending set.</summary>
    public const string ExpiresAt = "expiresAt";

    /// <summary>Present (true) until the record is sent to the FIFO queue or its DLQ.</summary>
    public const string Pending = "pending";

    public const string OccurredAt = "occurredAt";
    public const string SentAt = "sentAt";
    public const string DeadLetteredAt = "deadLetteredAt";

    public static BsonDocument ToBson(OutboxRecord record) => new()
    {
        { "_id", Bson.Uuid(record.EventId) },
        { "source", record.Source },
        { "detailType", record.DetailType },

        // Kept as the exact JSON text the relay puts on the bus, not re-encoded as BSON.
        { "detail", record.Detail },
        { "aggregateId", record.AggregateId },
        { OccurredAt, Bson.Instant(record.OccurredAt) },
        { Pending, true },
    };

    public static OutboxRecord FromBson(BsonDocument document) => new(
        Bson.Uuid(document["_id"]),
        document["source"].AsString,
        document["detailType"].AsString,
        document["detail"].AsString,
        document["aggregateId"].AsString,
        Bson.Instant(document[OccurredAt]));

    /// <summary>The stored document as the worker reads it: the record, or, when it is not one, its JSON and why.</summary>
    public static OutboxDocument Read(BsonDocument document)
    {
        try
        {
            return OutboxDocument.Of(FromBson(document));
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidCastException or FormatException or ArgumentException)
        {
            var id = IdOf(document.GetValue("_id", BsonNull.Value));
            var group = document.GetValue("aggregateId", BsonNull.Value) is BsonString aggregateId ? aggregateId.Value : id;
            return new OutboxDocument(id, group, null) { Unreadable = e.Message, Stored = document.ToJson() };
        }
    }

    /// <summary>The document id as the pending set names it: the event id in the "D" format (any other <c>_id</c> as its JSON).</summary>
    public static string IdOf(BsonValue id) =>
        id is BsonBinaryData { SubType: BsonBinarySubType.UuidStandard } ? Bson.Uuid(id).ToString("D") : id.ToJson();

    public static BsonValue IdValue(string documentId) =>
        Guid.TryParse(documentId, out var eventId) ? Bson.Uuid(eventId) : BsonSerializer.Deserialize<BsonValue>(documentId);
}

internal static class Bson
{
    public static BsonBinaryData Uuid(Guid id) => new(id, GuidRepresentation.Standard);

    public static Guid Uuid(BsonValue value) => value.AsBsonBinaryData.ToGuid(GuidRepresentation.Standard);

    public static BsonString Instant(DateTimeOffset instant) => new(instant.ToString("O", CultureInfo.InvariantCulture));

    public static DateTimeOffset Instant(BsonValue value) => DateTimeOffset.ParseExact(value.AsString, "O", CultureInfo.InvariantCulture);
}
