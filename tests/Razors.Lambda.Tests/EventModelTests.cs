using System.Text.Json;
using System.Text.Json.Nodes;
using Razors.Lambda.Events;

namespace Razors.Lambda.Tests;

/// <summary>Payloads shaped as the AWS documentation shows them, read with the source-generated context.</summary>
public sealed class when_lambda_payloads_are_read
{
    private const string HttpApiRequest = """
        {
          "version": "2.0",
          "routeKey": "$default",
          "rawPath": "/subscriptions/a%20b",
          "rawQueryString": "tag=a&tag=b&q=x",
          "cookies": ["session=abc", "theme=dark"],
          "headers": { "accept": "application/json,text/plain", "content-type": "application/json", "host": "abc123.execute-api.eu-west-1.amazonaws.com" },
          "queryStringParameters": { "tag": "a,b", "q": "x" },
          "requestContext": {
            "accountId": "123456789012",
            "apiId": "abc123",
            "authentication": null,
            "domainName": "abc123.execute-api.eu-west-1.amazonaws.com",
            "domainPrefix": "abc123",
            "http": { "method": "POST", "path": "/subscriptions/a b", "protocol": "HTTP/1.1", "sourceIp": "198.51.100.7", "userAgent": "curl/8.5.0" },
            "requestId": "JKJaXmPLvHcESHA=",
            "routeKey": "$default",
            "stage": "$default",
            "time": "23/Nov/2026:09:30:00 +0000",
            "timeEpoch": 1795426200000
          },
          "body": "eyJhIjoxfQ==",
          "pathParameters": { "proxy": "subscriptions/a b" },
          "isBase64Encoded": true,
          "stageVariables": { "mode": "test" }
        }
        """;

    private const string EventBridgeEvent = """
        {
          "version": "0",
          "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
          "detail-type": "StockAllocated",
          "source": "razors.stock",
          "account": "123456789012",
          "time": "2026-11-23T09:30:01Z",
          "region": "eu-west-1",
          "resources": ["arn:aws:events:eu-west-1:123456789012:event-bus/razors-stock"],
          "detail": { "metadata": { "eventId": "e-1", "correlationId": "c-1" }, "data": { "units": 12 } }
        }
        """;

    [Fact]
    public void an_http_api_request_keeps_its_raw_path_query_cookies_headers_and_context()
    {
        var request = JsonSerializer.Deserialize(HttpApiRequest, LambdaJsonContext.Default.APIGatewayHttpApiV2ProxyRequest)!;

        Assert.Equal("2.0", request.Version);
        Assert.Equal("/subscriptions/a%20b", request.RawPath);
        Assert.Equal("tag=a&tag=b&q=x", request.RawQueryString);
        Assert.Equal(["session=abc", "theme=dark"], request.Cookies!);
        Assert.Equal("application/json,text/plain", request.Headers!["accept"]);
        Assert.Equal("a,b", request.QueryStringParameters!["tag"]);
        Assert.Equal("subscriptions/a b", request.PathParameters!["proxy"]);
        Assert.Equal("test", request.StageVariables!["mode"]);
        Assert.True(request.IsBase64Encoded);
        Assert.Equal("eyJhIjoxfQ==", request.Body);
        var context = request.RequestContext!;
        Assert.Equal(("123456789012", "abc123", "JKJaXmPLvHcESHA=", "$default", 1795426200000L), (context.AccountId, context.ApiId, context.RequestId, context.Stage, context.TimeEpoch));
        Assert.Equal(("POST", "HTTP/1.1", "198.51.100.7", "curl/8.5.0"), (context.Http!.Method, context.Http.Protocol, context.Http.SourceIp, context.Http.UserAgent));
    }

    [Fact]
    public void an_http_api_response_is_written_with_the_payload_format_names_and_no_nulls()
    {
        var response = new APIGatewayHttpApiV2ProxyResponse
        {
            StatusCode = 201,
            Headers = new() { ["content-type"] = "application/json" },
            Cookies = ["a=1; Path=/"],
            Body = "{}",
        };

        var json = JsonNode.Parse(JsonSerializer.Serialize(response, LambdaJsonContext.Default.APIGatewayHttpApiV2ProxyResponse))!.AsObject();

        Assert.Equal(["statusCode", "headers", "cookies", "body", "isBase64Encoded"], json.Select(p => p.Key));
        Assert.Equal(201, json["statusCode"]!.GetValue<int>());
        Assert.False(json["isBase64Encoded"]!.GetValue<bool>());
        var empty = JsonNode.Parse(JsonSerializer.Serialize(new APIGatewayHttpApiV2ProxyResponse { StatusCode = 204 }, LambdaJsonContext.Default.APIGatewayHttpApiV2ProxyResponse))!.AsObject();
        Assert.Equal(["statusCode", "isBase64Encoded"], empty.Select(p => p.Key));
    }

    [Fact]
    public void an_eventbridge_event_keeps_its_envelope_fields_and_its_detail()
    {
        var busEvent = JsonSerializer.Deserialize(EventBridgeEvent, LambdaJsonContext.Default.CloudWatchEvent)!;

        Assert.Equal(("0", "6a7e8feb-b491-4cf7-a9f1-bf3703467718", "StockAllocated", "razors.stock"), (busEvent.Version, busEvent.Id, busEvent.DetailType, busEvent.Source));
        Assert.Equal(("123456789012", "eu-west-1"), (busEvent.Account, busEvent.Region));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 9, 30, 1, TimeSpan.Zero), busEvent.Time);
        Assert.Equal(["arn:aws:events:eu-west-1:123456789012:event-bus/razors-stock"], busEvent.Resources);
        Assert.Equal("c-1", busEvent.Detail.GetProperty("metadata").GetProperty("correlationId").GetString());
        Assert.Equal(12, busEvent.Detail.GetProperty("data").GetProperty("units").GetInt32());
    }

    [Fact]
    public void the_event_a_rule_puts_on_a_queue_reads_as_an_eventbridge_event()
    {
        var record = Invocations.Record(new Razors.Contracts.SubscriptionCancelled { SubscriptionId = Guid.CreateVersion7(), Reason = "CustomerRequested" }, "corr-1");

        var busEvent = JsonSerializer.Deserialize(Invocations.BusEvent(record), LambdaJsonContext.Default.CloudWatchEvent)!;

        Assert.Equal((record.Source, record.DetailType), (busEvent.Source, busEvent.DetailType));
        Assert.Equal(record.EventId.ToString(), busEvent.Detail.GetProperty("metadata").GetProperty("eventId").GetString());
    }
}
