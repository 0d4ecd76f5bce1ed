using Razors.Messaging;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Razors.Contracts;
using Razors.Stock.Lambda;
using Razors.Testing;
using Razors.Topology;
using static Razors.Lambda.Tests.Invocations;

namespace Razors.Lambda.Tests.Logs;

/// <summary>
/// Tests that read stdout. The console logger takes <see cref="Console.Out"/> when it is built,
/// so these swap it for a buffer around building a host, alone (no other test runs meanwhile).
/// </summary>
[CollectionDefinition(DisableParallelization = true)]
public sealed class ConsoleOutput;

[Collection(typeof(ConsoleOutput))]
public sealed class when_a_function_logs(DynamoDbLocalFixture dynamo)
{
    /// <summary>Builds a host writing to a buffer, runs <paramref name="use"/>, disposes the host (which flushes the logger) and returns the lines.</summary>
    private static async Task<string[]> CaptureAsync(Func<LambdaFunctionHost> build, Func<LambdaFunctionHost, Task> use)
    {
        var original = Console.Out;
        var buffer = new StringWriter();
        Console.SetOut(TextWriter.Synchronized(buffer));
        try
        {
            await using (var host = build())
            {
                await use(host);
            }
        }
        finally
        {
            Console.SetOut(original);
        }

        return buffer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static JsonObject LineWith(string[] lines, string text)
    {
        var line = Assert.Single(lines, l => l.Contains(text, StringComparison.Ordinal));
        return JsonNode.Parse(line)!.AsObject();
    }

    private static JsonObject ScopeWith(JsonObject log, string property) =>
        Assert.Single(log["Scopes"]!.AsArray(), s => s is JsonObject o && o.ContainsKey(property))!.AsObject();

    [Fact]
    public async Task a_failed_message_is_one_json_line_carrying_its_correlation_event_causation_and_message_ids()
    {
        var table = await dynamo.CreateTableAsync(StockTopology.Table, Ct);
        var correlationId = "corr-" + Guid.NewGuid();
        var record = Record(new SubscriptionActivated { SubscriptionId = Guid.CreateVersion7(), PaymentId = Guid.CreateVersion7() }, correlationId);
        var causationId = JsonNode.Parse(record.Detail)!["metadata"]!["causationId"].Text();

        var lines = await CaptureAsync(
            () => StockFunctionHosts.Inbound(
                InboundSettings((CloudSettings.StockTable, table.Name)),
                services => services.AddSingleton(dynamo.Client).AddSingleton<IDeadLetterQueue>(new RecordingDeadLetters())),
            host => InvokeAsync(LambdaEntries.SqsAsync, host, SqsEvent(("m-log-1", BusEvent(record), null))));

        var log = LineWith(lines, correlationId);
        Assert.Equal("Warning", log["LogLevel"].Text());
        Assert.Equal("Razors.Messaging.Consumers.EventQueueFunction", log["Category"].Text());
        Assert.Contains("m-log-1", log["Message"].Text(), StringComparison.Ordinal);
        var scope = ScopeWith(log, "correlationId");
        Assert.Equal(correlationId, scope["correlationId"].Text());
        Assert.Equal(record.EventId.ToString(), scope["eventId"].Text());
        Assert.Equal(causationId, scope["causationId"].Text());
        Assert.Equal("m-log-1", scope["messageId"].Text());
    }

    [Fact]
    public async Task a_failed_http_request_is_one_json_line_carrying_the_api_gateway_request_id()
    {
        var requestId = "req-" + Guid.NewGuid();

        var lines = await CaptureAsync(
            () => LambdaFunctionHost.CreateHttpApi(Settings(), _ => { }, app => app.MapGet("/fails", IResult () => throw new InvalidOperationException("boom"))),
            host => InvokeAsync(LambdaEntries.HttpApiAsync, host, HttpApiRequests.Request("GET", "/fails", requestId: requestId)));

        var log = LineWith(lines, requestId);
        Assert.Equal("Error", log["LogLevel"].Text());
        Assert.Equal(requestId, ScopeWith(log, "apiRequestId")["apiRequestId"].Text());
        Assert.Contains("boom", log["Exception"].Text(), StringComparison.Ordinal);
    }
}
