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
    public void an_outbox_record_round_trips_with_its_detail_text_intact_and_expires_after_the_retention()
    {
        var record = Samples.Created(Samples.Payment());

        var document = OutboxDocument.ToBson(record);

        Assert.Equal(record, OutboxDocument.FromBson(RoundTrip(document)));
        Assert.Equal(record.Detail, document["detail"].AsString);
        Assert.Equal(record.OccurredAt.AddDays(2).UtcDateTime, document[OutboxDocument.ExpiresAt].ToUniversalTime(), TimeSpan.FromMilliseconds(1));
    }

    // Through bytes, as the server would store it.
    private static BsonDocument RoundTrip(BsonDocument document) => BsonSerializer.Deserialize<BsonDocument>(document.ToBson());
}
