using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Razors.Contracts;
using Razors.Subscription.Domain;
using Razors.Subscription.Features.Saga;

namespace Razors.Subscription.Tests.Unit;

public sealed class when_the_saga_deadline_runs
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(15);

    private readonly InMemorySubscriptionStore store = new();
    private readonly FakeTimeProvider time = new(Samples.Now);
    private readonly SagaDeadline deadline;

    public when_the_saga_deadline_runs() =>
        deadline = new SagaDeadline(store, new SequentialIds(), time, new SagaDeadlineOptions { Deadline = Deadline }, NullLogger<SagaDeadline>.Instance);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SubscriptionState StoredOf(Guid id) => store.Subscriptions.Single(s => s.Id == id);

    [Fact]
    public async Task a_subscription_pending_past_the_deadline_is_cancelled_with_timeout_and_raises_subscription_cancelled()
    {
        var id = SequentialIds.Id(1);
        store.Add(Samples.Pending(id) with { StockAllocated = true });
        time.Advance(Deadline + TimeSpan.FromSeconds(1));

        var cancelled = await deadline.CancelOverdueAsync(Ct);

        Assert.Equal(1, cancelled);
        var stored = StoredOf(id);
        Assert.Equal((SubscriptionStatus.Cancelled, CancellationReasons.Timeout, 2L), (stored.Status, stored.CancellationReason, stored.Version));
        var record = Assert.Single(store.Outbox);
        var envelope = (EventEnvelope<SubscriptionCancelled>)JsonSerializer.Deserialize(record.Detail, EventTypes.SubscriptionCancelled.EnvelopeTypeInfo)!;
        Assert.Equal(new SubscriptionCancelled { SubscriptionId = id, Reason = CancellationReasons.Timeout }, envelope.Data);
        Assert.Equal(id.ToString("D"), envelope.Metadata.CorrelationId);
    }

    [Fact]
    public async Task a_subscription_within_its_deadline_is_left_pending()
    {
        var id = SequentialIds.Id(2);
        store.Add(Samples.Pending(id));
        time.Advance(Deadline - TimeSpan.FromSeconds(1));

        Assert.Equal(0, await deadline.CancelOverdueAsync(Ct));
        Assert.Equal(SubscriptionStatus.Pending, StoredOf(id).Status);
        Assert.Empty(store.Outbox);
    }

    [Fact]
    public async Task active_and_cancelled_subscriptions_are_never_touched()
    {
        var (active, cancelled) = (SequentialIds.Id(3), SequentialIds.Id(4));
        store.Add(Samples.Pending(active) with { Status = SubscriptionStatus.Active, Version = 3 });
        store.Add(Samples.Pending(cancelled) with { Status = SubscriptionStatus.Cancelled, Version = 2, CancellationReason = CancellationReasons.CustomerRequested });
        time.Advance(Deadline * 10);

        Assert.Equal(0, await deadline.CancelOverdueAsync(Ct));
        Assert.Equal((3L, 2L), (StoredOf(active).Version, StoredOf(cancelled).Version));
        Assert.Empty(store.Outbox);
    }

    [Fact]
    public async Task a_lost_race_is_decided_again_on_a_fresh_load()
    {
        var id = SequentialIds.Id(5);
        store.Add(Samples.Pending(id));
        store.RivalWrites = 1;
        time.Advance(Deadline * 2);

        Assert.Equal(1, await deadline.CancelOverdueAsync(Ct));
        Assert.Equal(SubscriptionStatus.Cancelled, StoredOf(id).Status);
        Assert.Single(store.Outbox);
    }

    [Fact]
    public async Task a_second_run_changes_nothing()
    {
        var id = SequentialIds.Id(6);
        store.Add(Samples.Pending(id));
        time.Advance(Deadline * 2);
        await deadline.CancelOverdueAsync(Ct);

        Assert.Equal(0, await deadline.CancelOverdueAsync(Ct));
        Assert.Single(store.Outbox);
    }
}
