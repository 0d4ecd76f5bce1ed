using Razors.Stock.Domain;
using Razors.Stock.Ports;
using Razors.Stock.Tests.Unit;
using Razors.Testing;

namespace Razors.Stock.Tests.Store;

public sealed class when_the_catalogue_is_seeded(DynamoDbLocalFixture dynamo) : StoreTest(dynamo)
{
    [Fact]
    public async Task every_product_is_added_with_its_units()
    {
        var added = await Store.SeedAsync(Catalogue.Seed, Ct);

        Assert.Equal(Catalogue.Seed, added);
        foreach (var product in Catalogue.Seed)
        {
            Assert.Equal(product, await Store.GetProductAsync(product.ProductId, Ct));
        }
    }

    [Fact]
    public async Task seeding_again_keeps_the_units_a_product_has_now()
    {
        await Store.SeedAsync(Catalogue.Seed, Ct);
        await StockAsync("razor-travel", 3);

        var added = await Store.SeedAsync(Catalogue.Seed, Ct);

        Assert.Empty(added);
        Assert.Equal(3, await UnitsOfAsync("razor-travel"));
        Assert.Equal(Catalogue.Seed.Count, (await ScanAsync()).OfKind("product").Count());
    }
}

public sealed class when_units_on_hand_are_set(DynamoDbLocalFixture dynamo) : StoreTest(dynamo)
{
    [Fact]
    public async Task an_unknown_product_is_added_and_says_so()
    {
        Assert.True(await Store.SetUnitsOnHandAsync(new ProductStock("razor-gold", 7), Ct));

        Assert.Equal(new ProductStock("razor-gold", 7), await Store.GetProductAsync("razor-gold", Ct));
        var item = Assert.Single((await ScanAsync()).OfKind("product"));
        Assert.Equal(("PRODUCT#razor-gold", "PRODUCT", "7"), (item["pk"].S, item["sk"].S, item["unitsOnHand"].N));
    }

    [Fact]
    public async Task a_known_product_is_replaced()
    {
        await Store.SeedAsync(Catalogue.Seed, Ct);

        Assert.False(await Store.SetUnitsOnHandAsync(new ProductStock("razor-pro", 0), Ct));

        Assert.Equal(0, await UnitsOfAsync("razor-pro"));
    }

    [Fact]
    public async Task unknown_products_and_allocations_read_as_null()
    {
        Assert.Null(await Store.GetProductAsync("razor-gold", Ct));
        Assert.Null(await Store.GetAllocationAsync(Guid.CreateVersion7(), Ct));
    }
}

public sealed class when_a_change_no_longer_holds(DynamoDbLocalFixture dynamo) : StoreTest(dynamo)
{
    private Guid Id { get; } = Guid.CreateVersion7();

    private Allocation Allocated => new(Id, "razor-classic", 12, AllocationStatus.Allocated, 1, Samples.Now);

    [Fact]
    public async Task taking_more_units_than_are_on_hand_is_a_conflict_and_writes_nothing()
    {
        await StockAsync("razor-classic", 11);

        var result = await Store.SaveAsync(new StockChange(Guid.CreateVersion7(), Samples.Now) { After = Allocated, UnitsTaken = 12 }, Ct);

        Assert.Equal(SaveResult.Conflict, result);
        Assert.Equal(11, await UnitsOfAsync("razor-classic"));
        Assert.Single(await ScanAsync());
    }

    [Fact]
    public async Task a_refusal_when_enough_units_are_on_hand_again_is_a_conflict()
    {
        await StockAsync("razor-classic", 12);
        var failed = Allocated with { Status = AllocationStatus.Failed };

        var result = await Store.SaveAsync(new StockChange(Guid.CreateVersion7(), Samples.Now) { After = failed, ShortOf = 12 }, Ct);

        Assert.Equal(SaveResult.Conflict, result);
        Assert.Null(await Store.GetAllocationAsync(Id, Ct));
    }

    [Fact]
    public async Task an_allocation_whose_version_moved_on_is_a_conflict()
    {
        await StockAsync("razor-classic", 1000);
        await Store.SaveAsync(new StockChange(Guid.CreateVersion7(), Samples.Now) { After = Allocated, UnitsTaken = 12 }, Ct);

        var again = await Store.SaveAsync(new StockChange(Guid.CreateVersion7(), Samples.Now) { After = Allocated, UnitsTaken = 12 }, Ct);

        Assert.Equal(SaveResult.Conflict, again);
        Assert.Equal(988, await UnitsOfAsync("razor-classic"));
    }

    [Fact]
    public async Task an_event_in_the_inbox_is_already_handled_whatever_else_fails()
    {
        await StockAsync("razor-classic", 1000);
        var eventId = Guid.CreateVersion7();
        await Store.SaveAsync(new StockChange(eventId, Samples.Now) { After = Allocated, UnitsTaken = 12 }, Ct);
        var before = await ScanAsync();

        var again = await Store.SaveAsync(new StockChange(eventId, Samples.Now) { After = Allocated, UnitsTaken = 12 }, Ct);

        Assert.Equal(SaveResult.AlreadyHandled, again);
        Assert.Equal(before.Count, (await ScanAsync()).Count);
        Assert.Equal(988, await UnitsOfAsync("razor-classic"));
    }
}
