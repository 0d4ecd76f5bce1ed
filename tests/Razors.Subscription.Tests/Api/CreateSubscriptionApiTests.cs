using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Razors.Testing;

namespace Razors.Subscription.Tests.Api;

public sealed class when_a_subscription_is_created_over_http(DynamoDbLocalFixture dynamo) : ApiTest(dynamo)
{
    [Fact]
    public async Task it_answers_201_with_the_pending_subscription_and_its_location()
    {
        using var response = await PostAsync("""
            { "customerId": "customer-1", "productId": "razor-classic", "unitsPerMonth": 2, "monthlyPrice": 9.99, "currency": "EUR" }
            """);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await BodyAsync(response);
        var id = (string)body["id"]!;
        Assert.Equal(new Uri($"/subscriptions/{id}", UriKind.Relative), response.Headers.Location);
        Assert.Equal(
            ("customer-1", "razor-classic", 2, 12, 9.99m, "EUR", "Pending", 1L),
            ((string)body["customerId"]!, (string)body["productId"]!, (int)body["unitsPerMonth"]!, (int)body["months"]!,
             (decimal)body["monthlyPrice"]!, (string)body["currency"]!, (string)body["status"]!, (long)body["version"]!));
        Assert.Null(body["cancelledAt"]);
        Assert.True(Guid.TryParseExact(id, "D", out _));
    }

    [Fact]
    public async Task the_subscription_reads_back_at_its_location()
    {
        using var created = await PostAsync(ValidBody);

        using var read = await Host.Client.GetAsync(created.Headers.Location, Ct);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.True(JsonNode.DeepEquals(await BodyAsync(created), await BodyAsync(read)));
    }

    [Fact]
    public async Task the_table_holds_the_pending_item_and_its_created_event()
    {
        var id = (string)(await CreateAsync())["id"]!;

        var items = await ScanAsync();

        Assert.Equal(2, items.Count);
        var subscription = Assert.Single(items.OfKind("subscription"));
        Assert.Equal(("Pending", "1"), (subscription["status"].S, subscription["version"].N));
        var envelope = Assert.Single(await OutboxAsync());
        var metadata = envelope["metadata"]!;
        Assert.Equal(
            ("razors.subscription.created.v1", id, 1L, id),
            ((string)metadata["eventType"]!, (string)metadata["aggregateId"]!, (long)metadata["aggregateVersion"]!, (string)metadata["correlationId"]!));
        Assert.Equal(("customer-1", 9.99m), ((string)envelope["data"]!["customerId"]!, (decimal)envelope["data"]!["monthlyPrice"]!));
    }

    [Fact]
    public async Task an_x_correlation_id_becomes_the_sagas_correlation_id()
    {
        using var response = await PostAsync(ValidBody, correlationId: "checkout-42");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("checkout-42", (string)(await OutboxAsync()).Single()["metadata"]!["correlationId"]!);
    }
}

public sealed class when_a_create_request_is_bad_over_http(DynamoDbLocalFixture dynamo) : ApiTest(dynamo)
{
    public static TheoryData<string, string> BadFields => new()
    {
        { "customerId", """{ "productId": "p", "monthlyPrice": 1 }""" },
        { "productId", """{ "customerId": "c", "productId": "", "monthlyPrice": 1 }""" },
        { "unitsPerMonth", """{ "customerId": "c", "productId": "p", "monthlyPrice": 1, "unitsPerMonth": 11 }""" },
        { "months", """{ "customerId": "c", "productId": "p", "monthlyPrice": 1, "months": 25 }""" },
        { "monthlyPrice", """{ "customerId": "c", "productId": "p", "monthlyPrice": 9.999 }""" },
        { "currency", """{ "customerId": "c", "productId": "p", "monthlyPrice": 1, "currency": "gbp" }""" },
        { "discount", """{ "customerId": "c", "productId": "p", "monthlyPrice": 1, "discount": 5 }""" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task an_invalid_field_is_named_in_a_422_problem_and_nothing_is_written(string field, string json)
    {
        using var response = await PostAsync(json);

        await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, field);
        Assert.Empty(await ScanAsync());
    }

    [Theory]
    [InlineData("""{ "customerId": "c", """)]
    [InlineData("""[ "customerId" ]""")]
    public async Task a_body_that_is_not_a_json_object_is_a_400_problem_and_nothing_is_written(string json)
    {
        using var response = await PostAsync(json);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.False(string.IsNullOrEmpty((string?)problem["detail"]));
        Assert.Empty(await ScanAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task a_body_over_16_kib_is_a_413_problem_and_nothing_is_written(bool chunked)
    {
        var json = $$"""{ "customerId": "{{new string('c', 16 * 1024)}}", "productId": "p", "monthlyPrice": 1 }""";
        HttpContent content = chunked
            ? new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)))
            : new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = Json;
        if (chunked)
        {
            content.Headers.ContentLength = null;
        }

        using var response = await SendAsync(content);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Empty(await ScanAsync());
    }

    [Fact]
    public async Task a_body_that_is_not_json_is_a_415_problem()
    {
        using var response = await SendAsync(new StringContent("customerId=c", Encoding.UTF8, "application/x-www-form-urlencoded"));

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Empty(await ScanAsync());
    }

    [Fact]
    public async Task an_idempotency_key_over_255_characters_is_named_in_a_400_problem()
    {
        using var response = await PostAsync(ValidBody, idempotencyKey: new string('k', 256));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "Idempotency-Key");
        Assert.Empty(await ScanAsync());
    }
}

public sealed class when_an_idempotency_key_is_sent_again_over_http(DynamoDbLocalFixture dynamo) : ApiTest(dynamo)
{
    [Fact]
    public async Task the_same_request_answers_200_with_the_same_subscription_and_no_second_event()
    {
        using var first = await PostAsync(ValidBody, idempotencyKey: "order-7");

        // The same request, spelled differently: defaults given, fields reordered.
        using var again = await PostAsync(
            """{ "monthlyPrice": 9.990, "currency": "GBP", "months": 12, "productId": "razor-classic", "customerId": "customer-1" }""",
            idempotencyKey: "order-7");

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), (first.StatusCode, again.StatusCode));
        Assert.True(JsonNode.DeepEquals(await BodyAsync(first), await BodyAsync(again)));
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Single(await OutboxAsync());
        Assert.Single((await ScanAsync()).OfKind("subscription"));
    }

    [Fact]
    public async Task a_different_request_is_a_422_problem_and_nothing_more_is_written()
    {
        using var first = await PostAsync(ValidBody, idempotencyKey: "order-7");

        using var other = await PostAsync(
            """{ "customerId": "customer-1", "productId": "razor-classic", "monthlyPrice": 19.99 }""", idempotencyKey: "order-7");

        await AssertProblemAsync(other, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(3, (await ScanAsync()).Count);
    }

    [Fact]
    public async Task another_key_creates_another_subscription()
    {
        using var first = await PostAsync(ValidBody, idempotencyKey: "order-7");

        using var second = await PostAsync(ValidBody, idempotencyKey: "order-8");

        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.NotEqual(first.Headers.Location, second.Headers.Location);
        Assert.Equal(2, (await OutboxAsync()).Count);
    }
}
