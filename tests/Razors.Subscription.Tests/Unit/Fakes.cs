using Razors.Messaging;
using Razors.Messaging.Outbox;
using Razors.Subscription.Domain;
using Razors.Subscription.Ports;

namespace Razors.Subscription.Tests.Unit;

/// <summary>Ids 00000000-0000-0000-0000-000000000001, …002, … in order.</summary>
public sealed class SequentialIds : IIdGenerator
{
    private int next;

    public Guid NewId() => Id(++next);

    public static Guid Id(int n) => Guid.Parse($"00000000-0000-0000-0000-{n:D12}");
}

/// <summary>
/// Keeps what a save would commit, with the same all-or-nothing conditions as the DynamoDB store
/// (an existing inbox marker first, then the version, then the idempotency key).
/// <see cref="RivalWrites"/> simulates another writer that changes the subscription right after
/// each of the next N loads.
/// </summary>
public sealed class InMemorySubscriptionStore : ISubscriptionStore
{
    private readonly Dictionary<Guid, SubscriptionState> subscriptions = [];
    private readonly Dictionary<string, IdempotencyRecord> idempotency = new(StringComparer.Ordinal);
    private readonly HashSet<Guid> inbox = [];

    public List<OutboxRecord> Outbox { get; } = [];

    public int RivalWrites { get; set; }

    /// <summary>A key another request is storing right now: a save under it fails, yet nothing can be read.</summary>
    public string? KeyInFlight { get; set; }

    /// <summary>Another request's create that commits just before the next save.</summary>
    public (SubscriptionState State, IdempotencyRecord Record)? RivalCreate { get; set; }

    public int Saves { get; private set; }

    public IReadOnlyCollection<SubscriptionState> Subscriptions => subscriptions.Values;

    /// <summary>The ids of the incoming events whose inbox markers were written.</summary>
    public IReadOnlyCollection<Guid> Inbox => inbox;

    public void Add(SubscriptionState state) => subscriptions[state.Id] = state;

    public Task<SubscriptionState?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var state = subscriptions.GetValueOrDefault(id);
        if (state is not null && RivalWrites > 0)
        {
            RivalWrites--;
            subscriptions[id] = state with { Version = state.Version + 1 };
        }

        return Task.FromResult(state);
    }

    public Task<IdempotencyRecord?> GetIdempotencyRecordAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult(idempotency.GetValueOrDefault(key));

    public Task<SaveResult> SaveAsync(SubscriptionChange change, CancellationToken cancellationToken)
    {
        if (RivalCreate is { } rival)
        {
            RivalCreate = null;
            subscriptions[rival.State.Id] = rival.State;
            idempotency[rival.Record.Key] = rival.Record;
        }

        if (change.Handled is { } handled && inbox.Contains(handled.EventId))
        {
            return Task.FromResult(SaveResult.AlreadyHandled);
        }

        var stored = subscriptions.GetValueOrDefault(change.State.Id);
        if ((stored?.Version ?? 0) != change.ExpectedVersion)
        {
            return Task.FromResult(SaveResult.Conflict);
        }

        if (change.Idempotency is { } record
            && (record.Key == KeyInFlight
                || (idempotency.TryGetValue(record.Key, out var existing) && existing.IsLiveAt(record.CreatedAt))))
        {
            return Task.FromResult(SaveResult.IdempotencyKeyTaken);
        }

        Saves++;
        subscriptions[change.State.Id] = change.State;
        Outbox.AddRange(change.Events);
        if (change.Idempotency is { } saved)
        {
            idempotency[saved.Key] = saved;
        }

        if (change.Handled is { } marker)
        {
            inbox.Add(marker.EventId);
        }

        return Task.FromResult(SaveResult.Saved);
    }

    public Task<SaveResult> MarkHandledAsync(HandledEvent handled, CancellationToken cancellationToken) =>
        Task.FromResult(inbox.Add(handled.EventId) ? SaveResult.Saved : SaveResult.AlreadyHandled);

    public IAsyncEnumerable<Guid> PendingCreatedBeforeAsync(DateTimeOffset createdBefore, CancellationToken cancellationToken) =>
        subscriptions.Values
            .Where(s => s.Status == SubscriptionStatus.Pending && s.CreatedAt < createdBefore)
            .Select(s => s.Id)
            .ToList()
            .ToAsyncEnumerable();
}
