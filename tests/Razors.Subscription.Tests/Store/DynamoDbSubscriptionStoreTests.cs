using Amazon.DynamoDBv2.Model;
using Razors.Aws.DynamoDb;
using Razors.Contracts;
using Razors.Messaging.Outbox;
using Razors.Subscription.Aws;
using Razors.Subscription.Domain;
using Razors.Subscription.Features;
using Razors.Subscription.Ports;
using Razors.Subscription.Tests.Unit;
using Razors.Testing;
using Razors.Topology;

namespace Razors.Subscription.Tests.Store;

public abstract class StoreTest(DynamoDbLocalFixture dynamo) : IAsyncLifetime
{
    protected Guid Id { get; } = Guid.CreateVersion7();

    protected DynamoDbSubscriptionStore Store { get; private set; } = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var table = await dynamo.CreateTableAsync(SubscriptionTopology.Table, Ct);
        Store = new DynamoDbSubscriptionStore(dynamo.Client, table.Name);
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        await dynamo.Client.DeleteTableAsync(Store.TableName, CancellationToken.None);
    }

    protected Task<List<Dictionary<string, AttributeValue>>> ScanAsync() => TableContents.ScanAsync(dynamo.Client, Store.TableName, Ct);

    protected static SubscriptionChange Creation(SubscriptionState state) =>
        new(state, 0, [Event(new SubscriptionCreated
        {
            SubscriptionId = state.Id,
            CustomerId = state.Terms.CustomerId,
            ProductId = state.Terms.ProductId,
            UnitsPerMonth = state.Terms.UnitsPerMonth,
            Months = state.Terms.Months,
            MonthlyPrice = state.Terms.MonthlyPrice,
            Currency = state.Terms.Currency,
        }, state)]);

    protected static SubscriptionChange Cancellation(SubscriptionState before)
    {
        var after = before with
        {
            Status = SubscriptionStatus.Cancelled,
            Version = before.Version + 1,
            CancelledAt = Samples.Now.AddDays(1),
            CancellationReason = CancellationReasons.CustomerRequested,
        };
        return new SubscriptionChange(after, before.Version, [Event(new SubscriptionCancelled { SubscriptionId = before.Id, Reason = "CustomerRequested" }, after)]);
    }

    // Fresh ids: a TransactWriteItems client token (the first event id) is remembered per account for 10 minutes.
    protected static OutboxRecord Event<T>(T data, SubscriptionState after)
        where T : class => SubscriptionEvents.ToOutbox(data, after, Guid.CreateVersion7(), Samples.Now);
}

public sealed class when_a_new_subscription_is_saved(DynamoDbLocalFixture dynamo) : StoreTest(dynamo)
{
    [Fact]
    public async Task it_reads_back_as_saved()
    {
        var state = Samples.Pending(Id);

        Assert.Equal(SaveResult.Saved, await Store.SaveAsync(Creation(state), Ct));

        Assert.Equal(state, await Store.GetAsync(Id, Ct));
    }

    [Fact]
    public async Task the_table_holds_the_subscription_item_and_its_outbox_item()
    {
        var change = Creation(Samples.Pending(Id));

        await Store.SaveAsync(change, Ct);

        var items = await ScanAsync();
        Assert.Equal(2, items.Count);
        var subscription = Assert.Single(items.OfKind("subscription"));
        Assert.Equal(($"SUBSCRIPTION#{Id:D}", "SUBSCRIPTION", "Pending", "1"),
            (subscription["pk"].S, subscription["sk"].S, subscription["status"].S, subscription["version"].N));
        var outbox = Assert.Single(items.OfKind("outbox"));
        var record = Assert.Single(change.Events);
        Assert.Equal(($"OUTBOX#{record.EventId:D}", record.Detail, "SubscriptionCreated", Id.ToString("D")),
            (outbox["pk"].S, outbox["detail"].S, outbox["detailType"].S, outbox["aggregateId"].S));
        // Pending until a relay has published it: in the pending index, and never expiring before that.
        Assert.Equal(OutboxItem.PendingShard(record.EventId), outbox[OutboxItem.Pending].S);
        Assert.False(outbox.ContainsKey(OutboxItem.ExpiresAt));
    }

    [Fact]
    public async Task a_retried_call_with_the_same_change_commits_once()
    {
        var change = Creation(Samples.Pending(Id));
        await Store.SaveAsync(change, Ct);

        // What the SDK does when a response is lost: the same request with the same token.
        Assert.Equal(SaveResult.Saved, await Store.SaveAsync(change, Ct));

        Assert.Equal(2, (await ScanAsync()).Count);
    }

    [Fact]
    public async Task an_unknown_id_reads_as_null()
    {
        Assert.Null(await Store.GetAsync(Guid.CreateVersion7(), Ct));
    }
}

public sealed class when_the_stored_version_has_moved_on(DynamoDbLocalFixture dynamo) : StoreTest(dynamo)
{
    [Fact]
    public async Task a_change_made_on_the_old_version_writes_nothing()
    {
        var created = Samples.Pending(Id);
        Assert.Equal(SaveResult.Saved, await Store.SaveAsync(Creation(created), Ct));
        Assert.Equal(SaveResult.Saved, await Store.SaveAsync(Cancellation(created), Ct));
        var before = await ScanAsync();

        Assert.Equal(SaveResult.Conflict, await Store.SaveAsync(Cancellation(created), Ct));
        Assert.Equal(before.Count, (await ScanAsync()).Count);
        Assert.Equal(2, (await Store.GetAsync(Id, Ct))!.Version);
    }

