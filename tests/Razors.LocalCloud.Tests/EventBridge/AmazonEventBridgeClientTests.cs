using Razors.Messaging;
using System.Net;
using System.Text.Json;
using Amazon;
using Amazon.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Razors.Aws;
using Razors.Aws.DynamoDb;
using Razors.Aws.EventBridge;
using Razors.Aws.Outbox;
using Razors.Lambda.Events;
using Razors.Testing;

namespace Razors.LocalCloud.Tests.EventBridge;

public sealed class when_the_eventbridge_client_puts_events : IDisposable
{
    private const string Accepted = """{"FailedEntryCount":0,"Entries":[{"EventId":"e-1"}]}""";
    private const string Throttled = """{"__type":"ThrottlingException","message":"Rate exceeded"}""";

    private readonly StubHttpServer server = new();
    private readonly HttpClient http = new();
    private readonly FakeTimeProvider time = new();

    [Fact]
    public async Task it_posts_aws_json_1_1_with_the_put_events_target()
    {
        server.ResponseBody = Accepted;

        await Client().PutEventsAsync(Request(Entry("1")), TestContext.Current.CancellationToken);

        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/", request.Path);
        Assert.Equal("application/x-amz-json-1.1", request.Headers["Content-Type"]);
        Assert.Equal("AWSEvents.PutEvents", request.Headers["X-Amz-Target"]);
    }

    [Fact]
    public async Task the_body_holds_the_entries_in_order_with_time_in_epoch_seconds_and_no_nulls()
    {
        server.ResponseBody = """{"FailedEntryCount":0,"Entries":[{"EventId":"e-1"},{"EventId":"e-2"}]}""";
        var full = new PutEventsRequestEntry
        {
            EventBusName = "razors-orders",
            Source = "razors.orders",
            DetailType = "OrderPlaced",
            Detail = """{"id":1}""",
            Resources = ["arn:r"],
            Time = new DateTime(2026, 11, 23, 10, 0, 30, 750, DateTimeKind.Utc),
            TraceHeader = "Root=1-a",
        };

        await Client().PutEventsAsync(Request(full, Entry("2")), TestContext.Current.CancellationToken);

        using var body = JsonDocument.Parse(Assert.Single(server.Requests).Body);
        Assert.Equal(["Entries"], body.RootElement.EnumerateObject().Select(p => p.Name));
        var entries = body.RootElement.GetProperty("Entries");
        Assert.Equal(2, entries.GetArrayLength());
        Assert.Equal(
            """{"EventBusName":"razors-orders","Source":"razors.orders","DetailType":"OrderPlaced","Detail":"{\u0022id\u0022:1}","Resources":["arn:r"],"Time":1795428030,"TraceHeader":"Root=1-a"}""",
            entries[0].GetRawText());
        Assert.Equal("""{"Source":"razors.tests","DetailType":"Tested","Detail":"{\u0022n\u0022:2}"}""", entries[1].GetRawText());
    }

