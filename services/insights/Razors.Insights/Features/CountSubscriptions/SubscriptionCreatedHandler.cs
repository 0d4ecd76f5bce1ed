using Razors.Contracts;
using Razors.Messaging.Consumers;

namespace Razors.Insights.Features.CountSubscriptions;

/// <summary>A new subscription's product: it counts once its activation has arrived too (<see cref="SubscriptionCounting"/>).</summary>
public sealed class SubscriptionCreatedHandler(SubscriptionCounting counting) : IEventHandler<SubscriptionCreated>
{
    public Task HandleAsync(EventEnvelope<SubscriptionCreated> envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        return counting.CountAsync(LeaderboardRules.FactOf(envelope), envelope.Metadata, cancellationToken);
    }
}
