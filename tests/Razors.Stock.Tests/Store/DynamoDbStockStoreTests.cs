using Amazon.DynamoDBv2.Model;
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
    public async Task a_new_product_is_added_at_version_1()
    {
        var write = await Store.AddProductAsync("razor-gold", 7, Ct);

        Assert.Equal(new ProductWrite.Written(new ProductStock("razor-gold", 7, 1)), write);
        Assert.Equal(new ProductStock("razor-gold", 7, 1), await Store.GetProductAsync("razor-gold", Ct));
        var item = Assert.Single((await ScanAsync()).OfKind("product"));
        Assert.Equal(("PRODUCT#razor-gold", "PRODUCT", "7", "1"), (item["pk"].S, item["sk"].S, item["unitsOnHand"].N, item["version"].N));
    }

    [Fact]
    public async Task adding_a_product_that_exists_is_stale_and_keeps_its_units()
    {
        await Store.SeedAsync(Catalogue.Seed, Ct);

        Assert.IsType<ProductWrite.Stale>(await Store.AddProductAsync("razor-pro", 0, Ct));

        Assert.Equal(new ProductStock("razor-pro", 500, 1), await Store.GetProductAsync("razor-pro", Ct));
    }

    [Fact]
    public async Task the_units_are_replaced_at_the_expected_version_and_the_version_moves_on()
    {
        await Store.SeedAsync(Catalogue.Seed, Ct);

        var write = await Store.SetUnitsOnHandAsync("razor-pro", 0, expectedVersion: 1, Ct);

        Assert.Equal(new ProductWrite.Written(new ProductStock("razor-pro", 0, 2)), write);
        Assert.Equal(new ProductStock("razor-pro", 0, 2), await Store.GetProductAsync("razor-pro", Ct));
    }

    [Theory]
    [InlineData("razor-pro", 2)]
    [InlineData("razor-pro", 0)]
    [InlineData("razor-gold", 1)]
    public async Task another_version_or_no_product_is_stale_and_nothing_is_written(string productId, long expectedVersion)
    {
        await Store.SeedAsync(Catalogue.Seed, Ct);

        Assert.IsType<ProductWrite.Stale>(await Store.SetUnitsOnHandAsync(productId, 7, expectedVersion, Ct));

        Assert.Equal(new ProductStock("razor-pro", 500, 1), await Store.GetProductAsync("razor-pro", Ct));
        Assert.Null(await Store.GetProductAsync("razor-gold", Ct));
    }

    [Fact]
    public async Task an_allocation_and_a_deallocation_each_move_the_version_on_and_a_refusal_does_not()
    {
        await StockAsync("razor-travel", 24);
        var (kept, refused) = (Guid.CreateVersion7(), Guid.CreateVersion7());

        await CreatedHandler().HandleAsync(Samples.Envelope(Samples.Created(kept, "razor-travel")), Ct);
        var allocated = await Store.GetProductAsync("razor-travel", Ct);
        await CreatedHandler().HandleAsync(Samples.Envelope(Samples.Created(refused, "razor-travel", unitsPerMonth: 2)), Ct);
        var afterRefusal = await Store.GetProductAsync("razor-travel", Ct);
        await CancelledHandler().HandleAsync(Samples.Envelope(Samples.Cancelled(kept)), Ct);

        Assert.Equal(new ProductStock("razor-travel", 12, 2), allocated);
        Assert.Equal(allocated, afterRefusal);
        Assert.Equal(new ProductStock("razor-travel", 24, 3), await Store.GetProductAsync("razor-travel", Ct));
    }

    [Fact]
    public async Task a_replacement_read_before_an_allocation_is_stale_and_the_allocation_stands()
    {
        await StockAsync("razor-classic", 1000);
        var read = (await Store.GetProductAsync("razor-classic", Ct))!;
        await CreatedHandler().HandleAsync(Samples.Envelope(Samples.Created(Guid.CreateVersion7())), Ct);

        Assert.IsType<ProductWrite.Stale>(await Store.SetUnitsOnHandAsync("razor-classic", 2000, read.Version, Ct));

        Assert.Equal(988, await UnitsOfAsync("razor-classic"));
    }

    [Fact]
    public async Task a_product_written_before_versions_reads_as_version_0_and_can_be_replaced_at_0()
    {
        await Dynamo.Client.PutItemAsync(new PutItemRequest
        {
            TableName = Store.TableName,
            Item = new()
            {
                ["pk"] = new() { S = "PRODUCT#razor-old" },
                ["sk"] = new() { S = "PRODUCT" },
                ["kind"] = new() { S = "product" },
                ["productId"] = new() { S = "razor-old" },
                ["unitsOnHand"] = new() { N = "5" },
            },
        }, Ct);

        Assert.Equal(new ProductStock("razor-old", 5, 0), await Store.GetProductAsync("razor-old", Ct));
        Assert.IsType<ProductWrite.Stale>(await Store.SetUnitsOnHandAsync("razor-old", 9, expectedVersion: 1, Ct));
        Assert.Equal(new ProductWrite.Written(new ProductStock("razor-old", 9, 1)), await Store.SetUnitsOnHandAsync("razor-old", 9, expectedVersion: 0, Ct));
        Assert.IsType<ProductWrite.Stale>(await Store.SetUnitsOnHandAsync("razor-gold", 9, expectedVersion: 0, Ct));
    }

    [Fact]
    public async Task unknown_products_and_allocations_read_as_null()
    {
        Assert.Null(await Store.GetProductAsync("razor-gold", Ct));
        Assert.Null(await Store.GetAllocationAsync(Guid.CreateVersion7(), Ct));
    }
}

public sealed class when_units_are_added(DynamoDbLocalFixture dynamo) : StoreTest(dynamo)
{
    [Fact]
    public async Task they_are_added_to_what_is_on_hand_and_the_version_moves_on()
    {
        await Store.SeedAsync(Catalogue.Seed, Ct);

        var write = await Store.AddUnitsAsync("razor-pro", 25, Ct);

        Assert.Equal(new ProductWrite.Written(new ProductStock("razor-pro", 525, 2)), write);
        Assert.Equal(new ProductStock("razor-pro", 525, 2), await Store.GetProductAsync("razor-pro", Ct));
    }

    [Fact]
    public async Task up_to_the_limit_is_added_and_one_more_is_over_it_and_writes_nothing()
    {
        await StockAsync("razor-gold", ProductStock.MaxUnitsOnHand - 10);

        Assert.IsType<ProductWrite.Written>(await Store.AddUnitsAsync("razor-gold", 10, Ct));
        var over = Assert.IsType<ProductWrite.OverLimit>(await Store.AddUnitsAsync("razor-gold", 1, Ct));

        Assert.Equal(new ProductStock("razor-gold", ProductStock.MaxUnitsOnHand, 2), over.Current);
        Assert.Equal(over.Current, await Store.GetProductAsync("razor-gold", Ct));
    }

    [Fact]
    public async Task an_unknown_product_is_not_found_and_not_created()
    {
        Assert.IsType<ProductWrite.NotFound>(await Store.AddUnitsAsync("razor-gold", 5, Ct));

        Assert.Empty(await ScanAsync());
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
