using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Razors.Insights.Features;
using Razors.Insights.Features.CountSubscriptions;
using Razors.Insights.Features.Rebuild;
using Razors.Messaging.Consumers;
using Razors.Topology;

namespace Razors.Insights;

public static class InsightsServices
{
    /// <summary>The service's own parts on the host: see <see cref="AddInsights(IServiceCollection)"/>; add a store adapter next (<c>AddInsightsDynamoDb</c>).</summary>
    public static IHostApplicationBuilder AddInsights(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddInsights();
        return builder;
    }

    /// <summary>
    /// The event handlers, the rebuild check and what they need, except the store: add an adapter
    /// such as <c>AddInsightsDynamoDb</c>. A host that registers its own <see cref="TimeProvider"/>
    /// or <see cref="ConflictRetry"/> first keeps it.
    /// </summary>
    public static IServiceCollection AddInsights(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(ConflictRetry.Default);
        services.AddProblemDetails();
        services.AddSingleton<SubscriptionCounting>();
        services.AddSingleton<SubscriptionCreatedHandler>();
        services.AddSingleton<SubscriptionActivatedHandler>();
        services.AddSingleton<SubscriptionCancelledHandler>();
        services.AddSingleton<LeaderboardCheck>();
        return services;
    }

    /// <summary>
    /// Routes the events the service consumes (<see cref="InsightsTopology.Consumes"/>, from which
    /// its rules are built too) to their handlers, resolved from <paramref name="services"/> after
    /// <see cref="AddInsights(IServiceCollection)"/>.
    /// </summary>
    public static EventQueueFunction OnInsightsEvents(this EventQueueFunction function, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(services);
        return function.OnEach(
            InsightsTopology.Consumes,
            services.GetRequiredService<SubscriptionCreatedHandler>(),
            services.GetRequiredService<SubscriptionActivatedHandler>(),
            services.GetRequiredService<SubscriptionCancelledHandler>());
    }
}
