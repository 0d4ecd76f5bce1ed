using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Razors.Messaging;
using Razors.Messaging.Consumers;
using Razors.Subscription.Features.CancelSubscription;
using Razors.Subscription.Features.CreateSubscription;
using Razors.Subscription.Features.Saga;

namespace Razors.Subscription;

public static class SubscriptionServices
{
    /// <summary>
    /// The use cases and the saga's event handlers, and what they need, except the store: add an
    /// adapter such as <c>AddSubscriptionDynamoDb</c>. A host that registers its own
    /// <see cref="TimeProvider"/> or <see cref="IIdGenerator"/> first keeps it.
    /// </summary>
    public static IServiceCollection AddSubscription(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IIdGenerator, Version7IdGenerator>();
        services.AddProblemDetails();
        services.AddSingleton<CreateSubscriptionHandler>();
        services.AddSingleton<CancelSubscriptionHandler>();
        services.AddSingleton<SagaStep>();
        services.AddSingleton<StockAllocatedHandler>();
        services.AddSingleton<StockAllocationFailedHandler>();
        services.AddSingleton<PaymentCreatedHandler>();
        services.AddSingleton<PaymentCancelledHandler>();
        return services;
    }

    /// <summary>
    /// Routes the stock and payment events of the saga (<c>SubscriptionTopology.Consumes</c>) to
    /// their handlers, resolved from <paramref name="services"/> after <see cref="AddSubscription"/>.
    /// </summary>
    public static EventQueueFunction OnSubscriptionEvents(this EventQueueFunction function, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(services);
        return function
            .On(services.GetRequiredService<StockAllocatedHandler>())
            .On(services.GetRequiredService<StockAllocationFailedHandler>())
            .On(services.GetRequiredService<PaymentCreatedHandler>())
            .On(services.GetRequiredService<PaymentCancelledHandler>());
    }
}
