namespace Razors.LocalCloud.Buses;

/// <summary>ARNs in the local region and account, spelled as AWS spells them.</summary>
internal sealed class Arns(string region, string account)
{
    public string Bus(string name) => $"arn:aws:events:{region}:{account}:event-bus/{name}";

    // Rules on the default bus have no bus segment; rules on custom buses do.
    public string Rule(string bus, string rule) =>
        bus == LocalEventBridge.DefaultBus
            ? $"arn:aws:events:{region}:{account}:rule/{rule}"
            : $"arn:aws:events:{region}:{account}:rule/{bus}/{rule}";

    public string Queue(string name) => $"arn:aws:sqs:{region}:{account}:{name}";

    public string Function(string name) => $"arn:aws:lambda:{region}:{account}:function:{name}";
}
