using Amazon.DynamoDBv2.Model;
using Razors.Customers.Domain;
using Razors.Customers.Features.Register;
using Razors.Customers.Ports;
using Razors.Testing;

namespace Razors.Customers.Tests.Store;

public sealed class when_the_region_replica_is_written_and_read(DynamoDbLocalFixture dynamo)
{
    private static RegionEntry Entry(string city, int n, long version = 1, string state = "West Yorkshire") =>
        new(state, city, new Guid(n, 0, 0, new byte[8]), $"Person {n}", $"p{n}@example.com", version);

    [Fact]
    public async Task a_write_never_replaces_a_newer_version_and_a_tombstone_keeps_an_older_image_out()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await CustomersStoreHost.StartAsync(dynamo, ct);
        var v1 = Entry("Leeds", 1);

        Assert.True(await host.Regions.ApplyAsync(v1, ct));
        Assert.False(await host.Regions.ApplyAsync(v1, ct));
        Assert.True(await host.Regions.ApplyAsync(v1 with { Name = "Renamed", Version = 3 }, ct));
        Assert.False(await host.Regions.ApplyAsync(v1 with { Version = 2 }, ct));
        Assert.Equal("Renamed", Assert.Single((await host.Regions.ListAsync("West Yorkshire", null, 10, null, ct)).Items).Name);

        Assert.True(await host.Regions.ApplyAsync(v1 with { Version = 4, Removed = true }, ct));
        Assert.False(await host.Regions.ApplyAsync(v1 with { Version = 3 }, ct));
        Assert.Empty((await host.Regions.ListAsync("West Yorkshire", null, 10, null, ct)).Items);

        var tombstone = (await dynamo.Client.ScanAsync(new ScanRequest { TableName = host.RegionTable }, ct)).Items.Single();
        Assert.True(tombstone.ContainsKey("expiresAt"));
        Assert.False(tombstone.ContainsKey("postcode"));
    }

    [Fact]
    public async Task a_state_is_read_page_by_page_in_city_order_and_a_city_alone_when_asked()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await CustomersStoreHost.StartAsync(dynamo, ct);
        foreach (var entry in new[] { Entry("Leeds", 1), Entry("Bradford", 2), Entry("Leeds", 3), Entry("Wakefield", 4), Entry("Leeds", 5), Entry("Leeds", 6, state: "Lothian") })
        {
            await host.Regions.ApplyAsync(entry, ct);
        }

        await host.Regions.ApplyAsync(Entry("Leeds", 3, version: 2) with { Removed = true }, ct);

        var seen = new List<RegionEntry>();
        string? cursor = null;
        do
        {
            // A page holds at most the limit; as with any DynamoDB query, the last may be empty.
            var page = await host.Regions.ListAsync("West Yorkshire", null, 2, cursor, ct);
            Assert.InRange(page.Items.Count, 0, 2);
            seen.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(["Bradford", "Leeds", "Leeds", "Wakefield"], seen.Select(e => e.City));
        Assert.Equal([1, 5], (await host.Regions.ListAsync("West Yorkshire", "Leeds", 10, null, ct)).Items.Select(e => e.CustomerId.ToByteArray()[0]).Select(b => (int)b));
        Assert.Empty((await host.Regions.ListAsync("West Yorkshire", "Lee", 10, null, ct)).Items);
    }

    [Theory]
    [InlineData("not-a-cursor")]
    [InlineData("eyJzIjoiTG90aGlhbiIsImMiOiJMZWVkcyMxIn0")]
    public async Task a_cursor_it_did_not_write_for_the_query_is_refused(string cursor)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await CustomersStoreHost.StartAsync(dynamo, ct);

        var e = await Assert.ThrowsAsync<ArgumentException>(() => host.Regions.ListAsync("West Yorkshire", null, 10, cursor, ct));

        Assert.Equal("cursor", e.ParamName);
    }

    [Fact]
    public async Task the_check_finds_every_difference_and_the_backfill_repairs_them()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await CustomersStoreHost.StartAsync(dynamo, ct);
        var customers = new List<Customer>();
        foreach (var n in Enumerable.Range(1, 3))
        {
            var details = new CustomerDetails($"Person {n}", $"p{n}@example.com", "Lothian", "Edinburgh", "EH1 1YZ");
            customers.Add(Assert.IsType<RegistrationResult.Registered>(await host.Registration.RegisterAsync(details, null, ct)).Customer);
        }

        await host.Regions.ApplyAsync(Features.Replica.RegionReplica.EntryOf(customers[0]), ct);
        await host.Regions.ApplyAsync(Features.Replica.RegionReplica.EntryOf(customers[1]) with { Name = "Stale" }, ct);
        var gone = Entry("Leith", 9, state: "Lothian");
        await host.Regions.ApplyAsync(gone, ct);

        var check = await host.Replica.CheckAsync(ct);
        Assert.False(check.InSync);
        Assert.Equal([customers[2].Id], check.Missing);
        Assert.Equal([customers[1].Id], check.Different);
        Assert.Equal([gone.CustomerId], check.Extra);

        // The stale entry is at the customer's version: a backfill never overwrites an entry at the same or a later version.
        await dynamo.Client.DeleteItemAsync(
            new DeleteItemRequest
            {
                TableName = host.RegionTable,
                Key = new() { ["state"] = new() { S = "Lothian" }, ["cityAndId"] = new() { S = $"Edinburgh#{customers[1].Id:D}" } },
            },
            ct);
        var backfill = await host.Replica.BackfillAsync(progress: null, ct);

        Assert.Equal((3, 2, 1), (backfill.Read, backfill.Written, backfill.Removed));
        Assert.True((await host.Replica.CheckAsync(ct)).InSync);
        Assert.Equal(3, (await host.Regions.ListAsync("Lothian", null, 10, null, ct)).Items.Count);
    }
}
