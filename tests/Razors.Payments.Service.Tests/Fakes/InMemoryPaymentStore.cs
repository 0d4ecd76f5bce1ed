using Razors.Messaging.Outbox;
using Razors.Payments.Domain;
using Razors.Payments.Ports;

namespace Razors.Payments.Service.Tests.Fakes;

/// <summary>
/// The store port in memory, with the semantics the adapters promise: one atomic write, inserts
/// refused for a taken payment id or subscription, replaces conditional on the version, the inbox
/// checked first.
/// </summary>
internal sealed class InMemoryPaymentStore : IPaymentStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<Guid, Payment> payments = [];
    private readonly List<OutboxRecord> outbox = [];
    private readonly HashSet<Guid> inbox = [];

    /// <summary>Runs after every load, with the payment loaded: a test's rival writer.</summary>
    public Func<Payment?, Task>? AfterLoad { get; set; }

    /// <summary>Saves that wrote something.</summary>
    public int Writes { get; private set; }

    public IReadOnlyList<Payment> Payments
    {
        get
        {
            lock (gate)
            {
                return [.. payments.Values];
            }
        }
    }

    public IReadOnlyList<OutboxRecord> Outbox
    {
        get
        {
            lock (gate)
            {
                return [.. outbox];
            }
        }
    }

    public bool Handled(Guid eventId)
    {
        lock (gate)
        {
            return inbox.Contains(eventId);
        }
    }

    /// <summary>Stores a payment directly, as an earlier write would have.</summary>
    public void Put(Payment payment)
    {
        lock (gate)
        {
            payments[payment.PaymentId] = payment;
        }
    }

    public async Task<Payment?> GetAsync(Guid paymentId, CancellationToken cancellationToken)
    {
        Payment? payment;
        lock (gate)
        {
            payment = payments.GetValueOrDefault(paymentId);
        }

        await LoadedAsync(payment);
        return payment;
    }

    public async Task<Payment?> FindBySubscriptionAsync(Guid subscriptionId, CancellationToken cancellationToken)
    {
        Payment? payment;
        lock (gate)
        {
            payment = payments.Values.SingleOrDefault(p => p.SubscriptionId == subscriptionId);
        }

        await LoadedAsync(payment);
        return payment;
    }

    public Task<bool> HasHandledAsync(Guid eventId, CancellationToken cancellationToken) => Task.FromResult(Handled(eventId));

    public Task MarkHandledAsync(Guid eventId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            inbox.Add(eventId);
        }

        return Task.CompletedTask;
    }

    public Task<SaveResult> SaveAsync(PaymentChange change, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (change.HandledEventId is { } handled && inbox.Contains(handled))
            {
                return Task.FromResult(SaveResult.AlreadyHandled);
            }

            var after = change.After;
            var conflict = change.ExpectedVersion == 0
                ? payments.ContainsKey(after.PaymentId) || payments.Values.Any(p => p.SubscriptionId == after.SubscriptionId)
                : !payments.TryGetValue(after.PaymentId, out var stored) || stored.Version != change.ExpectedVersion;
            if (conflict)
            {
                return Task.FromResult(SaveResult.Conflict);
            }

            payments[after.PaymentId] = after;
            outbox.AddRange(change.Outbox);
            if (change.HandledEventId is { } eventId)
            {
                inbox.Add(eventId);
            }

            Writes++;
            return Task.FromResult(SaveResult.Saved);
        }
    }

    private Task LoadedAsync(Payment? payment) => AfterLoad?.Invoke(payment) ?? Task.CompletedTask;
}
