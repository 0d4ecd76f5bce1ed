using Razors.Contracts;
using Razors.Messaging.Consumers;

namespace Razors.Insights.Features.CountSubscriptions;

/// <summary>
/// An activation, dated by its <c>metadata.occurredAt</c> (UTC month): the subscription counts on
/// <c>all-time</c> and that month's board once its product is known (<see cref="SubscriptionCounting"/>).
/// </summary>
public sealed class SubscriptionActivatedHandler(SubscriptionCounting counting) : IEventHandler<SubscriptionActivated>
{
    public Task HandleAsync(EventEnvelope<SubscriptionActivated> envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        return counting.CountAsync(LeaderboardRules.FactOf(envelope), envelope.Metadata, cancellationToken);
    }
}
