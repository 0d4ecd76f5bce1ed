using Razors.Contracts;

namespace Razors.EndToEnd.Tests;

public sealed class when_a_subscription_is_created_and_stock_and_payment_follow(LocalHostFixture fixture)
{
    [Fact]
    public async Task it_becomes_active_with_twelve_units_allocated_and_a_twelve_instalment_payment()
    {
        var ct = TestContext.Current.CancellationToken;
        var product = await Saga.NewProductAsync(fixture.Http, unitsOnHand: 100, ct);

        var id = await Saga.SubscribeAsync(fixture.Http, product, ct);

        Assert.Equal("Active", await Saga.WaitForStatusAsync(fixture.Http, id, "Active", ct));
        await fixture.Host.Cloud.WaitUntilIdleAsync(TimeSpan.FromSeconds(60), ct);
        Assert.Equal(88, await Saga.UnitsOnHandAsync(fixture.Http, product, ct));
        var payment = await Saga.PaymentOfAsync(fixture.Http, id, ct);
        Assert.Equal(12, payment.GetProperty("instalments").GetInt32());
        Assert.Equal("Active", payment.GetProperty("status").GetString());
        var subscription = await Saga.SubscriptionAsync(fixture.Http, id, ct);
        Assert.Equal(payment.GetProperty("id").GetGuid(), subscription.GetProperty("paymentId").GetGuid());
        Assert.All(await Saga.DeadLetterDepthsAsync(fixture.Http, ct), q => Assert.True(q.Value == 0, $"{q.Key} holds {q.Value}"));
    }
}

public sealed class when_the_customer_cancels_the_payment(LocalHostFixture fixture)
{
    [Fact]
    public async Task the_subscription_is_cancelled_and_the_units_go_back()
    {
        var ct = TestContext.Current.CancellationToken;
        var product = await Saga.NewProductAsync(fixture.Http, unitsOnHand: 100, ct);
        var id = await Saga.SubscribeAsync(fixture.Http, product, ct);
        Assert.Equal("Active", await Saga.WaitForStatusAsync(fixture.Http, id, "Active", ct));
        var paymentId = (await Saga.PaymentOfAsync(fixture.Http, id, ct)).GetProperty("id").GetGuid();

        using var cancel = await fixture.Http.PostAsync($"/payments/{paymentId}/cancel", null, ct);
        Assert.True(cancel.IsSuccessStatusCode, await cancel.Content.ReadAsStringAsync(ct));

        Assert.Equal("Cancelled", await Saga.WaitForStatusAsync(fixture.Http, id, "Cancelled", ct));
        await fixture.Host.Cloud.WaitUntilIdleAsync(TimeSpan.FromSeconds(60), ct);
        var subscription = await Saga.SubscriptionAsync(fixture.Http, id, ct);
        Assert.Equal(CancellationReasons.PaymentCancelled, subscription.GetProperty("cancellationReason").GetString());
        Assert.Equal(100, await Saga.UnitsOnHandAsync(fixture.Http, product, ct));
        Assert.All(await Saga.DeadLetterDepthsAsync(fixture.Http, ct), q => Assert.True(q.Value == 0, $"{q.Key} holds {q.Value}"));
    }
}

public sealed class when_the_customer_cancels_the_subscription(LocalHostFixture fixture)
{
    [Fact]
    public async Task the_payment_is_cancelled_and_the_units_go_back()
    {
        var ct = TestContext.Current.CancellationToken;
        var product = await Saga.NewProductAsync(fixture.Http, unitsOnHand: 100, ct);
        var id = await Saga.SubscribeAsync(fixture.Http, product, ct);
        Assert.Equal("Active", await Saga.WaitForStatusAsync(fixture.Http, id, "Active", ct));

        using var delete = await fixture.Http.DeleteAsync($"/subscriptions/{id}", ct);
        Assert.True(delete.IsSuccessStatusCode);

        await fixture.Host.Cloud.WaitUntilIdleAsync(TimeSpan.FromSeconds(60), ct);
        Assert.Equal("Cancelled", (await Saga.PaymentOfAsync(fixture.Http, id, ct)).GetProperty("status").GetString());
        Assert.Equal(100, await Saga.UnitsOnHandAsync(fixture.Http, product, ct));
        Assert.All(await Saga.DeadLetterDepthsAsync(fixture.Http, ct), q => Assert.True(q.Value == 0, $"{q.Key} holds {q.Value}"));
    }
}

