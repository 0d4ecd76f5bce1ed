using Razors.Contracts;
using Razors.Messaging.Consumers;

namespace Razors.Insights.Features.CountSubscriptions;

/// <summary>A cancellation, whatever its reason: the subscription stops counting for good (<see cref="SubscriptionCounting"/>).</summary>
public sealed class SubscriptionCancelledHandler(SubscriptionCounting counting) : IEventHandler<SubscriptionCancelled>
{
    public Task HandleAsync(EventEnvelope<SubscriptionCancelled> envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        return counting.CountAsync(LeaderboardRules.FactOf(envelope), envelope.Metadata, cancellationToken);
    }
}
