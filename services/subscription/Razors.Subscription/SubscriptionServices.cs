using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Razors.Messaging;
using Razors.Messaging.Consumers;
using Razors.Subscription.Features.CancelSubscription;
using Razors.Subscription.Features.CreateSubscription;
using Razors.Subscription.Features.Saga;
using Razors.Topology;

namespace Razors.Subscription;

public static class SubscriptionServices
{
    /// <summary>The service's own parts on the host: see <see cref="AddSubscription(IServiceCollection)"/>; add a store adapter next (<c>AddSubscriptionDynamoDb</c>).</summary>
    public static IHostApplicationBuilder AddSubscription(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSubscription();
        return builder;
    }

    /// <summary>
    /// The use cases and the saga's event handlers, and what they need, except the store: add an
    /// adapter such as <c>AddSubscriptionDynamoDb</c>. A host that registers its own
    /// <see cref="TimeProvider"/>, <see cref="IIdGenerator"/> or <see cref="SagaDeadlineOptions"/> first keeps it.
    /// </summary>
    public static IServiceCollection AddSubscription(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IIdGenerator, Version7IdGenerator>();
        services.AddProblemDetails();
        services.AddSingleton<CreateSubscriptionHandler>();
        services.AddSingleton<CancelSubscriptionHandler>();
        services.AddSingleton<SagaStep>();
        services.TryAddSingleton(new SagaDeadlineOptions());
        services.AddSingleton<SagaDeadline>();
        services.AddSingleton<StockAllocatedHandler>();
        services.AddSingleton<StockAllocationFailedHandler>();
        services.AddSingleton<PaymentCreatedHandler>();
        services.AddSingleton<PaymentCancelledHandler>();
        return services;
    }

    /// <summary>
    /// Routes the events the service consumes (<see cref="SubscriptionTopology.Consumes"/>, from which its
    /// rules are built too) to their handlers, resolved from <paramref name="services"/> after
    /// <see cref="AddSubscription(IServiceCollection)"/>.
    /// </summary>
    public static EventQueueFunction OnSubscriptionEvents(this EventQueueFunction function, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(services);
        return function.OnEach(
            SubscriptionTopology.Consumes,
            services.GetRequiredService<StockAllocatedHandler>(),
            services.GetRequiredService<StockAllocationFailedHandler>(),
            services.GetRequiredService<PaymentCreatedHandler>(),
            services.GetRequiredService<PaymentCancelledHandler>());
    }
}
