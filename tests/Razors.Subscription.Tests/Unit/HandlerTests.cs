using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Razors.Contracts;
using Razors.Subscription.Domain;
using Razors.Subscription.Features.CancelSubscription;
using Razors.Subscription.Features.CreateSubscription;
using Razors.Subscription.Ports;

namespace Razors.Subscription.Tests.Unit;

public abstract class HandlerTest
{
    private readonly SequentialIds ids = new();

    protected FakeTimeProvider Time { get; } = new(Samples.Now);

    protected InMemorySubscriptionStore Store { get; } = new();

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected CreateSubscriptionHandler CreateHandler() => new(Store, ids, Time);

    protected CancelSubscriptionHandler CancelHandler() => new(Store, ids, Time);

    protected static EventEnvelope<T> Envelope<T>(Messaging.Outbox.OutboxRecord record)
        where T : class =>
        (EventEnvelope<T>)JsonSerializer.Deserialize(record.Detail, EventTypes.Of<T>().EnvelopeTypeInfo)!;
}

public sealed class when_a_subscription_is_created_through_the_handler : HandlerTest
{
    [Fact]
    public async Task the_state_and_its_event_are_saved_together_with_full_metadata()
    {
        using var activity = new Activity("POST /subscriptions").SetIdFormat(ActivityIdFormat.W3C).Start();

        var result = await CreateHandler().HandleAsync(Samples.Terms, idempotencyKey: null, correlationId: null, Ct);

        var created = Assert.IsType<CreateSubscriptionResult.Created>(result);
        var subscriptionId = SequentialIds.Id(1);
        Assert.Equal(Samples.Pending(subscriptionId, createdEventId: SequentialIds.Id(2)), created.Subscription);
        var record = Assert.Single(Store.Outbox);
        var envelope = Envelope<SubscriptionCreated>(record);
        Assert.Equal(
            new EventMetadata
            {
                EventId = SequentialIds.Id(2),
                EventType = "razors.subscription.created.v1",
                OccurredAt = Samples.Now,
                CorrelationId = subscriptionId.ToString("D"),
                Traceparent = activity.Id,
                AggregateId = subscriptionId.ToString("D"),
                AggregateVersion = 1,
            },
            envelope.Metadata);
        Assert.Equal(subscriptionId, envelope.Data.SubscriptionId);
    }

    [Fact]
    public async Task a_callers_correlation_id_is_kept_for_the_saga()
    {
        var result = await CreateHandler().HandleAsync(Samples.Terms, null, "checkout-42", Ct);

        Assert.Equal("checkout-42", Assert.IsType<CreateSubscriptionResult.Created>(result).Subscription.CorrelationId);
        Assert.Equal("checkout-42", Envelope<SubscriptionCreated>(Assert.Single(Store.Outbox)).Metadata.CorrelationId);
    }
}

public sealed class when_an_idempotency_key_is_sent_again : HandlerTest
{
    [Fact]
    public async Task the_same_request_gets_the_same_subscription_and_no_second_event()
    {
        var first = await CreateHandler().HandleAsync(Samples.Terms, "key-1", null, Ct);

        // 9.990 is the same price as 9.99: the key is bound to what the request means.
        var again = await CreateHandler().HandleAsync(Samples.Terms with { MonthlyPrice = 9.990m }, "key-1", null, Ct);

        var created = Assert.IsType<CreateSubscriptionResult.Created>(first).Subscription;
        Assert.Equal(created, Assert.IsType<CreateSubscriptionResult.Replayed>(again).Subscription);
        Assert.Single(Store.Outbox);
        Assert.Single(Store.Subscriptions);
    }

    [Fact]
    public async Task a_different_request_is_refused_and_nothing_is_saved()
    {
        await CreateHandler().HandleAsync(Samples.Terms, "key-1", null, Ct);

        var other = await CreateHandler().HandleAsync(Samples.Terms with { UnitsPerMonth = 3 }, "key-1", null, Ct);

        Assert.IsType<CreateSubscriptionResult.KeyReused>(other);
        Assert.Equal(1, Store.Saves);
    }

    [Fact]
    public async Task a_key_past_its_retention_starts_a_new_subscription()
    {
        await CreateHandler().HandleAsync(Samples.Terms, "key-1", null, Ct);
        Time.Advance(IdempotencyRecord.Retention);

        var later = await CreateHandler().HandleAsync(Samples.Terms with { UnitsPerMonth = 3 }, "key-1", null, Ct);

        Assert.IsType<CreateSubscriptionResult.Created>(later);
        Assert.Equal(2, Store.Outbox.Count);
    }

