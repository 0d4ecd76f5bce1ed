using Razors.Stock.Domain;
using Razors.Stock.Tests.Unit;
using Razors.Testing;

namespace Razors.Stock.Tests.Store;

public sealed class when_stock_is_allocated_in_dynamodb(DynamoDbLocalFixture dynamo) : StoreTest(dynamo)
{
    private Guid Id { get; } = Guid.CreateVersion7();

    [Fact]
    public async Task the_units_go_down_and_the_allocation_its_event_and_the_inbox_marker_are_stored()
    {
        await StockAsync("razor-classic", 1000);
        var created = Samples.Envelope(Samples.Created(Id, unitsPerMonth: 2));

        await CreatedHandler().HandleAsync(created, Ct);

        Assert.Equal(976, await UnitsOfAsync("razor-classic"));
        Assert.Equal(
            new Allocation(Id, "razor-classic", 24, AllocationStatus.Allocated, 1, default),
            (await Store.GetAllocationAsync(Id, Ct))! with { ChangedAt = default });
        var items = await ScanAsync();
        Assert.Equal($"INBOX#{created.Metadata.EventId:D}", Assert.Single(items.OfKind("inbox"))["pk"].S);
        var envelope = Assert.Single(await OutboxAsync());
        Assert.Equal(
            ("razors.stock.allocated.v1", Id.ToString("D"), 1L, created.Metadata.EventId.ToString("D"), Samples.CorrelationId, Samples.Traceparent),
            ((string)envelope["metadata"]!["eventType"]!, (string)envelope["metadata"]!["aggregateId"]!,
             (long)envelope["metadata"]!["aggregateVersion"]!, (string)envelope["metadata"]!["causationId"]!,
             (string)envelope["metadata"]!["correlationId"]!, (string)envelope["metadata"]!["traceparent"]!));
        Assert.Equal(24, (int)envelope["data"]!["units"]!);
    }

    [Fact]
    public async Task short_stock_stores_the_refusal_and_its_event_and_takes_nothing()
    {
        await StockAsync("razor-travel", 11);

        await CreatedHandler().HandleAsync(Samples.Envelope(Samples.Created(Id, "razor-travel")), Ct);

        Assert.Equal(11, await UnitsOfAsync("razor-travel"));
        Assert.Equal(AllocationStatus.Failed, (await Store.GetAllocationAsync(Id, Ct))!.Status);
        var data = Assert.Single(await OutboxAsync())["data"]!;
        Assert.Equal((12, 11, "Only 11 units of razor-travel on hand; 12 requested."),
            ((int)data["unitsRequested"]!, (int)data["unitsAvailable"]!, (string)data["reason"]!));
    }

    [Fact]
    public async Task an_unknown_product_is_refused_and_not_created()
    {
        await CreatedHandler().HandleAsync(Samples.Envelope(Samples.Created(Id, "razor-gold")), Ct);

        Assert.Null(await Store.GetProductAsync("razor-gold", Ct));
        Assert.Equal("StockAllocationFailed", Assert.Single((await ScanAsync()).OfKind("outbox"))["detailType"].S);
    }

    [Fact]
    public async Task the_same_event_delivered_twice_has_one_effect()
    {
        await StockAsync("razor-classic", 1000);
        var created = Samples.Envelope(Samples.Created(Id));

        await CreatedHandler().HandleAsync(created, Ct);
        await CreatedHandler().HandleAsync(created, Ct);

        Assert.Equal(988, await UnitsOfAsync("razor-classic"));
        Assert.Single(await OutboxAsync());
    }

    [Fact]
    public async Task the_same_event_delivered_at_once_by_several_consumers_has_one_effect()
    {
        await StockAsync("razor-classic", 1000);
        var created = Samples.Envelope(Samples.Created(Id));

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => CreatedHandler().HandleAsync(created, Ct)));

        Assert.Equal(988, await UnitsOfAsync("razor-classic"));
        Assert.Single(await OutboxAsync());
        Assert.Single((await ScanAsync()).OfKind("inbox"));
    }
}

public sealed class when_stock_is_deallocated_in_dynamodb(DynamoDbLocalFixture dynamo) : StoreTest(dynamo)
{
    private Guid Id { get; } = Guid.CreateVersion7();

