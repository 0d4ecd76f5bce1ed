using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using Razors.Payments.Mongo;

namespace Razors.Payments.Tests.Mongo;

/// <summary>The document mapping needs no server, so these run everywhere.</summary>
public sealed class when_a_payment_is_laid_out_as_bson
{
    [Fact]
    public void an_active_payment_round_trips_exactly()
    {
        var payment = Samples.Payment();

        Assert.Equal(payment, PaymentDocument.FromBson(RoundTrip(PaymentDocument.ToBson(payment))));
    }

    [Fact]
    public void a_cancelled_payment_round_trips_exactly()
    {
        var cancelled = Samples.Cancellation(Samples.Payment()).After;

        Assert.Equal(cancelled, PaymentDocument.FromBson(RoundTrip(PaymentDocument.ToBson(cancelled))));
    }

    [Fact]
    public void ids_are_standard_uuids_money_is_decimal128_and_the_subscription_id_is_the_indexed_field()
    {
        var payment = Samples.Payment();

        var document = PaymentDocument.ToBson(payment);

        Assert.Equal(BsonBinarySubType.UuidStandard, document["_id"].AsBsonBinaryData.SubType);
        Assert.Equal(payment.SubscriptionId, document[PaymentDocument.SubscriptionId].AsBsonBinaryData.ToGuid());
        Assert.Equal(BsonType.Decimal128, document["instalmentAmount"].BsonType);
        Assert.Equal(1L, document[PaymentDocument.Version].AsInt64);
    }

    [Fact]
    public void an_outbox_record_round_trips_with_its_detail_text_intact_and_is_written_pending_with_no_expiry()
    {
        var record = Samples.Created(Samples.Payment());

        var document = OutboxBson.ToBson(record);

        Assert.Equal(record, OutboxBson.FromBson(RoundTrip(document)));
        Assert.Equal(record.Detail, document["detail"].AsString);
        Assert.True(document[OutboxBson.Pending].AsBoolean);
        Assert.False(document.Contains(OutboxBson.ExpiresAt));
    }

    [Fact]
    public void a_document_that_is_not_a_record_reads_as_unreadable_with_its_json_and_payment()
    {
        var eventId = Guid.CreateVersion7();
        var document = new BsonDocument { { "_id", new BsonBinaryData(eventId, GuidRepresentation.Standard) }, { "aggregateId", "payment-1" }, { OutboxBson.Pending, true } };

        var read = OutboxBson.Read(RoundTrip(document));

        Assert.Null(read.Record);
        Assert.Equal((eventId.ToString("D"), "payment-1"), (read.Id, read.GroupId));
        Assert.Contains("payment-1", read.Stored, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(read.Unreadable));
        Assert.Equal(new BsonBinaryData(eventId, GuidRepresentation.Standard), OutboxBson.IdValue(read.Id));
    }

    // Through bytes, as the server would store it.
    private static BsonDocument RoundTrip(BsonDocument document) => BsonSerializer.Deserialize<BsonDocument>(document.ToBson());
}
