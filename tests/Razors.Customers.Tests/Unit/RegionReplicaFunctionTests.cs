using Razors.Customers.Aws;
using Razors.Customers.Ports;
using Razors.Lambda.Events;

namespace Razors.Customers.Tests.Unit;

public sealed class when_the_replica_reads_a_customer_stream_record
{
    private static readonly Guid Id = Guid.Parse("0193a5f0-7b00-7d11-8e22-3f33a44b5c03");

    private static Dictionary<string, AttributeValue> Image(string state = "Greater London", string city = "London", long version = 1) => new()
    {
        ["pk"] = new() { S = $"CUSTOMER#{Id:D}" },
        ["sk"] = new() { S = "CUSTOMER" },
        ["kind"] = new() { S = "customer" },
        ["id"] = new() { S = Id.ToString("D") },
        ["name"] = new() { S = "Ada Lovelace" },
        ["email"] = new() { S = "ada@example.com" },
        ["state"] = new() { S = state },
        ["city"] = new() { S = city },
        ["postcode"] = new() { S = "SW1A 1AA" },
        ["version"] = new() { N = version.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        ["registeredAt"] = new() { S = "2026-12-04T09:00:00.0000000+00:00" },
    };

    private static DynamodbStreamRecord Record(string eventName, Dictionary<string, AttributeValue>? newImage, Dictionary<string, AttributeValue>? oldImage) => new()
    {
        EventName = eventName,
        Dynamodb = new StreamRecord
        {
            Keys = new() { ["pk"] = new() { S = $"CUSTOMER#{Id:D}" }, ["sk"] = new() { S = "CUSTOMER" } },
            NewImage = newImage,
            OldImage = oldImage,
            SequenceNumber = "100",
        },
    };

    [Fact]
    public void an_insert_writes_the_entry_without_the_postcode()
    {
        var change = Assert.Single(RegionReplicaFunction.Changes(Record("INSERT", Image(), null), out var problem)!);

        Assert.Null(problem);
        Assert.Equal(new RegionEntry("Greater London", "London", Id, "Ada Lovelace", "ada@example.com", 1), change);
    }

    [Fact]
    public void a_move_to_another_region_leaves_a_tombstone_at_the_old_one_at_the_new_version()
    {
        var changes = RegionReplicaFunction.Changes(Record("MODIFY", Image("West Yorkshire", "Leeds", 2), Image()), out _)!;

        Assert.Equal(2, changes.Count);
        Assert.Equal(("Greater London", "London", 2L, true), (changes[0].State, changes[0].City, changes[0].Version, changes[0].Removed));
        Assert.Equal(("West Yorkshire", "Leeds", 2L, false), (changes[1].State, changes[1].City, changes[1].Version, changes[1].Removed));
    }

    [Fact]
    public void a_remove_is_a_tombstone_one_version_past_the_old_image()
    {
        var change = Assert.Single(RegionReplicaFunction.Changes(Record("REMOVE", null, Image(version: 3)), out _)!);

        Assert.Equal((4L, true), (change.Version, change.Removed));
    }

    [Fact]
    public void an_unreadable_image_is_a_problem_to_dead_letter_and_another_item_is_nothing()
    {
        var broken = Image();
        broken.Remove("email");

        Assert.Null(RegionReplicaFunction.Changes(Record("INSERT", broken, null), out var problem));
        Assert.Contains("'email'", problem, StringComparison.Ordinal);
        Assert.Null(RegionReplicaFunction.Changes(Record("INSERT", null, null), out problem));
        Assert.Contains("NEW_AND_OLD_IMAGES", problem, StringComparison.Ordinal);

        var other = Record("INSERT", Image(), null);
        other.Dynamodb!.Keys!["sk"] = new() { S = "EMAIL" };
        Assert.Null(RegionReplicaFunction.Changes(other, out problem));
        Assert.Null(problem);
    }
}
