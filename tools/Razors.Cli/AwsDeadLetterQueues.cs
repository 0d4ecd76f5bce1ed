using System.Globalization;
using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace Razors.Cli;

/// <summary>
/// <c>razors dlq … --aws</c>: the topology's dead-letter queues in an AWS account, over SQS. The
/// queue names are the topology's, as the CDK stacks create them.
/// </summary>
internal sealed class AwsDeadLetterQueues(IAmazonSQS sqs, DeadLetterQueueCatalog catalog, TextWriter output, TextWriter error)
{
    /// <summary>How long a shown message stays invisible at most; it is made visible again once printed.</summary>
    public const int ShowVisibilityTimeoutSeconds = 30;

    private const int MaxUnlistedPolls = 30;

    private static readonly string[] EventBridgeAttributes =
        ["ERROR_CODE", "ERROR_MESSAGE", "RULE_ARN", "TARGET_ARN", "EXHAUSTED_RETRY_CONDITION", "RETRY_ATTEMPTS"];

    /// <summary>How often <see cref="RedriveAsync"/> asks for the move task's progress.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    public async Task<int> ListAsync(CancellationToken cancellationToken)
    {
        output.WriteLine($"{"dead-letter queue",-36} {"visible",8} {"in flight",9}  serves");
        var missing = 0;
        foreach (var queue in catalog.All)
        {
            var url = await FindUrlAsync(queue.Name, cancellationToken);
            if (url is null)
            {
                missing++;
                output.WriteLine($"{queue.Name,-36} {"-",8} {"-",9}  {queue.Serves} [not deployed here]");
                continue;
            }

            var attributes = await sqs.GetQueueAttributesAsync(
                new GetQueueAttributesRequest
                {
                    QueueUrl = url,
                    AttributeNames = [QueueAttributeName.ApproximateNumberOfMessages, QueueAttributeName.ApproximateNumberOfMessagesNotVisible],
                },
                cancellationToken);
            output.WriteLine($"{queue.Name,-36} {Attribute(attributes, QueueAttributeName.ApproximateNumberOfMessages),8} {Attribute(attributes, QueueAttributeName.ApproximateNumberOfMessagesNotVisible),9}  {queue.Serves}");
        }

        if (missing > 0)
        {
            output.WriteLine($"{missing} of {catalog.All.Count} queue(s) do not exist in this account and region (their stack is not deployed).");
        }

        return 0;
    }

    public async Task<int> ShowAsync(string queue, int limit, CancellationToken cancellationToken)
    {
        if (!TryFind(queue, out var info))
        {
            return 1;
        }

        var url = await RequireUrlAsync(info.Name, cancellationToken);
        if (url is null)
        {
            return 1;
        }

        var shown = new Dictionary<string, Message>(StringComparer.Ordinal);
        while (shown.Count < limit)
        {
            var response = await sqs.ReceiveMessageAsync(
                new ReceiveMessageRequest
                {
                    QueueUrl = url,
                    MaxNumberOfMessages = Math.Min(10, limit - shown.Count),
                    VisibilityTimeout = ShowVisibilityTimeoutSeconds,
                    // Long polling asks every SQS server, so a nearly empty queue is not reported empty.
                    WaitTimeSeconds = 1,
                    MessageSystemAttributeNames = ["All"],
                    MessageAttributeNames = ["All"],
                },
                cancellationToken);
            var fresh = (response.Messages ?? []).Where(m => shown.TryAdd(m.MessageId, m)).ToList();
            if (fresh.Count == 0)
            {
                break;
            }

            foreach (var message in fresh)
            {
                Describe(message, output);
            }
        }

        await MakeVisibleAgainAsync(url, shown.Values, cancellationToken);
        output.WriteLine($"{shown.Count} message(s) shown from {info.Name}; none deleted.");
        return 0;
    }

