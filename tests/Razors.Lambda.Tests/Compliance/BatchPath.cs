using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Razors.Lambda.Events;
using static Razors.Lambda.Tests.Invocations;

namespace Razors.Lambda.Tests.Compliance;

/// <summary>
/// How a batch reaches a function: the batch compliance suite runs every scenario both ways, so
/// the local cloud's event-source mappings and Lambda see the same outcome for the same batch.
/// </summary>
public abstract class BatchPath
{
    /// <summary>The batch object handed to the function the host composed, as the local mappings call it.</summary>
    public static BatchPath InProcess { get; } = new InProcessPath();

    /// <summary>The batch as Lambda's JSON through <see cref="LambdaEntries"/>, the response read back from its JSON.</summary>
    public static BatchPath ThroughTheLambdaEntry { get; } = new LambdaEntryPath();

    /// <summary>Delivers an SQS batch; returns the item identifiers of the batch item failures, in the order reported.</summary>
    public abstract Task<string?[]> DeliverAsync(LambdaFunctionHost host, SQSEvent batch);

    /// <summary>Delivers a DynamoDB stream batch; returns the item identifiers of the batch item failures, in the order reported.</summary>
    public abstract Task<string?[]> DeliverAsync(LambdaFunctionHost host, DynamoDBEvent batch);

    private sealed class InProcessPath : BatchPath
    {
        public override async Task<string?[]> DeliverAsync(LambdaFunctionHost host, SQSEvent batch)
        {
            var response = await host.Services.GetRequiredService<ISqsFunction>().HandleAsync(batch, Ct);
            return [.. response.BatchItemFailures.Select(f => f.ItemIdentifier)];
        }

        public override async Task<string?[]> DeliverAsync(LambdaFunctionHost host, DynamoDBEvent batch)
        {
            var response = await host.Services.GetRequiredService<IDynamoDbStreamFunction>().HandleAsync(batch, Ct);
            return [.. response.BatchItemFailures.Select(f => f.ItemIdentifier)];
        }
    }

    private sealed class LambdaEntryPath : BatchPath
    {
        public override async Task<string?[]> DeliverAsync(LambdaFunctionHost host, SQSEvent batch) =>
            Failures(await InvokeAsync(LambdaEntries.SqsAsync, host, ToLambdaJson(batch)));

        public override async Task<string?[]> DeliverAsync(LambdaFunctionHost host, DynamoDBEvent batch) =>
            Failures(await InvokeAsync(LambdaEntries.DynamoDbStreamAsync, host, ToLambdaJson(batch)));

        /// <summary>Reads the response by the names Lambda reads; an item without an identifier shows up as null.</summary>
        private static string?[] Failures(JsonNode response) =>
            [.. response["batchItemFailures"]!.AsArray().Select(f => f?["itemIdentifier"]?.GetValue<string>())];
    }
}
