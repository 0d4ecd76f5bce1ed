using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Razors.Contracts;
using Razors.Messaging.Outbox;
using Razors.Stock.Domain;
using Razors.Stock.Features;
using Razors.Stock.Features.AllocateStock;
using Razors.Stock.Features.DeallocateStock;

namespace Razors.Stock.Tests.Unit;

public abstract class HandlerTest
{
    /// <summary>No pauses: the fake clock would never end them.</summary>
    protected static readonly ConflictRetry Retry = ConflictRetry.Default with { BaseDelay = TimeSpan.Zero };

    private readonly SequentialIds ids = new();

    protected FakeTimeProvider Time { get; } = new(Samples.Now);

    protected InMemoryStockStore Store { get; } = new();

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected SubscriptionCreatedHandler CreatedHandler() => new(Store, ids, Retry, Time);

    protected SubscriptionCancelledHandler CancelledHandler() => new(new StockDeallocation(Store, ids, Retry, Time));

    protected PaymentCancelledHandler PaymentCancelledHandler() => new(new StockDeallocation(Store, ids, Retry, Time));

    protected static EventEnvelope<T> Envelope<T>(OutboxRecord record)
        where T : class =>
        (EventEnvelope<T>)JsonSerializer.Deserialize(record.Detail, EventTypes.Of<T>().EnvelopeTypeInfo)!;
}

public sealed class when_a_subscription_created_event_is_handled : HandlerTest
{
    private static readonly Guid Id = SequentialIds.Id(100);

    [Fact]
    public async Task the_units_the_allocation_and_its_event_are_saved_together_with_metadata_from_the_cause()
    {
        Store.Add(new ProductStock("razor-classic", 1000, 1));
        var created = Samples.Envelope(Samples.Created(Id, unitsPerMonth: 2));

        await CreatedHandler().HandleAsync(created, Ct);

        Assert.Equal(976, Store.UnitsOf("razor-classic"));
        Assert.Equal(AllocationStatus.Allocated, (await Store.GetAllocationAsync(Id, Ct))!.Status);
        Assert.Contains(created.Metadata.EventId, Store.Inbox);
        var envelope = Envelope<StockAllocated>(Assert.Single(Store.Outbox));
        Assert.Equal(
            new EventMetadata
            {
                EventId = SequentialIds.Id(1),
                EventType = "razors.stock.allocated.v1",
                OccurredAt = Samples.Now,
                CorrelationId = Samples.CorrelationId,
                CausationId = created.Metadata.EventId.ToString("D"),
                Traceparent = Samples.Traceparent,
                AggregateId = Id.ToString("D"),
                AggregateVersion = 1,
            },
            envelope.Metadata);
        Assert.Equal(new StockAllocated { SubscriptionId = Id, ProductId = "razor-classic", Units = 24 }, envelope.Data);
    }

    [Fact]
    public async Task the_same_event_again_changes_nothing()
    {
        Store.Add(new ProductStock("razor-classic", 1000, 1));
        var created = Samples.Envelope(Samples.Created(Id));
        await CreatedHandler().HandleAsync(created, Ct);

        await CreatedHandler().HandleAsync(created, Ct);

        Assert.Equal((988, 1, 1), (Store.UnitsOf("razor-classic"), Store.Saves, Store.Outbox.Count));
    }

    [Fact]
    public async Task a_second_creation_event_for_the_subscription_only_marks_itself_handled()
    {
        Store.Add(new ProductStock("razor-classic", 1000, 1));
        await CreatedHandler().HandleAsync(Samples.Envelope(Samples.Created(Id)), Ct);
        var other = Samples.Envelope(Samples.Created(Id));

        await CreatedHandler().HandleAsync(other, Ct);

        Assert.Equal(988, Store.UnitsOf("razor-classic"));
        Assert.Single(Store.Outbox);
        Assert.Contains(other.Metadata.EventId, Store.Inbox);
    }

    [Fact]
    public async Task short_stock_raises_allocation_failed_and_takes_nothing()
    {
        Store.Add(new ProductStock("razor-travel", 5, 1));

        await CreatedHandler().HandleAsync(Samples.Envelope(Samples.Created(Id, "razor-travel")), Ct);

        Assert.Equal(5, Store.UnitsOf("razor-travel"));
        var envelope = Envelope<StockAllocationFailed>(Assert.Single(Store.Outbox));
        Assert.Equal((12, 5, 1L), (envelope.Data.UnitsRequested, envelope.Data.UnitsAvailable, envelope.Metadata.AggregateVersion));
        Assert.Equal(AllocationStatus.Failed, (await Store.GetAllocationAsync(Id, Ct))!.Status);
    }
}

public sealed class when_another_allocation_wins_the_race : HandlerTest
{
    private static readonly Guid Id = SequentialIds.Id(100);

