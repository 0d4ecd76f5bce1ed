using System.Net;
using System.Text.Json.Nodes;
using Razors.Contracts;
using Razors.Payments.Domain;
using Razors.Payments.Features.CancelPayment;

namespace Razors.Payments.Service.Tests.Api;

public sealed class when_a_customer_cancels_a_payment_over_http : ApiTest
{
    [Fact]
    public async Task it_answers_200_with_the_cancelled_payment_and_stores_its_event()
    {
        var payment = await CreatedAsync();
        Payments.Time.Advance(TimeSpan.FromDays(1));

        using var response = await CancelAsync(payment.PaymentId.ToString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await BodyAsync(response);
        Assert.Equal(
            ("Cancelled", 2L, "CustomerRequested", "2026-11-24T10:00:00+00:00"),
            ((string)body["status"]!, (long)body["version"]!, (string)body["cancellationReason"]!, (string)body["cancelledAt"]!));
        var cancelled = Assert.Single(Payments.Events<PaymentCancelled>());
        Assert.Equal(
            new PaymentCancelled { PaymentId = payment.PaymentId, SubscriptionId = payment.SubscriptionId, Reason = "CustomerRequested" },
            cancelled.Data);
        Assert.Equal((payment.PaymentId.ToString(), 2L), (cancelled.Metadata.AggregateId, cancelled.Metadata.AggregateVersion));
    }

    [Fact]
    public async Task cancelling_twice_answers_the_same_payment_and_raises_one_event()
    {
        var payment = await CreatedAsync();
        using var first = await CancelAsync(payment.PaymentId.ToString());

        using var again = await CancelAsync(payment.PaymentId.ToString());

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.True(JsonNode.DeepEquals(await BodyAsync(first), await BodyAsync(again)));
        Assert.Single(Payments.Events<PaymentCancelled>());
    }

    [Theory]
    [InlineData("0199b6a5-1d2c-7000-8000-000000000000")]
    [InlineData("not-a-payment-id")]
    public async Task an_unknown_payment_is_a_404_problem_and_nothing_changes(string id)
    {
        var payment = await CreatedAsync();
        var writes = Payments.Store.Writes;

        using var response = await CancelAsync(id);

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal(writes, Payments.Store.Writes);
        Assert.Equal(payment, Assert.Single(Payments.Store.Payments));
    }
}

/// <summary>
/// Another writer bumps the stored version right after each of the first
/// <paramref name="rivalWrites"/> loads of an Active payment, so the write that follows loses.
/// </summary>
public abstract class RivalWriterTest(int rivalWrites) : ApiTest
{
    private int remaining = rivalWrites;

    protected async Task<Payment> CreatedWithRivalAsync()
    {
        var payment = await CreatedAsync();
        Payments.Store.AfterLoad = loaded =>
        {
            if (loaded is { Status: PaymentStatus.Active } && Interlocked.Decrement(ref remaining) >= 0)
            {
                var stored = Payments.Store.Payments.Single(p => p.PaymentId == loaded.PaymentId);
                Payments.Store.Put(stored with { Version = stored.Version + 1 });
            }

            return Task.CompletedTask;
        };
        return payment;
    }
}

public sealed class when_another_writer_wins_one_race_with_a_cancel() : RivalWriterTest(rivalWrites: 1)
{
    [Fact]
    public async Task the_cancel_retries_on_the_fresh_payment_and_cancels_it()
    {
        var payment = await CreatedWithRivalAsync();

        using var response = await CancelAsync(payment.PaymentId.ToString());

        // Created at 1, bumped to 2 by the rival, cancelled at 3 by the retry.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await BodyAsync(response);
        Assert.Equal(("Cancelled", 3L), ((string)body["status"]!, (long)body["version"]!));
        Assert.Single(Payments.Events<PaymentCancelled>());
    }
}

public sealed class when_another_writer_wins_every_race_with_a_cancel() : RivalWriterTest(rivalWrites: CancelPaymentHandler.MaxAttempts)
{
    [Fact]
    public async Task the_cancel_is_a_409_problem_and_nothing_is_cancelled()
    {
        var payment = await CreatedWithRivalAsync();

        using var response = await CancelAsync(payment.PaymentId.ToString());

        await AssertProblemAsync(response, HttpStatusCode.Conflict);
        var stored = Assert.Single(Payments.Store.Payments);
        Assert.Equal((PaymentStatus.Active, 3L), (stored.Status, stored.Version));
        Assert.Empty(Payments.Events<PaymentCancelled>());
    }
}
