using System.Globalization;
using Razors.Contracts;
using Razors.Subscription.Domain;
using Razors.Subscription.Ports;
using Razors.Subscription.Tests.Unit;
using Razors.Testing;

namespace Razors.Subscription.Tests.Store;

public sealed class when_a_saga_change_carries_an_inbox_marker(DynamoDbLocalFixture dynamo) : StoreTest(dynamo)
{
    private static readonly DateTimeOffset HandledAt = Samples.Now.AddMinutes(1);

    private static SubscriptionChange StockRecorded(SubscriptionState before, Guid incomingEventId) =>
        new(before with { Version = before.Version + 1, StockAllocated = true }, before.Version, [])
        {
            Handled = new HandledEvent(incomingEventId, HandledAt),
        };

    [Fact]
    public async Task the_marker_is_written_with_the_change_and_expires_after_the_inbox_retention()
    {
        var created = Samples.Pending(Id);
        await Store.SaveAsync(Creation(created), Ct);
        var incoming = Guid.CreateVersion7();

        Assert.Equal(SaveResult.Saved, await Store.SaveAsync(StockRecorded(created, incoming), Ct));

        var marker = Assert.Single((await ScanAsync()).OfKind("inbox"));
        Assert.Equal(
            ($"INBOX#{incoming:D}", HandledAt.AddDays(14).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
            (marker["pk"].S, marker["expiresAt"].N));
        Assert.True((await Store.GetAsync(Id, Ct))!.StockAllocated);
    }

    [Fact]
    public async Task a_change_whose_marker_exists_is_already_handled_and_writes_nothing_whatever_the_version()
    {
        var created = Samples.Pending(Id);
        await Store.SaveAsync(Creation(created), Ct);
        var incoming = Guid.CreateVersion7();
        var first = StockRecorded(created, incoming);
        await Store.SaveAsync(first, Ct);
        var before = await ScanAsync();

        var onTheCurrentVersion = await Store.SaveAsync(StockRecorded(first.State, incoming), Ct);
        var onTheOldVersion = await Store.SaveAsync(StockRecorded(created, incoming), Ct);

        Assert.Equal((SaveResult.AlreadyHandled, SaveResult.AlreadyHandled), (onTheCurrentVersion, onTheOldVersion));
        Assert.Equal(before.Count, (await ScanAsync()).Count);
        Assert.Equal(first.State, await Store.GetAsync(Id, Ct));
    }

    [Fact]
    public async Task a_marker_written_alone_is_saved_once_then_already_handled()
    {
        var incoming = Guid.CreateVersion7();

        var first = await Store.MarkHandledAsync(new HandledEvent(incoming, HandledAt), Ct);
        var again = await Store.MarkHandledAsync(new HandledEvent(incoming, HandledAt.AddMinutes(5)), Ct);

        Assert.Equal((SaveResult.Saved, SaveResult.AlreadyHandled), (first, again));
        var marker = Assert.Single(await ScanAsync());
        Assert.Equal(("inbox", HandledAt.ToString("O", CultureInfo.InvariantCulture)), (marker["kind"].S, marker["handledAt"].S));
    }
}

public sealed class when_a_subscription_with_saga_progress_is_saved(DynamoDbLocalFixture dynamo) : StoreTest(dynamo)
{
    [Fact]
    public async Task its_arrivals_payment_and_timeline_read_back_in_order()
    {
        var created = Samples.Pending(Id);
        await Store.SaveAsync(Creation(created), Ct);
        var at = Samples.Now.AddSeconds(30.125);
        var cancelled = created with
        {
            Status = SubscriptionStatus.Cancelled,
            Version = 2,
            CancelledAt = at,
            CancellationReason = CancellationReasons.StockUnavailable,
            PaymentCreated = true,
            PaymentId = Guid.CreateVersion7(),
            Timeline = created.Timeline
                .Append(new TimelineEntry(at, "PaymentCreated", Guid.CreateVersion7()))
                .Append(new TimelineEntry(at, "StockAllocationFailed", Guid.CreateVersion7(), "2 units on hand, 24 asked for"))
                .Append(new TimelineEntry(at, "SubscriptionCancelled", Guid.CreateVersion7(), "StockUnavailable")),
        };

        Assert.Equal(SaveResult.Saved, await Store.SaveAsync(new SubscriptionChange(cancelled, 1, []), Ct));

        Assert.Equal(cancelled, await Store.GetAsync(Id, Ct));
    }
}