    [Fact]
    public async Task the_handler_decides_again_on_the_fresh_units_and_allocates_when_enough_remain()
    {
        Store.Add(new ProductStock("razor-classic", 30, 1));
        Store.Rivals.Enqueue(s => s.Add(new ProductStock("razor-classic", 18, 2)));

        await CreatedHandler().HandleAsync(Samples.Envelope(Samples.Created(Id)), Ct);

        Assert.Equal(6, Store.UnitsOf("razor-classic"));
        Assert.Equal(12, Envelope<StockAllocated>(Assert.Single(Store.Outbox)).Data.Units);
    }

    [Fact]
    public async Task the_handler_decides_again_and_refuses_with_what_is_left_when_too_few_remain()
    {
        Store.Add(new ProductStock("razor-classic", 12, 1));
        Store.Rivals.Enqueue(s => s.Add(new ProductStock("razor-classic", 0, 2)));

        await CreatedHandler().HandleAsync(Samples.Envelope(Samples.Created(Id)), Ct);

        Assert.Equal(0, Store.UnitsOf("razor-classic"));
        Assert.Equal(0, Envelope<StockAllocationFailed>(Assert.Single(Store.Outbox)).Data.UnitsAvailable);
    }

    [Fact]
    public async Task a_refusal_overtaken_by_a_restock_is_decided_again_and_allocates()
    {
        Store.Add(new ProductStock("razor-classic", 5, 1));
        Store.Rivals.Enqueue(s => s.Add(new ProductStock("razor-classic", 100, 2)));

        await CreatedHandler().HandleAsync(Samples.Envelope(Samples.Created(Id)), Ct);

        Assert.Equal(88, Store.UnitsOf("razor-classic"));
        Assert.Single(Store.Outbox, r => r.DetailType == "StockAllocated");
    }
}

public sealed class when_a_cancellation_is_handled : HandlerTest
{
    private static readonly Guid Id = SequentialIds.Id(100);

    [Fact]
    public async Task the_units_go_back_once_with_a_deallocated_event_at_version_2()
    {
        Store.Add(new ProductStock("razor-classic", 988, 1));
        Store.Add(Samples.Allocated(Id));
        var cancelled = Samples.Envelope(Samples.Cancelled(Id));
        Time.Advance(TimeSpan.FromDays(1));

        await CancelledHandler().HandleAsync(cancelled, Ct);
        await CancelledHandler().HandleAsync(cancelled, Ct);

        Assert.Equal(1000, Store.UnitsOf("razor-classic"));
        var envelope = Envelope<StockDeallocated>(Assert.Single(Store.Outbox));
        Assert.Equal(
            (2L, Id.ToString("D"), cancelled.Metadata.EventId.ToString("D"), Samples.CorrelationId, Samples.Now.AddDays(1)),
            (envelope.Metadata.AggregateVersion, envelope.Metadata.AggregateId, envelope.Metadata.CausationId,
             envelope.Metadata.CorrelationId, envelope.Metadata.OccurredAt));
        Assert.Equal(12, envelope.Data.Units);
    }

    [Fact]
    public async Task a_payment_cancellation_then_the_subscriptions_own_give_the_units_back_once()
    {
        Store.Add(new ProductStock("razor-classic", 988, 1));
        Store.Add(Samples.Allocated(Id));

        await PaymentCancelledHandler().HandleAsync(Samples.Envelope(Samples.PaymentCancelled(Id)), Ct);
        await CancelledHandler().HandleAsync(Samples.Envelope(Samples.Cancelled(Id)), Ct);

        Assert.Equal(1000, Store.UnitsOf("razor-classic"));
        Assert.Single(Store.Outbox);
        Assert.Equal(2, Store.Inbox.Count);
    }

    [Fact]
    public async Task one_that_arrives_before_the_creation_makes_the_creation_take_nothing()
    {
        Store.Add(new ProductStock("razor-classic", 1000, 1));

        await CancelledHandler().HandleAsync(Samples.Envelope(Samples.Cancelled(Id)), Ct);
        await CreatedHandler().HandleAsync(Samples.Envelope(Samples.Created(Id)), Ct);

        Assert.Equal(1000, Store.UnitsOf("razor-classic"));
        Assert.Empty(Store.Outbox);
        Assert.Equal(AllocationStatus.Cancelled, (await Store.GetAllocationAsync(Id, Ct))!.Status);
    }
}

public sealed class when_other_writers_win_every_race : HandlerTest
{
    private static readonly Guid Id = SequentialIds.Id(100);

    [Fact]
    public async Task the_handler_throws_so_the_event_is_delivered_again_and_nothing_is_saved()
    {
        Store.Add(new ProductStock("razor-classic", 988, 1));
        Store.Add(Samples.Allocated(Id));
        for (var i = 0; i < Retry.MaxAttempts; i++)
        {
            Store.Rivals.Enqueue(s => s.ChangeAllocation(Id));
        }

        await Assert.ThrowsAsync<StockConflictException>(() => CancelledHandler().HandleAsync(Samples.Envelope(Samples.Cancelled(Id)), Ct));

        Assert.Equal((0, 988), (Store.Saves, Store.UnitsOf("razor-classic")));
        Assert.Empty(Store.Outbox);
    }
}