    [Fact]
    public async Task a_concurrent_request_that_commits_first_is_answered_as_a_replay()
    {
        var rival = Samples.Pending(Guid.NewGuid());
        var handler = CreateHandler();
        Store.RivalCreate = (rival, new IdempotencyRecord("key-1", RequestHash.Of(Samples.Terms), rival.Id, Samples.Now));

        var result = await handler.HandleAsync(Samples.Terms, "key-1", null, Ct);

        Assert.Equal(rival, Assert.IsType<CreateSubscriptionResult.Replayed>(result).Subscription);
        Assert.Equal(0, Store.Saves);
    }

    [Fact]
    public async Task a_concurrent_request_still_committing_leaves_the_key_in_use()
    {
        Store.KeyInFlight = "key-1";

        var result = await CreateHandler().HandleAsync(Samples.Terms, "key-1", null, Ct);

        Assert.IsType<CreateSubscriptionResult.KeyInUse>(result);
        Assert.Equal(0, Store.Saves);
    }
}

public sealed class when_a_subscription_is_cancelled_through_the_handler : HandlerTest
{
    private static readonly Guid Id = SequentialIds.Id(100);

    [Fact]
    public async Task the_cancelled_state_and_its_event_are_saved_together()
    {
        Store.Add(Samples.Pending(Id));
        Time.Advance(TimeSpan.FromDays(1));

        var result = await CancelHandler().HandleAsync(Id, CancellationReasons.CustomerRequested, Ct);

        var cancelled = Assert.IsType<CancelSubscriptionResult.Cancelled>(result).Subscription;
        Assert.Equal((SubscriptionStatus.Cancelled, 2L, Samples.Now.AddDays(1)), (cancelled.Status, cancelled.Version, cancelled.CancelledAt));
        var envelope = Envelope<SubscriptionCancelled>(Assert.Single(Store.Outbox));
        Assert.Equal("CustomerRequested", envelope.Data.Reason);
        Assert.Equal(2, envelope.Metadata.AggregateVersion);
        Assert.Equal(Id.ToString("D"), envelope.Metadata.CorrelationId);
    }

    [Fact]
    public async Task cancelling_again_saves_nothing_and_answers_the_current_state()
    {
        Store.Add(Samples.Pending(Id));
        var first = await CancelHandler().HandleAsync(Id, CancellationReasons.CustomerRequested, Ct);

        var again = await CancelHandler().HandleAsync(Id, CancellationReasons.CustomerRequested, Ct);

        Assert.Equal(
            Assert.IsType<CancelSubscriptionResult.Cancelled>(first).Subscription,
            Assert.IsType<CancelSubscriptionResult.AlreadyCancelled>(again).Subscription);
        Assert.Single(Store.Outbox);
    }

    [Fact]
    public async Task an_unknown_id_is_not_found()
    {
        var result = await CancelHandler().HandleAsync(Id, CancellationReasons.CustomerRequested, Ct);

        Assert.IsType<CancelSubscriptionResult.NotFound>(result);
        Assert.Empty(Store.Outbox);
    }
}

public sealed class when_another_writer_changes_the_subscription_during_a_cancel : HandlerTest
{
    private static readonly Guid Id = SequentialIds.Id(100);

    [Fact]
    public async Task one_lost_race_is_retried_on_the_fresh_state()
    {
        Store.Add(Samples.Pending(Id));
        Store.RivalWrites = 1;

        var result = await CancelHandler().HandleAsync(Id, CancellationReasons.CustomerRequested, Ct);

        // Loaded at 1, a rival moved it to 2, the retry loaded 2 and wrote 3.
        Assert.Equal(3, Assert.IsType<CancelSubscriptionResult.Cancelled>(result).Subscription.Version);
        Assert.Equal(3, Envelope<SubscriptionCancelled>(Assert.Single(Store.Outbox)).Metadata.AggregateVersion);
    }

    [Fact]
    public async Task losing_every_attempt_is_a_conflict_and_nothing_is_saved()
    {
        Store.Add(Samples.Pending(Id));
        Store.RivalWrites = CancelSubscriptionHandler.MaxAttempts;

        var result = await CancelHandler().HandleAsync(Id, CancellationReasons.CustomerRequested, Ct);

        Assert.IsType<CancelSubscriptionResult.Conflict>(result);
        Assert.Equal(0, Store.Saves);
        Assert.Empty(Store.Outbox);
    }
}
