using Razors.LocalCloud;
using Razors.Lambda.Events;
using Razors.Subscription.Features.Saga;
using Razors.Topology;

namespace Razors.EndToEnd.Tests;

/// <summary>
/// Every saga ends (services/subscription/Razors.Subscription/Features/Saga/SagaDeadline.cs): when
/// one service's answer never comes, the subscription is cancelled with reason Timeout and the
/// other service undoes what it did.
/// </summary>
public sealed class when_an_answer_never_comes
{
    /// <summary>A consumer that takes every message and does nothing: its service never answers.</summary>
    private sealed class Silent : ISqsFunction
    {
        public Task<SQSBatchResponse> HandleAsync(SQSEvent batch, CancellationToken cancellationToken) => Task.FromResult(new SQSBatchResponse());
    }

    private static Task<FaultHost> StartWithoutAsync(string silentConsumer, CancellationToken ct) => FaultHost.StartAsync(
        topology => topology,
        new LocalFunctions().AddSqsFunction(silentConsumer, new Silent()),
        ct,
        options => options with
        {
            SagaDeadline = new SagaDeadlineOptions { Deadline = TimeSpan.FromSeconds(2) },
            SagaDeadlineInterval = TimeSpan.FromMilliseconds(200),
        });

    [Fact]
    public async Task without_payments_the_subscription_times_out_and_stock_gets_its_units_back()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await StartWithoutAsync(PaymentsTopology.Consumer.Name, ct);
        var productId = await Saga.NewProductAsync(host.Http, unitsOnHand: 100, ct);

        var id = await Saga.SubscribeAsync(host.Http, productId, ct);

        Assert.Equal("Cancelled", await Saga.WaitForStatusAsync(host.Http, id, "Cancelled", ct));
        await host.WaitUntilIdleAsync(ct);
        var subscription = await Saga.SubscriptionAsync(host.Http, id, ct);
        Assert.Equal("Timeout", subscription.GetProperty("cancellationReason").GetString());
        Assert.Equal(100, await Saga.UnitsOnHandAsync(host.Http, productId, ct));
        Assert.DoesNotContain(await Saga.DeadLetterDepthsAsync(host.Http, ct), d => d.Value > 0);
    }

    [Fact]
    public async Task without_stock_the_subscription_times_out_and_its_payment_is_cancelled()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await StartWithoutAsync(StockTopology.Consumer.Name, ct);

        var id = await host.CreateSubscriptionAsync("cust-timeout", ct);

        Assert.Equal("Cancelled", await Saga.WaitForStatusAsync(host.Http, id, "Cancelled", ct));
        await host.WaitUntilIdleAsync(ct);
        Assert.Equal("Timeout", (await Saga.SubscriptionAsync(host.Http, id, ct)).GetProperty("cancellationReason").GetString());
        Assert.Equal("Cancelled", (await Saga.PaymentOfAsync(host.Http, id, ct)).GetProperty("status").GetString());
        Assert.DoesNotContain(await Saga.DeadLetterDepthsAsync(host.Http, ct), d => d.Value > 0);
    }
}