public sealed class when_stock_is_short(LocalHostFixture fixture)
{
    [Fact]
    public async Task the_subscription_is_cancelled_its_payment_too_and_no_units_move()
    {
        var ct = TestContext.Current.CancellationToken;
        var product = await Saga.NewProductAsync(fixture.Http, unitsOnHand: 5, ct);

        var id = await Saga.SubscribeAsync(fixture.Http, product, ct);

        Assert.Equal("Cancelled", await Saga.WaitForStatusAsync(fixture.Http, id, "Cancelled", ct));
        await fixture.Host.Cloud.WaitUntilIdleAsync(TimeSpan.FromSeconds(60), ct);
        var subscription = await Saga.SubscriptionAsync(fixture.Http, id, ct);
        Assert.Equal(CancellationReasons.StockUnavailable, subscription.GetProperty("cancellationReason").GetString());
        Assert.Equal(5, await Saga.UnitsOnHandAsync(fixture.Http, product, ct));
        Assert.Equal("Cancelled", (await Saga.PaymentOfAsync(fixture.Http, id, ct)).GetProperty("status").GetString());
    }
}

public sealed class when_two_hundred_customers_subscribe_at_once_to_stock_for_one_hundred(LocalHostFixture fixture)
{
    [Fact]
    public async Task exactly_one_hundred_are_active_one_hundred_cancelled_and_stock_ends_at_zero()
    {
        var ct = TestContext.Current.CancellationToken;
        var product = await Saga.NewProductAsync(fixture.Http, unitsOnHand: 100 * 12, ct);

        var ids = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Saga.SubscribeAsync(fixture.Http, product, ct)));

        await fixture.Host.Cloud.WaitUntilIdleAsync(TimeSpan.FromMinutes(3), ct);
        var statuses = await Task.WhenAll(ids.Select(async id => (await Saga.SubscriptionAsync(fixture.Http, id, ct)).GetProperty("status").GetString()));
        Assert.Equal(100, statuses.Count(s => s == "Active"));
        Assert.Equal(100, statuses.Count(s => s == "Cancelled"));
        Assert.Equal(0, await Saga.UnitsOnHandAsync(fixture.Http, product, ct));
    }
}

public sealed class when_every_event_of_a_saga_is_delivered_again(LocalHostFixture fixture)
{
    [Fact]
    public async Task a_replay_of_every_bus_changes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var start = DateTimeOffset.UtcNow.AddSeconds(-1);
        var product = await Saga.NewProductAsync(fixture.Http, unitsOnHand: 100, ct);
        var id = await Saga.SubscribeAsync(fixture.Http, product, ct);
        Assert.Equal("Active", await Saga.WaitForStatusAsync(fixture.Http, id, "Active", ct));
        await fixture.Host.Cloud.WaitUntilIdleAsync(TimeSpan.FromSeconds(60), ct);
        var before = await Saga.SubscriptionAsync(fixture.Http, id, ct);

        foreach (var bus in new[] { "razors-subscription", "razors-stock", "razors-payments" })
        {
            fixture.Host.Cloud.EventBridge.StartReplay($"e2e-{bus}-{Guid.NewGuid():N}", bus, start, DateTimeOffset.UtcNow.AddSeconds(1));
        }

        await fixture.Host.Cloud.WaitUntilIdleAsync(TimeSpan.FromSeconds(60), ct);
        var after = await Saga.SubscriptionAsync(fixture.Http, id, ct);
        Assert.Equal(before.GetProperty("version").GetInt64(), after.GetProperty("version").GetInt64());
        Assert.Equal(88, await Saga.UnitsOnHandAsync(fixture.Http, product, ct));
        Assert.Equal("Active", (await Saga.PaymentOfAsync(fixture.Http, id, ct)).GetProperty("status").GetString());
        Assert.All(await Saga.DeadLetterDepthsAsync(fixture.Http, ct), q => Assert.True(q.Value == 0, $"{q.Key} holds {q.Value}"));
    }
}
