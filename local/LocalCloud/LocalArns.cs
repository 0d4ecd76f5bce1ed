using Razors.LocalCloud.Buses;

namespace Razors.LocalCloud;

/// <summary>
/// Every ARN the local cloud makes, in one region and account, spelled as AWS spells them
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html).
/// </summary>
public sealed class LocalArns(string region, string account)
{
    /// <summary>The local cloud's region and account when a host does not choose others.</summary>
    public const string DefaultRegion = "local";
    public const string DefaultAccountId = "000000000000";

    public string Bus(string name) => $"arn:aws:events:{region}:{account}:event-bus/{name}";

    // Rules on the default bus have no bus segment; rules on custom buses do.
    public string Rule(string bus, string rule) =>
        bus == LocalEventBridge.DefaultBus
            ? $"arn:aws:events:{region}:{account}:rule/{rule}"
            : $"arn:aws:events:{region}:{account}:rule/{bus}/{rule}";

    public string Queue(string name) => $"arn:aws:sqs:{region}:{account}:{name}";

    public string Function(string name) => $"arn:aws:lambda:{region}:{account}:function:{name}";

    public string DeliveryStream(string name) => $"arn:aws:firehose:{region}:{account}:deliverystream/{name}";

    /// <summary>Whether <paramref name="nameOrArn"/> is an event bus ARN (of any region or account).</summary>
    public static bool IsBusArn(string nameOrArn) =>
        nameOrArn.StartsWith("arn:", StringComparison.Ordinal) && nameOrArn.Contains(":event-bus/", StringComparison.Ordinal);
}
