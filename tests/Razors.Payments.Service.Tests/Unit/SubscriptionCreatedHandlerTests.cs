using System.Text.Json.Nodes;
using Razors.Contracts;
using Razors.Payments.Domain;
using Razors.Payments.Service.Tests.Fakes;

namespace Razors.Payments.Service.Tests.Unit;

public sealed class when_a_subscription_is_created
{
    private readonly PaymentsHarness payments = new();
    private readonly Guid subscriptionId = Guid.CreateVersion7();

    [Fact]
    public async Task a_direct_debit_payment_of_its_monthly_price_for_its_months_is_stored_active()
    {
        await payments.Created.HandleAsync(Incoming.Created(subscriptionId, monthlyPrice: 12.50m), PaymentsHarness.Ct);

        var payment = Assert.Single(payments.Store.Payments);
        Assert.Equal(
            (subscriptionId, "customer-1", 12.50m, "GBP", 12, PaymentStatus.Active, 1L, Incoming.CorrelationId, PaymentsHarness.Now),
            (payment.SubscriptionId, payment.CustomerId, payment.InstalmentAmount, payment.Currency, payment.Instalments,
             payment.Status, payment.Version, payment.CorrelationId, payment.CreatedAt));
        Assert.Equal(new DateOnly(2026, 12, 1), payment.FirstCollectionOn);
    }

    [Fact]
    public async Task its_payment_created_event_and_inbox_marker_are_stored_in_the_same_write()
    {
        var created = Incoming.Created(subscriptionId);

        await payments.Created.HandleAsync(created, PaymentsHarness.Ct);

        Assert.Equal(1, payments.Store.Writes);
        Assert.True(payments.Store.Handled(created.Metadata.EventId));
        var payment = Assert.Single(payments.Store.Payments);
        var data = Assert.Single(payments.Events<PaymentCreated>()).Data;
        Assert.Equal(
            new PaymentCreated
            {
                PaymentId = payment.PaymentId, SubscriptionId = subscriptionId, CustomerId = "customer-1", InstalmentAmount = 9.99m,
                Currency = "GBP", Instalments = 12, FirstCollectionOn = new DateOnly(2026, 12, 1),
            },
            data);
    }

    [Fact]
    public async Task the_event_continues_the_saga_of_the_event_that_caused_it()
    {
        var created = Incoming.Created(subscriptionId, occurredAt: PaymentsHarness.Now.AddMinutes(-5));

        await payments.Created.HandleAsync(created, PaymentsHarness.Ct);

        var payment = Assert.Single(payments.Store.Payments);
        var metadata = Assert.Single(payments.Events<PaymentCreated>()).Metadata;
        Assert.Equal(
            ("razors.payments.created.v1", created.Metadata.EventId.ToString(), Incoming.CorrelationId, Incoming.Traceparent,
             payment.PaymentId.ToString(), 1L, PaymentsHarness.Now),
            (metadata.EventType, metadata.CausationId, metadata.CorrelationId, metadata.Traceparent,
             metadata.AggregateId, metadata.AggregateVersion, metadata.OccurredAt));
        Assert.NotEqual(created.Metadata.EventId, metadata.EventId);
        Assert.NotEqual(payment.PaymentId, metadata.EventId);
    }

    [Fact]
    public async Task the_event_carries_the_plan_and_nothing_else()
    {
        await payments.Created.HandleAsync(Incoming.Created(subscriptionId), PaymentsHarness.Ct);

        var data = JsonNode.Parse(Assert.Single(payments.Store.Outbox).Detail)!["data"]!.AsObject();
        Assert.Equal(
            ["currency", "customerId", "firstCollectionOn", "instalmentAmount", "instalments", "paymentId", "subscriptionId"],
            data.Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("2026-11-23T10:00:00+00:00", "2026-12-01")]
    [InlineData("2026-12-31T23:59:59+00:00", "2027-01-01")]
    [InlineData("2026-01-01T00:00:00+00:00", "2026-02-01")]
    [InlineData("2026-01-31T22:30:00-02:00", "2026-03-01")] // 00:30 on 1 February in UTC.
    public async Task the_first_collection_is_on_the_first_day_of_the_next_month_in_utc(string subscribedAt, string firstCollection)
    {
        await payments.Created.HandleAsync(Incoming.Created(subscriptionId, DateTimeOffset.Parse(subscribedAt, System.Globalization.CultureInfo.InvariantCulture)), PaymentsHarness.Ct);

        Assert.Equal(DateOnly.Parse(firstCollection, System.Globalization.CultureInfo.InvariantCulture), Assert.Single(payments.Store.Payments).FirstCollectionOn);
    }
}

public sealed class when_a_subscription_created_event_arrives_again
{
    private readonly PaymentsHarness payments = new();
    private readonly Guid subscriptionId = Guid.CreateVersion7();

    [Fact]
    public async Task the_same_event_changes_nothing()
    {
        var created = Incoming.Created(subscriptionId);
        await payments.Created.HandleAsync(created, PaymentsHarness.Ct);
        var before = Assert.Single(payments.Store.Payments);

        await payments.Created.HandleAsync(created, PaymentsHarness.Ct);

        Assert.Equal(before, Assert.Single(payments.Store.Payments));
        Assert.Single(payments.Store.Outbox);
        Assert.Equal(1, payments.Store.Writes);
    }

    [Fact]
    public async Task another_event_for_a_subscription_with_a_payment_creates_nothing_and_is_marked_handled()
    {
        await payments.Created.HandleAsync(Incoming.Created(subscriptionId), PaymentsHarness.Ct);
        var other = Incoming.Created(subscriptionId);

        await payments.Created.HandleAsync(other, PaymentsHarness.Ct);

        Assert.Single(payments.Store.Payments);
        Assert.Single(payments.Store.Outbox);
        Assert.True(payments.Store.Handled(other.Metadata.EventId));
    }
}

public sealed class when_a_created_event_loses_a_race_to_a_cancel
{
    [Fact]
    public async Task it_reads_the_tombstone_on_its_second_attempt_and_creates_nothing()
    {
        var payments = new PaymentsHarness();
        var subscriptionId = Guid.CreateVersion7();
        var created = Incoming.Created(subscriptionId);
        var rivalDone = false;
        payments.Store.AfterLoad = async loaded =>
        {
            if (loaded is null && !rivalDone)
            {
                // The cancel commits between the create's read and its write.
                rivalDone = true;
                await payments.Cancelled.HandleAsync(Incoming.Cancelled(subscriptionId), PaymentsHarness.Ct);
            }
        };

        await payments.Created.HandleAsync(created, PaymentsHarness.Ct);

        Assert.True(Assert.Single(payments.Store.Payments).IsTombstone());
        Assert.Empty(payments.Store.Outbox);
        Assert.True(payments.Store.Handled(created.Metadata.EventId));
    }
}
