using System.Net;
using System.Text.Json.Nodes;
using Razors.Payments.Service.Tests.Fakes;

namespace Razors.Payments.Service.Tests.Api;

public sealed class when_a_payment_is_read_over_http : ApiTest
{
    [Fact]
    public async Task it_answers_200_with_the_plan_its_state_and_its_location()
    {
        var payment = await CreatedAsync();

        using var response = await Client.GetAsync($"/payments/{payment.PaymentId}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new Uri($"/payments/{payment.PaymentId}", UriKind.Relative), response.Headers.Location);
        var body = await BodyAsync(response);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse($$"""
                {
                  "id": "{{payment.PaymentId}}", "subscriptionId": "{{payment.SubscriptionId}}", "customerId": "customer-1",
                  "instalmentAmount": 9.99, "currency": "GBP", "instalments": 12, "firstCollectionOn": "2026-12-01",
                  "status": "Active", "version": 1, "createdAt": "2026-11-23T10:00:00+00:00"
                }
                """),
            body), body.ToJsonString());
    }

    [Fact]
    public async Task the_subscriptions_payment_is_found_by_subscription_id()
    {
        var payment = await CreatedAsync();
        await CreatedAsync();

        using var response = await Client.GetAsync($"/payments?subscriptionId={payment.SubscriptionId}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var found = Assert.Single((await BodyAsync(response)).AsArray());
        Assert.Equal(payment.PaymentId.ToString(), (string)found!["id"]!);
    }

    [Fact]
    public async Task a_subscription_without_a_payment_has_an_empty_list()
    {
        using var response = await Client.GetAsync($"/payments?subscriptionId={Guid.CreateVersion7()}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty((await BodyAsync(response)).AsArray());
    }

    [Theory]
    [InlineData("0199b6a5-1d2c-7000-8000-000000000000")]
    [InlineData("not-a-payment-id")]
    public async Task an_unknown_id_is_a_404_problem(string id)
    {
        using var response = await Client.GetAsync($"/payments/{id}", Ct);

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/payments")]
    [InlineData("/payments?subscriptionId=")]
    [InlineData("/payments?subscriptionId=subscription-1")]
    [InlineData("/payments?subscriptionId=0199b6a5-1d2c-7000-8000-000000000000&subscriptionId=0199b6a5-1d2c-7000-8000-000000000001")]
    public async Task a_missing_or_invalid_subscription_id_is_a_400_problem_naming_it(string query)
    {
        using var response = await Client.GetAsync(query, Ct);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "subscriptionId");
    }
}

public sealed class when_a_tombstone_is_read_over_http : ApiTest
{
    [Fact]
    public async Task it_is_not_there_by_id_or_by_subscription()
    {
        var subscriptionId = Guid.CreateVersion7();
        await Payments.Cancelled.HandleAsync(Incoming.Cancelled(subscriptionId), Ct);
        var tombstone = Assert.Single(Payments.Store.Payments);

        using var byId = await Client.GetAsync($"/payments/{tombstone.PaymentId}", Ct);
        using var bySubscription = await Client.GetAsync($"/payments?subscriptionId={subscriptionId}", Ct);
        using var cancel = await CancelAsync(tombstone.PaymentId.ToString());

        await AssertProblemAsync(byId, HttpStatusCode.NotFound);
        Assert.Empty((await BodyAsync(bySubscription)).AsArray());
        await AssertProblemAsync(cancel, HttpStatusCode.NotFound);
    }
}
