using Razors.Contracts;

namespace Razors.Messaging.Consumers;

/// <summary>
/// Handles one integration event. The same handler runs behind the local queue mapping and behind
/// a Lambda entry point. It must be idempotent: write an inbox marker on
/// <c>envelope.Metadata.EventId</c> in the same transaction as its effect, and treat "already
/// handled" as success.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "An integration-event handler, not a .NET event delegate.")]
public interface IEventHandler<T>
    where T : class
{
    Task HandleAsync(EventEnvelope<T> envelope, CancellationToken cancellationToken);
}
