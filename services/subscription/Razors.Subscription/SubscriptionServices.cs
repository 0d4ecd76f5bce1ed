using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Razors.Subscription.Features;
using Razors.Subscription.Features.CancelSubscription;
using Razors.Subscription.Features.CreateSubscription;
using Razors.Subscription.Ports;

namespace Razors.Subscription;

public static class SubscriptionServices
{
    /// <summary>
    /// The use cases and what they need, except the store: add an adapter such as
    /// <c>AddSubscriptionDynamoDb</c>. A host that registers its own <see cref="TimeProvider"/>
    /// or <see cref="IIdGenerator"/> first keeps it.
    /// </summary>
    public static IServiceCollection AddSubscription(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IIdGenerator, Version7IdGenerator>();
        services.AddProblemDetails();
        services.AddSingleton<SubscriptionEvents>();
        services.AddSingleton<CreateSubscriptionHandler>();
        services.AddSingleton<CancelSubscriptionHandler>();
        return services;
    }
}