    [Fact]
    public async Task creating_an_existing_id_writes_nothing()
    {
        await Store.SaveAsync(Creation(Samples.Pending(Id)), Ct);

        var duplicate = Creation(Samples.Pending(Id) with { Terms = Samples.Terms with { CustomerId = "someone-else" } });

        Assert.Equal(SaveResult.Conflict, await Store.SaveAsync(duplicate, Ct));
        Assert.Equal(2, (await ScanAsync()).Count);
        Assert.Equal("customer-1", (await Store.GetAsync(Id, Ct))!.Terms.CustomerId);
    }
}

public sealed class when_a_cancelled_subscription_is_saved(DynamoDbLocalFixture dynamo) : StoreTest(dynamo)
{
    [Fact]
    public async Task it_reads_back_with_when_and_why_and_both_events_are_in_the_outbox()
    {
        var created = Samples.Pending(Id);
        await Store.SaveAsync(Creation(created), Ct);
        var cancellation = Cancellation(created);

        Assert.Equal(SaveResult.Saved, await Store.SaveAsync(cancellation, Ct));

        Assert.Equal(cancellation.State, await Store.GetAsync(Id, Ct));
        Assert.Equal(["SubscriptionCancelled", "SubscriptionCreated"],
            (await ScanAsync()).OfKind("outbox").Select(i => i["detailType"].S).Order());
    }
}

public sealed class when_a_create_carries_an_idempotency_key(DynamoDbLocalFixture dynamo) : StoreTest(dynamo)
{
    private IdempotencyRecord Record => new("key-1", "hash-1", Id, Samples.Now);

    [Fact]
    public async Task the_record_is_saved_with_the_subscription_and_reads_back()
    {
        Assert.Equal(SaveResult.Saved, await Store.SaveAsync(Creation(Samples.Pending(Id)) with { Idempotency = Record }, Ct));

        Assert.Equal(Record, await Store.GetIdempotencyRecordAsync("key-1", Ct));
        var item = Assert.Single((await ScanAsync()).OfKind("idempotency"));
        Assert.Equal(Record.ExpiresAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), item["expiresAt"].N);
    }

    [Fact]
    public async Task a_second_create_under_a_live_key_writes_nothing()
    {
        await Store.SaveAsync(Creation(Samples.Pending(Id)) with { Idempotency = Record }, Ct);
        var otherId = Guid.CreateVersion7();

        var second = Creation(Samples.Pending(otherId)) with
        {
            Idempotency = Record with { SubscriptionId = otherId, CreatedAt = Samples.Now.AddHours(1) },
        };

        Assert.Equal(SaveResult.IdempotencyKeyTaken, await Store.SaveAsync(second, Ct));
        Assert.Null(await Store.GetAsync(otherId, Ct));
        Assert.Equal(3, (await ScanAsync()).Count);
    }

    [Fact]
    public async Task an_expired_record_that_ttl_has_not_removed_yet_is_replaced()
    {
        await Store.SaveAsync(Creation(Samples.Pending(Id)) with { Idempotency = Record }, Ct);
        var otherId = Guid.CreateVersion7();
        var replacement = Record with { SubscriptionId = otherId, CreatedAt = Record.ExpiresAt };

        var saved = await Store.SaveAsync(Creation(Samples.Pending(otherId)) with { Idempotency = replacement }, Ct);

        Assert.Equal(SaveResult.Saved, saved);
        Assert.Equal(replacement, await Store.GetIdempotencyRecordAsync("key-1", Ct));
    }

    [Fact]
    public async Task an_unknown_key_reads_as_null()
    {
        Assert.Null(await Store.GetIdempotencyRecordAsync("never-used", Ct));
    }
}

public sealed class when_pending_subscriptions_are_listed_for_the_saga_deadline(DynamoDbLocalFixture dynamo) : StoreTest(dynamo)
{
    [Fact]
    public async Task only_pending_ones_created_before_the_cutoff_are_listed_from_every_shard()
    {
        var pending = Enumerable.Range(0, 12).Select(_ => Samples.Pending(Guid.CreateVersion7())).ToList();
        var recent = Samples.Pending(Guid.CreateVersion7()) with { CreatedAt = Samples.Now.AddMinutes(10) };
        var cancelled = Samples.Pending(Guid.CreateVersion7());
        foreach (var state in pending.Append(recent).Append(cancelled))
        {
            Assert.Equal(SaveResult.Saved, await Store.SaveAsync(Creation(state), Ct));
        }

        Assert.Equal(SaveResult.Saved, await Store.SaveAsync(Cancellation(cancelled), Ct));

        var listed = await Store.PendingCreatedBeforeAsync(Samples.Now.AddMinutes(1), Ct).ToListAsync(Ct);

        Assert.Equal(pending.Select(s => s.Id).Order(), listed.Order());
        Assert.True(pending.Select(s => SubscriptionItemShard(s.Id)).Distinct().Count() > 1, "The sample should span shards.");
    }

    private static string SubscriptionItemShard(Guid id) => ((uint)id.GetHashCode() % 4).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
