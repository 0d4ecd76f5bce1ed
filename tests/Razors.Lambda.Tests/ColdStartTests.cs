using Microsoft.Extensions.Configuration;
using Razors.Stock.Lambda;
using Razors.Subscription.Lambda;
using Razors.Topology;
using static Razors.Lambda.Tests.Invocations;

namespace Razors.Lambda.Tests;

/// <summary>A function whose stack left out a setting fails when its host is built, saying which.</summary>
public sealed class when_a_setting_is_missing_at_cold_start
{
    [Fact]
    public void the_api_names_the_table_setting_and_its_environment_variable()
    {
        var error = Assert.Throws<InvalidOperationException>(() => SubscriptionFunctionHosts.Api(Settings()));

        Assert.Contains(CloudSettings.SubscriptionTable, error.Message, StringComparison.Ordinal);
        Assert.Contains("Subscription__TableName", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void the_inbound_function_names_the_table_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StockFunctionHosts.Inbound(Settings()));

        Assert.Contains(CloudSettings.StockTable, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void the_relay_names_the_bus_setting_and_its_environment_variable()
    {
        var error = Assert.Throws<InvalidOperationException>(() => SubscriptionFunctionHosts.Relay(Settings()));

        Assert.Contains(CloudSettings.EventBusName, error.Message, StringComparison.Ordinal);
        Assert.Contains("Relay__EventBusName", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void without_a_region_the_relay_names_aws_region()
    {
        var settings = new ConfigurationBuilder().AddInMemoryCollection([new(CloudSettings.EventBusName, "razors-stock")]).Build();

        var error = Assert.Throws<InvalidOperationException>(() => StockFunctionHosts.Relay(settings));

        Assert.Contains("AWS_REGION", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void the_lazy_host_is_built_once_and_every_invocation_gets_the_same_failure()
    {
        var builds = 0;
        var lazy = LambdaFunctionHost.FromEnvironment(_ =>
        {
            Interlocked.Increment(ref builds);
            return SubscriptionFunctionHosts.Relay(Settings());
        });

        var first = Assert.Throws<InvalidOperationException>(() => lazy.Value);
        var second = Assert.Throws<InvalidOperationException>(() => lazy.Value);

        Assert.Same(first, second);
        Assert.Equal(1, builds);
    }
}
