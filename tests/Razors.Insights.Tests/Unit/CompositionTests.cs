using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Razors.Insights.Ports;
using Razors.Messaging.Consumers;
using Razors.Topology;

namespace Razors.Insights.Tests.Unit;

public sealed class when_the_insights_service_is_composed
{
    [Fact]
    public void its_inbound_function_handles_exactly_the_events_its_rules_deliver()
    {
        using var services = new ServiceCollection().AddInsights().AddSingleton<IInsightsStore, InMemoryInsightsStore>().BuildServiceProvider();

        var function = new EventQueueFunction(NullLogger<EventQueueFunction>.Instance).OnInsightsEvents(services);

        Assert.Equal(InsightsTopology.Consumes.Select(t => t.DetailType).Order(StringComparer.Ordinal), function.DetailTypes.Order(StringComparer.Ordinal));
    }
}