    [Fact]
    public async Task a_partial_failure_is_returned_as_is_without_a_retry()
    {
        server.ResponseBody = """
            {"FailedEntryCount":1,"Entries":[{"EventId":"e-1"},{"ErrorCode":"InternalFailure","ErrorMessage":"try again"},{"EventId":"e-3"}]}
            """;

        var response = await Client().PutEventsAsync(Request(Entry("1"), Entry("2"), Entry("3")), TestContext.Current.CancellationToken);

        Assert.Equal(1, response.FailedEntryCount);
        Assert.Equal(["e-1", null, "e-3"], response.Entries.Select(e => e.EventId));
        Assert.Equal("InternalFailure", response.Entries[1].ErrorCode);
        Assert.Equal("try again", response.Entries[1].ErrorMessage);
        Assert.Single(server.Requests);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, """{"__type":"ValidationException","message":"Detail is not JSON"}""", "ValidationException", "Detail is not JSON")]
    [InlineData(HttpStatusCode.BadRequest, """{"__type":"com.amazon.coral.service#AccessDeniedException","Message":"not allowed"}""", "AccessDeniedException", "not allowed")]
    [InlineData(HttpStatusCode.InternalServerError, """{"__type":"InternalException","message":"oops"}""", "InternalException", "oops")]
    [InlineData(HttpStatusCode.BadGateway, "<html>bad gateway</html>", "Http502", "")]
    public async Task an_error_becomes_an_exception_with_its_code_and_status_and_is_not_retried(
        HttpStatusCode status, string body, string code, string message)
    {
        server.ResponseStatus = status;
        server.ResponseBody = body;

        var error = await Assert.ThrowsAsync<AmazonEventBridgeException>(
            () => Client().PutEventsAsync(Request(Entry("1")), TestContext.Current.CancellationToken));

        Assert.Equal(code, error.ErrorCode);
        Assert.Equal((int)status, error.StatusCode);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task a_throttled_call_is_sent_again_after_a_pause_until_it_succeeds()
    {
        server.NextResponses.Enqueue((HttpStatusCode.BadRequest, Throttled));
        server.NextResponses.Enqueue((HttpStatusCode.TooManyRequests, ""));
        server.NextResponses.Enqueue((HttpStatusCode.ServiceUnavailable, ""));
        server.ResponseBody = Accepted;

        var call = Client().PutEventsAsync(Request(Entry("1")), TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => !server.Requests.IsEmpty, TimeSpan.FromSeconds(10), "the first request", TestContext.Current.CancellationToken);
        Assert.False(call.IsCompleted);
        var response = await Eventually.AdvancingTimeAsync(time, call, TestContext.Current.CancellationToken);

        Assert.Equal("e-1", Assert.Single(response.Entries).EventId);
        Assert.Equal(4, server.Requests.Count);
        Assert.Single(server.Requests.Select(r => r.Body).Distinct());
    }

    [Fact]
    public async Task throttling_past_the_retry_limit_is_an_exception()
    {
        server.ResponseStatus = HttpStatusCode.BadRequest;
        server.ResponseBody = Throttled;

        var call = Client(new ThrottlingRetryOptions { MaxRetries = 2, BaseDelay = TimeSpan.FromSeconds(1) })
            .PutEventsAsync(Request(Entry("1")), TestContext.Current.CancellationToken);
        var error = await Assert.ThrowsAsync<AmazonEventBridgeException>(() => Eventually.AdvancingTimeAsync(time, call, TestContext.Current.CancellationToken));

        Assert.Equal("ThrottlingException", error.ErrorCode);
        Assert.Equal(400, error.StatusCode);
        Assert.Equal(3, server.Requests.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    public async Task a_request_outside_1_to_10_entries_is_refused_without_a_call(int count)
    {
        var entries = Enumerable.Range(1, count).Select(i => Entry(i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => Client().PutEventsAsync(Request(entries), TestContext.Current.CancellationToken));

        Assert.Contains("1 to 10", error.Message, StringComparison.Ordinal);
        Assert.Contains($"has {count}", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task a_signed_client_signs_for_the_events_service()
    {
        server.ResponseBody = Accepted;
        using var client = AmazonEventBridgeClient.CreateSigned(server.Url, new BasicAWSCredentials("AKIDEXAMPLE", "secret"), RegionEndpoint.EUWest1);

        await client.PutEventsAsync(Request(Entry("1")), TestContext.Current.CancellationToken);

        var request = Assert.Single(server.Requests);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/", request.Headers["Authorization"], StringComparison.Ordinal);
        Assert.Contains("/eu-west-1/events/aws4_request", request.Headers["Authorization"], StringComparison.Ordinal);
        Assert.Matches("^[0-9]{8}T[0-9]{6}Z$", request.Headers["X-Amz-Date"]);
    }

    public void Dispose()
    {
        http.Dispose();
        server.Dispose();
    }

    private AmazonEventBridgeClient Client(ThrottlingRetryOptions? retry = null) =>
        new(http, server.Url, retry ?? new ThrottlingRetryOptions { BaseDelay = TimeSpan.FromSeconds(1) }, time);

    private static PutEventsRequest Request(params PutEventsRequestEntry[] entries) => new() { Entries = [.. entries] };

    private static PutEventsRequestEntry Entry(string n) => new() { Source = "razors.tests", DetailType = "Tested", Detail = $$"""{"n":{{n}}}""" };
}

public sealed class when_the_outbox_relay_publishes_through_the_client_and_the_bus_fails_one_entry : IDisposable
{
    private readonly StubHttpServer server = new();
    private readonly HttpClient http = new();

    [Fact]
    public async Task only_that_entry_is_put_again()
    {
        server.NextResponses.Enqueue((HttpStatusCode.OK, """
            {"FailedEntryCount":1,"Entries":[{"EventId":"e-1"},{"ErrorCode":"InternalFailure","ErrorMessage":"try again"},{"EventId":"e-3"}]}
            """));
        server.ResponseBody = """{"FailedEntryCount":0,"Entries":[{"EventId":"e-2"}]}""";
        var relay = new DynamoDbOutboxRelay(
            new AmazonEventBridgeClient(http, server.Url),
            new NoLedger(),
            new NoDeadLetters(),
            new OutboxRelayOptions("razors-orders") { RetryBaseDelay = TimeSpan.Zero },
            new FakeTimeProvider(),
            NullLogger<DynamoDbOutboxRelay>.Instance);

        var result = await relay.HandleAsync(
            new DynamoDBEvent { Records = [OutboxInsert(1), OutboxInsert(2), OutboxInsert(3)] }, TestContext.Current.CancellationToken);

        Assert.Empty(result.BatchItemFailures);
        var requests = server.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        using (var first = JsonDocument.Parse(requests[0].Body))
        {
            Assert.Equal(3, first.RootElement.GetProperty("Entries").GetArrayLength());
        }

        Assert.Equal(
            """{"Entries":[{"EventBusName":"razors-orders","Source":"razors.orders","DetailType":"Tested","Detail":"{\u0022n\u0022:2}"}]}""",
            requests[1].Body);
    }

    public void Dispose()
    {
        http.Dispose();
        server.Dispose();
    }

    private static DynamodbStreamRecord OutboxInsert(int n) => new()
    {
        EventName = "INSERT",
        Dynamodb = new StreamRecord
        {
            SequenceNumber = n.ToString("D21", System.Globalization.CultureInfo.InvariantCulture),
            NewImage = new()
            {
                [OutboxItem.Kind] = new() { S = OutboxItem.KindValue },
                [OutboxItem.Source] = new() { S = "razors.orders" },
                [OutboxItem.DetailType] = new() { S = "Tested" },
                [OutboxItem.Detail] = new() { S = $$"""{"n":{{n}}}""" },
            },
        },
    };
}

/// <summary>An outbox that keeps no marks: these tests look at the wire only.</summary>
internal sealed class NoLedger : IOutboxLedger
{
    public Task MarkPublishedAsync(string recordKey, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task MarkDeadLetteredAsync(string recordKey, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>A DLQ no test here expects a letter in.</summary>
internal sealed class NoDeadLetters : IDeadLetterQueue
{
    public Task SendAsync(DeadLetter letter, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"Unexpected dead letter: {letter.Reason}");
}
