using Razors.Payments.Ports;

namespace Razors.Payments.Tests.Backends;

/// <summary>One implementation of the payments store under test, on a fresh, empty database.</summary>
public interface IPaymentsBackend : IAsyncDisposable
{
    IPaymentStore Store { get; }

    IOutboxChanges Changes { get; }

    IResumeTokenStore ResumeTokens { get; }

    IPendingOutbox Pending { get; }

    /// <summary>The clock the pending set stamps and expires by; it starts at <see cref="Samples.Now"/>.</summary>
    Microsoft.Extensions.Time.Testing.FakeTimeProvider Clock { get; }

    /// <summary>Writes an outbox document for <paramref name="paymentId"/> that is not a record, past the port, as a bug or a hand edit would.</summary>
    Task<string> InsertUnreadableAsync(string paymentId, CancellationToken cancellationToken);

    /// <summary>
    /// Makes the stream's history start after everything committed so far, as its retention would:
    /// the embedded log is trimmed; on MongoDB the store's origin is moved before the oplog's start.
    /// </summary>
    Task LoseHistoryAsync(CancellationToken cancellationToken);

    /// <summary>What the collections hold, read past the port, so a test sees what a rolled-back save left behind.</summary>
    Task<StoredCounts> CountAsync(CancellationToken cancellationToken);
}

public sealed record StoredCounts(long Payments, long Outbox, long Inbox);

public enum Implementation
{
    Sqlite,
    MongoDb,
}

public static class Backends
{
    public static Task<IPaymentsBackend> OpenAsync(Implementation implementation, CancellationToken cancellationToken) => implementation switch
    {
        Implementation.Sqlite => Task.FromResult<IPaymentsBackend>(SqliteBackend.Open(dataDirectory: null)),
        Implementation.MongoDb => MongoBackend.OpenAsync(cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(implementation), implementation, null),
    };
}
