using Razors.Customers.Domain;
using Razors.Customers.Ports;

namespace Razors.Customers.Features.Replica;

/// <summary>
/// The region replica as a whole: what an entry of a customer is, a backfill that writes every
/// customer of the source table into the replica (never over a newer entry) and removes entries
/// whose customer is gone, and a check that reports every difference between the two.
/// </summary>
public sealed class RegionReplica(ICustomerStore store, IRegionDirectory directory)
{
    /// <summary>The replica's entry of <paramref name="customer"/>: its region, name and address, not its postcode.</summary>
    public static RegionEntry EntryOf(Customer customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        var d = customer.Details;
        return new RegionEntry(d.State, d.City, customer.Id, d.Name, d.Email, customer.Version);
    }

    /// <summary>A tombstone of <paramref name="entry"/> at <paramref name="version"/>: a removal that an older image cannot undo.</summary>
    public static RegionEntry Removal(RegionEntry entry, long version)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry with { Version = version, Removed = true };
    }

    public async Task<BackfillResult> BackfillAsync(IProgress<int>? progress, CancellationToken cancellationToken)
    {
        int read = 0, written = 0, removed = 0;
        await foreach (var customer in store.ScanAsync(cancellationToken))
        {
            read++;
            if (await directory.ApplyAsync(EntryOf(customer), cancellationToken))
            {
                written++;
            }

            progress?.Report(read);
        }

        await foreach (var entry in directory.ScanAsync(cancellationToken))
        {
            if (!entry.Removed && await store.GetAsync(entry.CustomerId, cancellationToken) is null
                && await directory.ApplyAsync(Removal(entry, entry.Version + 1), cancellationToken))
            {
                removed++;
            }
        }

        return new BackfillResult(read, written, removed);
    }

    public async Task<ReplicaCheck> CheckAsync(CancellationToken cancellationToken)
    {
        var source = new Dictionary<Guid, RegionEntry>();
        await foreach (var customer in store.ScanAsync(cancellationToken))
        {
            source[customer.Id] = EntryOf(customer);
        }

        // A customer whose region changed leaves a tombstone at its old key: the live entry counts.
        var replica = new Dictionary<Guid, RegionEntry>();
        await foreach (var entry in directory.ScanAsync(cancellationToken))
        {
            if (!entry.Removed)
            {
                replica[entry.CustomerId] = entry;
            }
        }

        var missing = source.Keys.Where(id => !replica.ContainsKey(id)).Order().ToList();
        var different = source.Where(s => replica.TryGetValue(s.Key, out var r) && r != s.Value).Select(s => s.Key).Order().ToList();
        var extra = replica.Keys.Where(id => !source.ContainsKey(id)).Order().ToList();
        return new ReplicaCheck(source.Count, replica.Count, missing, different, extra);
    }
}

/// <summary>What a backfill did: customers read, entries written (the others were current), entries of gone customers removed.</summary>
public sealed record BackfillResult(int Read, int Written, int Removed);

/// <summary>The differences between the customers table and the replica, by customer id.</summary>
public sealed record ReplicaCheck(int SourceCount, int ReplicaCount, IReadOnlyList<Guid> Missing, IReadOnlyList<Guid> Different, IReadOnlyList<Guid> Extra)
{
    public bool InSync => Missing.Count == 0 && Different.Count == 0 && Extra.Count == 0;
}
