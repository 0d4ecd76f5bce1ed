using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Razors.Messaging;
using Razors.Messaging.Consumers;
using Razors.Stock.Domain;
using Razors.Stock.Features;
using Razors.Stock.Features.AllocateStock;
using Razors.Stock.Features.DeallocateStock;
using Razors.Stock.Ports;
using Razors.Topology;

namespace Razors.Stock;

public static class StockServices
{
    /// <summary>The service's own parts on the host: see <see cref="AddStock(IServiceCollection)"/>; add a store adapter next (<c>AddStockDynamoDb</c>).</summary>
    public static IHostApplicationBuilder AddStock(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddStock();
        return builder;
    }

    /// <summary>
    /// The event handlers and what they need, except the store: add an adapter such as
    /// <c>AddStockDynamoDb</c>. A host that registers its own <see cref="TimeProvider"/>,
    /// <see cref="IIdGenerator"/> or <see cref="ConflictRetry"/> first keeps it.
    /// </summary>
    public static IServiceCollection AddStock(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IIdGenerator, Version7IdGenerator>();
        services.TryAddSingleton(ConflictRetry.Default);
        services.AddProblemDetails();
        services.AddSingleton<StockDeallocation>();
        services.AddSingleton<SubscriptionCreatedHandler>();
        services.AddSingleton<SubscriptionCancelledHandler>();
        services.AddSingleton<PaymentCancelledHandler>();
        return services;
    }

    /// <summary>
    /// Routes the events the service consumes (<see cref="StockTopology.Consumes"/>, from which its
    /// rules are built too) to their handlers, resolved from <paramref name="services"/> after
    /// <see cref="AddStock(IServiceCollection)"/>.
    /// </summary>
    public static EventQueueFunction OnStockEvents(this EventQueueFunction function, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(services);
        return function.OnEach(
            StockTopology.Consumes,
            services.GetRequiredService<SubscriptionCreatedHandler>(),
            services.GetRequiredService<SubscriptionCancelledHandler>(),
            services.GetRequiredService<PaymentCancelledHandler>());
    }

    /// <summary>
    /// Adds the <see cref="Catalogue"/> products the store lacks; products already there keep
    /// their units. Call once at start, after the table exists. Returns the products added.
    /// </summary>
    public static Task<IReadOnlyList<ProductStock>> SeedStockCatalogueAsync(this IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<IStockStore>().SeedAsync(Catalogue.Seed, cancellationToken);
}
