using Razors.Customers.Domain;
using Razors.Messaging.Outbox;

namespace Razors.Customers.Ports;

/// <summary>
/// Where customers, their email guards, idempotency records, imports and import rows, outbox
/// records and inbox markers live: one table, so a registration is one atomic write.
/// </summary>
public interface ICustomerStore
{
    /// <summary>The customer with this id, read consistently, or null.</summary>
    Task<Customer?> GetAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The customer registered with this address (compared by <see cref="EmailAddresses.Key"/>), or null.</summary>
    Task<Customer?> FindByEmailAsync(string email, CancellationToken cancellationToken);

    /// <summary>The record of an earlier registration with this idempotency key, or null.</summary>
    Task<IdempotencyRecord?> GetIdempotencyRecordAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the customer, the guard of its address, its <c>CustomerRegistered</c> outbox record
    /// and, as the registration says, its idempotency record or its import row's outcome: all of
    /// them or none.
    /// </summary>
    Task<RegistrationWrite> RegisterAsync(Registration registration, CancellationToken cancellationToken);

    /// <summary>Records a rejected import row; false when the row has an outcome already (nothing is written then).</summary>
    Task<bool> RecordRejectionAsync(ImportRowRef row, ImportRejection rejection, CancellationToken cancellationToken);

    /// <summary>The import with this id, or null.</summary>
    Task<ImportRecord?> GetImportAsync(string importId, CancellationToken cancellationToken);

    /// <summary>Adds the import; false when one with its id exists (nothing is written then).</summary>
    Task<bool> AddImportAsync(ImportRecord import, CancellationToken cancellationToken);

    /// <summary>The import with the outcome of every row handled so far, or null when there is no such import.</summary>
    Task<ImportReport?> GetImportReportAsync(string importId, CancellationToken cancellationToken);

    /// <summary>Every customer, in no order (a full read of the table: for the replica's backfill and check).</summary>
    IAsyncEnumerable<Customer> ScanAsync(CancellationToken cancellationToken);
}

/// <summary>One registration: the new customer and its event, and what makes it happen once.</summary>
public sealed record Registration(Customer Customer, OutboxRecord Event)
{
    /// <summary>Stored with a <c>POST /customers</c> that carried an <c>Idempotency-Key</c>.</summary>
    public IdempotencyRecord? Idempotency { get; init; }

    /// <summary>The import row the registration is the outcome of; the row's outcome is written with it, once.</summary>
    public ImportRowRef? Row { get; init; }
}

/// <summary>What a registration wrote, or why it wrote nothing.</summary>
public enum RegistrationWrite
{
    Saved,

    /// <summary>Another customer holds the address (or is being registered with it at this moment).</summary>
    EmailTaken,

    /// <summary>Another request stored a live record under the same idempotency key first, or is storing one now.</summary>
    IdempotencyKeyTaken,

    /// <summary>The import row has an outcome already: an earlier delivery of it was handled.</summary>
    RowDone,

    /// <summary>Another transaction was writing one of the items (the address, the key, the row) at that moment: nothing was written; try again.</summary>
    Conflict,
}

/// <summary>
/// Remembers which customer a registration with an <c>Idempotency-Key</c> made, and a hash of the
/// request, so a retry gets the same customer and a different request under the key is refused.
/// </summary>
public sealed record IdempotencyRecord(string Key, string RequestHash, Guid CustomerId, DateTimeOffset CreatedAt)
{
    /// <summary>How long a key is remembered; long enough for any client's retries.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    public DateTimeOffset ExpiresAt => CreatedAt + Retention;

    /// <summary>Expired records count as absent even before TTL removes them (TTL deletes within days, not at the second).</summary>
    public bool IsLiveAt(DateTimeOffset now) => now < ExpiresAt;
}
