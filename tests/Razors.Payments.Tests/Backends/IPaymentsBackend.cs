using Razors.Payments.Ports;

namespace Razors.Payments.Tests.Backends;

/// <summary>One implementation of the payments store under test, on a fresh, empty database.</summary>
public interface IPaymentsBackend : IAsyncDisposable
{
    IPaymentStore Store { get; }

    IOutboxChanges Changes { get; }

    IResumeTokenStore ResumeTokens { get; }

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