    public async Task<int> RedriveAsync(string queue, bool wait, CancellationToken cancellationToken)
    {
        if (!TryFind(queue, out var info))
        {
            return 1;
        }

        if (info.Feed != DeadLetterFeed.QueueRedrive)
        {
            error.WriteLine(CannotRedrive(info));
            return 1;
        }

        var url = await RequireUrlAsync(info.Name, cancellationToken);
        if (url is null)
        {
            return 1;
        }

        var arn = await ArnAsync(url, cancellationToken);
        // Consumers and relays send what fails for good to their DLQ themselves, with the reason:
        // SQS did not dead-letter those, so the destination is named: the one queue whose redrive
        // policy names this DLQ, in the same account and region (SQS's own redrives go back there too).
        var destinationArn = info.Sources is [var source] ? arn[..(arn.LastIndexOf(':') + 1)] + source : null;
        // Finished tasks are listed without their handle, so ours is told from earlier ones by its start time.
        var earlier = await sqs.ListMessageMoveTasksAsync(new ListMessageMoveTasksRequest { SourceArn = arn, MaxResults = 10 }, cancellationToken);
        var newestEarlierStart = (earlier.Results ?? []).Select(t => t.StartedTimestamp ?? 0).DefaultIfEmpty(0).Max();
        var started = await sqs.StartMessageMoveTaskAsync(new StartMessageMoveTaskRequest { SourceArn = arn, DestinationArn = destinationArn }, cancellationToken);
        var destinations = string.Join(", ", info.Sources);
        output.WriteLine($"Moving the messages of {info.Name} back to {destinations} (task {started.TaskHandle}).");
        if (!wait)
        {
            output.WriteLine($"Not waiting; see progress with the AWS console or ListMessageMoveTasks on {arn}.");
            return 0;
        }

        string? lastProgress = null;
        for (var unlisted = 0; ; )
        {
            await Task.Delay(PollInterval, cancellationToken);
            var tasks = await sqs.ListMessageMoveTasksAsync(new ListMessageMoveTasksRequest { SourceArn = arn, MaxResults = 10 }, cancellationToken);
            // SQS gives the handle only while a task runs; one task runs per queue at a time, so an
            // ended task that started after every earlier one is ours.
            var task = tasks.Results?.FirstOrDefault(t => t.TaskHandle == started.TaskHandle)
                ?? tasks.Results?.FirstOrDefault(t => t.TaskHandle is null && (t.StartedTimestamp ?? 0) > newestEarlierStart);
            if (task is null)
            {
                // Listing is eventually consistent; a task that never shows up is reported, not waited on forever.
                if (++unlisted == MaxUnlistedPolls)
                {
                    error.WriteLine($"razors: SQS lists no move task for {info.Name} after {MaxUnlistedPolls} polls; check ListMessageMoveTasks on {arn}.");
                    return 1;
                }

                continue;
            }

            var moved = task.ApproximateNumberOfMessagesMoved ?? 0;
            var progress = $"{task.Status}: moved {moved} of ~{task.ApproximateNumberOfMessagesToMove?.ToString(CultureInfo.InvariantCulture) ?? "?"}";
            if (progress != lastProgress)
            {
                output.WriteLine(progress);
                lastProgress = progress;
            }

            switch (task.Status)
            {
                case "COMPLETED":
                    output.WriteLine($"Moved {moved} message(s) from {info.Name} back to {destinations}.");
                    return 0;
                case "FAILED":
                    error.WriteLine($"razors: moving messages out of {info.Name} failed after {moved} message(s): {task.FailureReason ?? "no reason given"}.");
                    return 1;
                case "CANCELLED":
                    error.WriteLine($"razors: the move task on {info.Name} was cancelled after {moved} message(s).");
                    return 1;
            }
        }
    }

    /// <summary>One dead-lettered message with the reason it is here, as far as the message tells.</summary>
    internal static void Describe(Message message, TextWriter output)
    {
        var system = message.Attributes ?? [];
        var group = system.TryGetValue("MessageGroupId", out var g) ? $"  group {g}" : "";
        output.WriteLine($"message {message.MessageId}  sent {Timestamp(system, "SentTimestamp")}  receives {system.GetValueOrDefault("ApproximateReceiveCount", "?")}{group}");

        var attributes = message.MessageAttributes ?? [];
        if (attributes.ContainsKey("ERROR_CODE") || attributes.ContainsKey("TARGET_ARN"))
        {
            output.WriteLine("  EventBridge could not deliver it:");
            foreach (var name in EventBridgeAttributes.Where(attributes.ContainsKey))
            {
                output.WriteLine($"    {name}: {attributes[name].StringValue}");
            }
        }

        foreach (var (name, value) in attributes.Where(a => !EventBridgeAttributes.Contains(a.Key)).OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {name}: {value.StringValue}");
        }

        if (system.TryGetValue("DeadLetterQueueSourceArn", out var source))
        {
            output.WriteLine($"  dead-lettered from {source} after too many receives (the count includes this look)");
        }

        DescribeBody(message.Body, output);
    }

