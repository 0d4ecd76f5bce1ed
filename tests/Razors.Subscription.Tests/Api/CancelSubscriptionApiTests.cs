using System.Net;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using Razors.Subscription.Aws;
using Razors.Subscription.Domain;
using Razors.Subscription.Features.CancelSubscription;
using Razors.Subscription.Ports;
using Razors.Testing;

namespace Razors.Subscription.Tests.Api;

public sealed class when_a_subscription_is_cancelled_over_http(DynamoDbLocalFixture dynamo) : ApiTest(dynamo)
{
    [Fact]
    public async Task it_answers_200_with_the_cancelled_subscription_and_stores_its_event()
    {
        var id = (string)(await CreateAsync())["id"]!;

        using var response = await Host.Client.DeleteAsync($"/subscriptions/{id}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await BodyAsync(response);
        Assert.Equal(("Cancelled", 2L, "CustomerRequested"),
            ((string)body["status"]!, (long)body["version"]!, (string)body["cancellationReason"]!));
        Assert.NotNull(body["cancelledAt"]);
        var cancelled = Assert.Single(await OutboxAsync(), e => (string)e["metadata"]!["eventType"]! == "razors.subscription.cancelled.v1");
        Assert.Equal(("CustomerRequested", 2L, id),
            ((string)cancelled["data"]!["reason"]!, (long)cancelled["metadata"]!["aggregateVersion"]!, (string)cancelled["metadata"]!["correlationId"]!));
    }

    [Fact]
    public async Task cancelling_twice_answers_the_same_subscription_and_raises_one_event()
    {
        var id = (string)(await CreateAsync())["id"]!;
        using var first = await Host.Client.DeleteAsync($"/subscriptions/{id}", Ct);

        using var again = await Host.Client.DeleteAsync($"/subscriptions/{id}", Ct);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.True(JsonNode.DeepEquals(await BodyAsync(first), await BodyAsync(again)));
        Assert.Equal(2, (await OutboxAsync()).Count);
    }

    [Theory]
    [InlineData("0199b6a5-1d2c-7000-8000-000000000000")]
    [InlineData("not-a-subscription-id")]
    public async Task an_unknown_id_is_a_404_problem_for_delete_and_get(string id)
    {
        using var delete = await Host.Client.DeleteAsync($"/subscriptions/{id}", Ct);
        using var get = await Host.Client.GetAsync($"/subscriptions/{id}", Ct);

        await AssertProblemAsync(delete, HttpStatusCode.NotFound);
        await AssertProblemAsync(get, HttpStatusCode.NotFound);
        Assert.Empty(await ScanAsync());
    }
}

/// <summary>
/// Another writer (a saga step, say) bumps the stored version right after each of the first
/// <paramref name="rivalWrites"/> loads, so the write that follows loses the race. Creating
/// loads nothing, so only the DELETE meets the rival.
/// </summary>
public abstract class RivalWriterTest(DynamoDbLocalFixture dynamo, int rivalWrites) : ApiTest(dynamo)
{
    protected override Func<DynamoDbSubscriptionStore, ISubscriptionStore>? DecorateStore =>
        store => new RivalWriter(store, Dynamo, rivalWrites);

    private sealed class RivalWriter(DynamoDbSubscriptionStore inner, DynamoDbLocalFixture dynamo, int writes) : ISubscriptionStore
    {
        private int remaining = writes;

        public async Task<SubscriptionState?> GetAsync(Guid id, CancellationToken cancellationToken)
        {
            var state = await inner.GetAsync(id, cancellationToken);
            if (state is not null && Interlocked.Decrement(ref remaining) >= 0)
            {
                await dynamo.Client.UpdateItemAsync(new UpdateItemRequest
                {
                    TableName = inner.TableName,
                    Key = new() { ["pk"] = new($"SUBSCRIPTION#{id:D}"), ["sk"] = new("SUBSCRIPTION") },
                    UpdateExpression = "SET #version = #version + :one",
                    ExpressionAttributeNames = new() { ["#version"] = "version" },
                    ExpressionAttributeValues = new() { [":one"] = new AttributeValue { N = "1" } },
                }, cancellationToken);
            }

            return state;
        }

        public Task<IdempotencyRecord?> GetIdempotencyRecordAsync(string key, CancellationToken cancellationToken) =>
            inner.GetIdempotencyRecordAsync(key, cancellationToken);

        public Task<SaveResult> SaveAsync(SubscriptionChange change, CancellationToken cancellationToken) =>
            inner.SaveAsync(change, cancellationToken);

        public Task<SaveResult> MarkHandledAsync(HandledEvent handled, CancellationToken cancellationToken) =>
            inner.MarkHandledAsync(handled, cancellationToken);

        public IAsyncEnumerable<Guid> PendingCreatedBeforeAsync(DateTimeOffset createdBefore, CancellationToken cancellationToken) =>
            inner.PendingCreatedBeforeAsync(createdBefore, cancellationToken);
    }
}

public sealed class when_another_writer_wins_one_race_with_a_delete(DynamoDbLocalFixture dynamo) : RivalWriterTest(dynamo, rivalWrites: 1)
{
    [Fact]
    public async Task the_delete_retries_on_the_fresh_state_and_cancels()
    {
        var id = (string)(await CreateAsync())["id"]!;

        using var response = await Host.Client.DeleteAsync($"/subscriptions/{id}", Ct);

        // Created at 1, bumped to 2 by the rival, cancelled at 3 by the retry.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await BodyAsync(response);
        Assert.Equal(("Cancelled", 3L), ((string)body["status"]!, (long)body["version"]!));
        Assert.Equal(2, (await OutboxAsync()).Count);
    }
}

public sealed class when_another_writer_wins_every_race_with_a_delete(DynamoDbLocalFixture dynamo)
    : RivalWriterTest(dynamo, rivalWrites: CancelSubscriptionHandler.MaxAttempts)
{
    [Fact]
    public async Task the_delete_is_a_409_problem_and_nothing_is_cancelled()
    {
        var id = (string)(await CreateAsync())["id"]!;

        using var response = await Host.Client.DeleteAsync($"/subscriptions/{id}", Ct);

        await AssertProblemAsync(response, HttpStatusCode.Conflict);
        var subscription = Assert.Single((await ScanAsync()).OfKind("subscription"));
        Assert.Equal(("Pending", "3"), (subscription["status"].S, subscription["version"].N));
        Assert.Single(await OutboxAsync());
    }
}
