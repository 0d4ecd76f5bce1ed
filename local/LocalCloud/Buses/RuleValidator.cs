using System.Text.RegularExpressions;
using Razors.LocalCloud.Patterns;
using Razors.Topology;

namespace Razors.LocalCloud.Buses;

/// <summary>The checks PutRule and PutTargets make before anything is stored.</summary>
internal static partial class RuleValidator
{
    // PutTargets accepts at most 5 targets per rule.
    private const int MaxTargetsPerRule = 5;

    [GeneratedRegex(@"^[\.\-_A-Za-z0-9]{1,64}$")]
    private static partial Regex RuleName();

    [GeneratedRegex(@"^[\.\-_A-Za-z0-9]{1,64}$")]
    private static partial Regex TargetId();

    // CreateEventBus: a custom bus name is 1–256 of these characters (and "/" only for partner buses).
    [GeneratedRegex(@"^[\.\-_A-Za-z0-9]{1,256}$")]
    private static partial Regex BusName();

    // CreateDeliveryStream: DeliveryStreamName is 1–64 of [a-zA-Z0-9_.-]
    // (https://docs.aws.amazon.com/firehose/latest/APIReference/API_CreateDeliveryStream.html).
    [GeneratedRegex(@"^[\.\-_A-Za-z0-9]{1,64}$")]
    private static partial Regex DeliveryStreamName();

    public static void ValidateBus(BusDefinition bus)
    {
        if (!BusName().IsMatch(bus.Name))
        {
            throw Invalid($"Event bus name '{bus.Name}' must be 1–256 characters of letters, digits, '.', '-' and '_'.");
        }

        if (bus.ArchiveRetentionDays < 0)
        {
            throw Invalid($"Event bus {bus.Name}: ArchiveRetentionDays must be 0 (indefinite) or more.");
        }
    }

    /// <summary>The checks CreateDeliveryStream makes on what a local delivery stream uses: its name, its bus and its buffering hints.</summary>
    public static void ValidateDeliveryStream(DeliveryStreamDefinition stream)
    {
        if (!DeliveryStreamName().IsMatch(stream.Name))
        {
            throw Invalid($"Delivery stream name '{stream.Name}' must be 1–64 characters of letters, digits, '.', '-' and '_'.");
        }

        if (!BusName().IsMatch(stream.Bus))
        {
            throw Invalid($"Delivery stream {stream.Name}: '{stream.Bus}' is not an event bus name.");
        }

        // BufferingHints, in the ranges DeliveryStreamDefinition states (shared/Topology/Definitions.cs).
        if (stream.BufferIntervalSeconds is < 60 or > 900)
        {
            throw Invalid($"Delivery stream {stream.Name}: BufferIntervalSeconds must be between 60 and 900, not {stream.BufferIntervalSeconds}.");
        }

        if (stream.BufferSizeMiB is < 1 or > 128)
        {
            throw Invalid($"Delivery stream {stream.Name}: BufferSizeMiB must be between 1 and 128, not {stream.BufferSizeMiB}.");
        }
    }

    public static EventPattern Validate(RuleDefinition rule)
    {
        if (!RuleName().IsMatch(rule.Name))
        {
            throw Invalid($"Rule name '{rule.Name}' must be 1–64 characters of letters, digits, '.', '-' and '_'.");
        }

        if (!EventPattern.TryParse(rule.EventPattern, out var pattern, out var error))
        {
            throw new LocalEventBridgeException("InvalidEventPatternException", $"Event pattern is not valid. Reason: {error}");
        }

        if (rule.Targets.Count > MaxTargetsPerRule)
        {
            throw new LocalEventBridgeException("LimitExceededException", $"Rule {rule.Name} has {rule.Targets.Count} targets; the limit is {MaxTargetsPerRule}.");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var target in rule.Targets)
        {
            Validate(target);
            if (!ids.Add(target.Id))
            {
                throw Invalid($"Rule {rule.Name} has two targets with the id '{target.Id}'.");
            }
        }

        return pattern;
    }

    private static void Validate(TargetDefinition target)
    {
        if (!TargetId().IsMatch(target.Id))
        {
            throw Invalid($"Target id '{target.Id}' must be 1–64 characters of letters, digits, '.', '-' and '_'.");
        }

        var retry = target.RetryPolicy;
        if (retry.MaximumRetryAttempts is < 0 or > 185)
        {
            throw Invalid($"Target {target.Id}: MaximumRetryAttempts must be between 0 and 185, not {retry.MaximumRetryAttempts}.");
        }

        if (retry.MaximumEventAgeInSeconds is < 60 or > 86_400)
        {
            throw Invalid($"Target {target.Id}: MaximumEventAgeInSeconds must be between 60 and 86400, not {retry.MaximumEventAgeInSeconds}.");
        }

        if (string.IsNullOrWhiteSpace(target.DeadLetterQueue))
        {
            throw Invalid($"Target {target.Id} has no dead-letter queue.");
        }

        // An EventBridge DLQ must be a standard queue (eb-rule-dlq); SQS FIFO queue names end in ".fifo".
        if (IsFifo(target.DeadLetterQueue))
        {
            throw Invalid($"Target {target.Id}: the dead-letter queue {target.DeadLetterQueue} must be a standard queue, not FIFO.");
        }

        var (_, resource) = TargetColumns.Of(target);
        if (string.IsNullOrWhiteSpace(resource))
        {
            throw Invalid($"Target {target.Id} names no resource.");
        }

        // Target.SqsParameters: MessageGroupId is required for a FIFO queue target, and a topology
        // queue target has none to give (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_SqsParameters.html).
        if (target is QueueTarget && IsFifo(resource))
        {
            throw Invalid($"Target {target.Id}: the FIFO queue {resource} needs a MessageGroupId, which a topology queue target does not set.");
        }

        // A Firehose target's ARN names a delivery stream; PutTargets does not check that it exists
        // (a missing stream fails at delivery, NO_RESOURCE), only that the ARN is well formed.
        if (target is DeliveryStreamTarget && !DeliveryStreamName().IsMatch(resource))
        {
            throw Invalid($"Target {target.Id}: '{resource}' is not a delivery stream name (1–64 characters of letters, digits, '.', '-' and '_').");
        }
    }

    public static bool IsFifo(string queueName) => queueName.EndsWith(".fifo", StringComparison.Ordinal);

    private static LocalEventBridgeException Invalid(string message) => new("ValidationException", message);
}
