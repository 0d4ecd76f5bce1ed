using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Razors.Contracts;
using Razors.Messaging;
using Razors.Messaging.Consumers;
using Razors.Messaging.Outbox;
using Razors.Payments.Features.CancelPayment;
using Razors.Payments.Features.CreatePayment;
using Razors.Payments.Features.RelayOutbox;
using Razors.Payments.Ports;
using Razors.Topology;

namespace Razors.Payments;

public static class PaymentsServices
{
    /// <summary>The service's own parts on the host: see <see cref="AddPayments(IServiceCollection)"/>; add a store adapter next (<c>AddPaymentsDocumentDb</c>, <c>AddPaymentsMongo</c> or <c>AddPaymentsSqlite</c>).</summary>
    public static IHostApplicationBuilder AddPayments(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddPayments();
        return builder;
    }

    /// <summary>
    /// The use cases, the event handlers and what they need, except the store: add an adapter
    /// such as <c>AddPaymentsSqlite</c> or <c>AddPaymentsMongo</c>. A host that registers its own
    /// <see cref="TimeProvider"/> or <see cref="IIdGenerator"/> first keeps it. The inbound queue's
    /// function is an <see cref="EventQueueFunction"/> with <see cref="OnPaymentsEvents"/>.
    /// </summary>
    public static IServiceCollection AddPayments(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IIdGenerator, Version7IdGenerator>();
        services.AddProblemDetails();
        services.AddSingleton<CancelPaymentHandler>();
        services.AddSingleton<SubscriptionCreatedHandler>();
        services.AddSingleton<IEventHandler<SubscriptionCreated>>(sp => sp.GetRequiredService<SubscriptionCreatedHandler>());
        services.AddSingleton<SubscriptionCancelledHandler>();
        services.AddSingleton<IEventHandler<SubscriptionCancelled>>(sp => sp.GetRequiredService<SubscriptionCancelledHandler>());
        return services;
    }

    /// <summary>
    /// Routes the events the service consumes (<see cref="PaymentsTopology.Consumes"/>, from which its
    /// rules are built too) to their handlers, resolved from <paramref name="services"/> after
    /// <see cref="AddPayments(IServiceCollection)"/>.
    /// </summary>
    public static EventQueueFunction OnPaymentsEvents(this EventQueueFunction function, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(services);
        return function.OnEach(
            PaymentsTopology.Consumes,
            services.GetRequiredService<IEventHandler<SubscriptionCreated>>(),
            services.GetRequiredService<IEventHandler<SubscriptionCancelled>>());
    }

    /// <summary>
    /// The change-stream worker. Needs the store adapter's <see cref="IOutboxChanges"/>,
    /// <see cref="IPendingOutbox"/> and <see cref="IResumeTokenStore"/>, and the host's
    /// <see cref="IOutboxQueue"/> and <see cref="IDeadLetterQueue"/> (the outbox DLQ); the host runs
    /// <see cref="OutboxChangeWorker.RunAsync"/> (the local host beside its event-source mappings).
    /// </summary>
    public static IServiceCollection AddPaymentsOutboxWorker(this IServiceCollection services, OutboxChangeWorkerOptions? options = null)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options ?? new OutboxChangeWorkerOptions());
        services.AddSingleton<OutboxChangeWorker>();
        return services;
    }
}
