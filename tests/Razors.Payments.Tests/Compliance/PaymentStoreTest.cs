using Razors.Messaging.Outbox;
using Razors.Payments.Ports;
using Razors.Payments.Tests.Backends;

namespace Razors.Payments.Tests.Compliance;

/// <summary>
/// The payments store compliance suite: every scenario is an abstract class with one concrete
/// subclass per implementation (<c>in_the_embedded_store</c>, <c>on_mongodb</c>), so both pass the same tests.
/// </summary>
public abstract class PaymentStoreTest(Implementation implementation) : IAsyncLifetime
{
    private IPaymentsBackend? opened;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected IPaymentsBackend Backend => opened ?? throw new InvalidOperationException("The backend is not open yet.");

    protected IPaymentStore Store => Backend.Store;

    public async ValueTask InitializeAsync() => opened = await Backends.Backends.OpenAsync(implementation, Ct);

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (opened is not null)
        {
            await opened.DisposeAsync();
        }
    }

    protected async Task SaveAsync(PaymentChange change) => Assert.Equal(SaveResult.Saved, await Store.SaveAsync(change, Ct));

    /// <summary>The first <paramref name="count"/> changes after <paramref name="resumeAfter"/>, waiting for them as a watcher would.</summary>
    protected Task<List<OutboxChange>> TakeAsync(int count, string? resumeAfter) => Watcher.TakeAsync(Backend.Changes, count, resumeAfter, Ct);

    protected static Guid[] EventIds(IEnumerable<OutboxChange> changes) => [.. changes.Select(c => c.Document.Record!.EventId)];

    protected static Guid[] EventIds(params PaymentChange[] changes) => [.. changes.SelectMany(c => c.Outbox).Select(r => r.EventId)];

    protected static OutboxRecord[] Records(params PaymentChange[] changes) => [.. changes.SelectMany(c => c.Outbox)];
}
