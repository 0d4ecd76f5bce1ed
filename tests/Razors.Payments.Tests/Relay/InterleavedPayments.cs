using Razors.Messaging.Outbox;
using Razors.Payments.Domain;
using Razors.Payments.Ports;

namespace Razors.Payments.Tests.Relay;

/// <summary>
/// Several payments whose events interleave in the outbox: each round commits one change to every
/// payment in turn (first its creation, then a change a version later), each with one outbox record.
/// </summary>
internal sealed class InterleavedPayments(int count)
{
    private readonly Payment[] latest = [.. Enumerable.Range(0, count).Select(_ => Samples.Payment())];
    private readonly List<OutboxRecord> committed = [];
    private bool created;

    /// <summary>Every outbox record committed so far, in commit order.</summary>
    public IReadOnlyList<OutboxRecord> Committed => committed;

    public async Task CommitRoundAsync(IPaymentStore store)
    {
        for (var i = 0; i < latest.Length; i++)
        {
            var change = created ? Samples.Cancellation(latest[i]) : Samples.Creation(latest[i]);
            Assert.Equal(SaveResult.Saved, await store.SaveAsync(change, TestContext.Current.CancellationToken));
            latest[i] = change.After;
            committed.AddRange(change.Outbox);
        }

        created = true;
    }
}

internal static class BusAssert
{
    /// <summary>Every committed record is on the bus exactly once, and each payment's events are in commit order.</summary>
    public static void EachOnceInPaymentOrder(IReadOnlyList<OutboxRecord> committed, IReadOnlyList<PutEvent> accepted)
    {
        Assert.Equal(committed.Select(r => r.EventId).Order(), accepted.Select(e => e.EventId).Order());
        foreach (var payment in committed.GroupBy(r => r.AggregateId))
        {
            Assert.Equal(payment.Select(r => r.EventId), accepted.Where(e => e.PaymentId == payment.Key).Select(e => e.EventId));
        }
    }
}