    private static void DescribeBody(string body, TextWriter output)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("DDBStreamBatchInfo", out var batch))
            {
                var context = root.TryGetProperty("requestContext", out var c) ? c : default;
                var response = root.TryGetProperty("responseContext", out var r) ? r : default;
                output.WriteLine($"  Lambda gave up on a stream batch: {Text(context, "condition")} after {Text(context, "approximateInvokeCount")} invocation(s), function error {Text(response, "functionError")}");
                output.WriteLine($"    function: {Text(context, "functionArn")}");
                output.WriteLine($"    stream:   {Text(batch, "streamArn")}");
                output.WriteLine($"    shard:    {Text(batch, "shardId")}, sequence {Text(batch, "startSequenceNumber")} to {Text(batch, "endSequenceNumber")} ({Text(batch, "batchSize")} record(s))");
                output.WriteLine($"    arrived:  {Text(batch, "approximateArrivalOfFirstRecord")} to {Text(batch, "approximateArrivalOfLastRecord")}");
                return;
            }

            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("detail-type", out var detailType) && root.TryGetProperty("detail", out var detail))
            {
                var metadata = detail.ValueKind == JsonValueKind.Object && detail.TryGetProperty("metadata", out var m) ? m : default;
                var id = root.TryGetProperty("id", out var busId) ? $"  id {busId}" : "";
                output.WriteLine($"  event {detailType} from {Text(root, "source")}{id}  eventId {Text(metadata, "eventId")}  aggregate {Text(metadata, "aggregateId")} v{Text(metadata, "aggregateVersion")}");
            }
        }
        catch (JsonException)
        {
            // Not JSON: the body below is all there is.
        }

        output.WriteLine($"  body: {body}");
    }

    private static string Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.ToString()
            : "-";

    private static string Timestamp(Dictionary<string, string> attributes, string name) =>
        attributes.TryGetValue(name, out var value) && long.TryParse(value, CultureInfo.InvariantCulture, out var milliseconds)
            ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : "?";

    private static string Attribute(GetQueueAttributesResponse response, string name) =>
        response.Attributes?.GetValueOrDefault(name) ?? "?";

    private static string CannotRedrive(DeadLetterQueueInfo info) => info.Feed switch
    {
        DeadLetterFeed.RuleTargets =>
            $"razors: {info.Name} is EventBridge's dead-letter queue for rule targets ({string.Join(", ", info.Sources)}), not an SQS queue's: " +
            "SQS can move messages back only to a source queue, so there is nothing to redrive to. Each message body is the event itself: " +
            "once the target works again, put the events back on their bus (PutEvents with the body's source, detail-type and detail) " +
            "or replay the time window from the bus's archive, then delete the messages. Consumers deduplicate on metadata.eventId, " +
            "so an event delivered twice changes nothing. `razors dlq show --aws` prints each event and why it failed.",
        DeadLetterFeed.StreamOnFailure =>
            $"razors: {info.Name} holds Lambda's on-failure records for {string.Join(", ", info.Sources)}: each names a DynamoDB stream shard " +
            "and a sequence-number range, not the events, and Lambda takes nothing back from a queue. The outbox items are still in the " +
            "table until their TTL: publish them again by reading that range from the stream while it keeps it (24 hours) and putting " +
            "their entries on the bus; consumers deduplicate on metadata.eventId. `razors dlq show --aws` prints the ranges.",
        _ => $"razors: {info.Name} cannot be redriven.",
    };

    private bool TryFind(string queue, out DeadLetterQueueInfo info)
    {
        if (catalog.TryFind(queue, out info))
        {
            return true;
        }

        error.WriteLine($"razors: '{queue}' is not a dead-letter queue of Razors; use one of: {string.Join(", ", catalog.All.Select(q => q.Name))}.");
        return false;
    }

    private async Task<string?> FindUrlAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return (await sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = name }, cancellationToken)).QueueUrl;
        }
        catch (QueueDoesNotExistException)
        {
            return null;
        }
    }

    private async Task<string> ArnAsync(string url, CancellationToken cancellationToken) =>
        (await sqs.GetQueueAttributesAsync(
            new GetQueueAttributesRequest { QueueUrl = url, AttributeNames = [QueueAttributeName.QueueArn] },
            cancellationToken)).Attributes[QueueAttributeName.QueueArn];

    private async Task<string?> RequireUrlAsync(string name, CancellationToken cancellationToken)
    {
        var url = await FindUrlAsync(name, cancellationToken);
        if (url is null)
        {
            error.WriteLine($"razors: {name} does not exist in this account and region; deploy its service's stack, or check --region and --profile.");
        }

        return url;
    }

    private async Task MakeVisibleAgainAsync(string url, IEnumerable<Message> messages, CancellationToken cancellationToken)
    {
        foreach (var chunk in messages.Chunk(10))
        {
            var response = await sqs.ChangeMessageVisibilityBatchAsync(
                new ChangeMessageVisibilityBatchRequest
                {
                    QueueUrl = url,
                    Entries = [.. chunk.Select((m, i) => new ChangeMessageVisibilityBatchRequestEntry { Id = i.ToString(CultureInfo.InvariantCulture), ReceiptHandle = m.ReceiptHandle, VisibilityTimeout = 0 })],
                },
                cancellationToken);
            foreach (var failed in response.Failed ?? [])
            {
                error.WriteLine($"razors: a shown message stays invisible up to {ShowVisibilityTimeoutSeconds} s ({failed.Code}: {failed.Message}).");
            }
        }
    }
}