    [Fact]
    public async Task the_units_go_back_once_however_often_and_by_whichever_cancellation()
    {
        await StockAsync("razor-classic", 1000);
        await CreatedHandler().HandleAsync(Samples.Envelope(Samples.Created(Id)), Ct);
        var cancelled = Samples.Envelope(Samples.Cancelled(Id));

        await CancelledHandler().HandleAsync(cancelled, Ct);
        await CancelledHandler().HandleAsync(cancelled, Ct);
        await PaymentCancelledHandler().HandleAsync(Samples.Envelope(Samples.PaymentCancelled(Id)), Ct);

        Assert.Equal(1000, await UnitsOfAsync("razor-classic"));
        var allocation = (await Store.GetAllocationAsync(Id, Ct))!;
        Assert.Equal((AllocationStatus.Deallocated, 2L), (allocation.Status, allocation.Version));
        var deallocated = Assert.Single(await OutboxAsync(), e => (string)e["metadata"]!["eventType"]! == "razors.stock.deallocated.v1");
        Assert.Equal((2L, cancelled.Metadata.EventId.ToString("D"), 12),
            ((long)deallocated["metadata"]!["aggregateVersion"]!, (string)deallocated["metadata"]!["causationId"]!, (int)deallocated["data"]!["units"]!));
        Assert.Equal(3, (await ScanAsync()).OfKind("inbox").Count());
    }

    [Fact]
    public async Task a_cancellation_before_the_creation_makes_the_creation_take_nothing()
    {
        await StockAsync("razor-classic", 1000);

        await PaymentCancelledHandler().HandleAsync(Samples.Envelope(Samples.PaymentCancelled(Id)), Ct);
        await CreatedHandler().HandleAsync(Samples.Envelope(Samples.Created(Id)), Ct);

        Assert.Equal(1000, await UnitsOfAsync("razor-classic"));
        Assert.Equal(AllocationStatus.Cancelled, (await Store.GetAllocationAsync(Id, Ct))!.Status);
        Assert.Empty(await OutboxAsync());
        Assert.Equal(2, (await ScanAsync()).OfKind("inbox").Count());
    }

    [Fact]
    public async Task a_refused_allocation_gives_nothing_back()
    {
        await StockAsync("razor-travel", 5);
        await CreatedHandler().HandleAsync(Samples.Envelope(Samples.Created(Id, "razor-travel")), Ct);

        await CancelledHandler().HandleAsync(Samples.Envelope(Samples.Cancelled(Id)), Ct);

        Assert.Equal(5, await UnitsOfAsync("razor-travel"));
        Assert.Equal(["StockAllocationFailed"], (await ScanAsync()).OfKind("outbox").Select(i => i["detailType"].S));
    }
}

public sealed class when_many_subscriptions_take_the_same_product_at_once(DynamoDbLocalFixture dynamo) : StoreTest(dynamo)
{
    private const int Subscriptions = 40;

    [Fact]
    public async Task with_stock_for_all_every_one_is_allocated()
    {
        await StockAsync("razor-classic", Subscriptions * 12);

        await AllocateConcurrentlyAsync();

        Assert.Equal(0, await UnitsOfAsync("razor-classic"));
        Assert.Equal(Enumerable.Repeat("razors.stock.allocated.v1", Subscriptions), await EventTypesAsync());
    }

    [Fact]
    public async Task with_stock_for_25_exactly_25_are_allocated_and_the_rest_refused()
    {
        await StockAsync("razor-classic", 25 * 12 + 11);

        await AllocateConcurrentlyAsync();

        Assert.Equal(11, await UnitsOfAsync("razor-classic"));
        var types = await EventTypesAsync();
        Assert.Equal(25, types.Count(t => t == "razors.stock.allocated.v1"));
        Assert.Equal(Subscriptions - 25, types.Count(t => t == "razors.stock.allocation-failed.v1"));
        var allocations = (await ScanAsync()).OfKind("allocation").ToList();
        Assert.Equal(25, allocations.Count(a => a["status"].S == "Allocated"));
    }

    private Task AllocateConcurrentlyAsync() =>
        Task.WhenAll(Enumerable.Range(0, Subscriptions).Select(_ => Task.Run(
            () => CreatedHandler().HandleAsync(Samples.Envelope(Samples.Created(Guid.CreateVersion7())), Ct), Ct)));

    private async Task<List<string>> EventTypesAsync() =>
        (await OutboxAsync()).Select(e => (string)e["metadata"]!["eventType"]!).ToList();
}
