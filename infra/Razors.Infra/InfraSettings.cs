using System.Text.RegularExpressions;
using Amazon.CDK;
using Constructs;
using Razors.Topology;

namespace Razors.Infra;

/// <summary>
/// The CDK context parameters (<c>cdk deploy -c razors:stockAccount=111122223333</c>). A peer
/// account defaults to the deploying account, so a single-account deployment needs none.
/// </summary>
public sealed partial record InfraSettings(IReadOnlyDictionary<string, string> PeerAccounts, string WorkerImageTag)
{
    public const string WorkerImageTagKey = "razors:workerImageTag";

    /// <summary><c>razors:subscriptionAccount</c>, <c>razors:stockAccount</c>, <c>razors:paymentsAccount</c>.</summary>
    public static string AccountKey(string service) => $"razors:{service}Account";

    public static readonly IReadOnlyList<string> ServiceNames = [SubscriptionTopology.Service, StockTopology.Service, PaymentsTopology.Service];

    public static InfraSettings From(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var accounts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var service in ServiceNames)
        {
            var key = AccountKey(service);
            if (node.TryGetContext(key) is { } value)
            {
                var account = value.ToString() ?? "";
                if (!AccountId().IsMatch(account))
                {
                    throw new ArgumentException($"Context '{key}' must be a 12-digit AWS account id, got '{account}'.");
                }

                accounts[service] = account;
            }
        }

        var tag = node.TryGetContext(WorkerImageTagKey)?.ToString() ?? "latest";
        if (!ImageTag().IsMatch(tag))
        {
            throw new ArgumentException($"Context '{WorkerImageTagKey}' must be a container image tag ([A-Za-z0-9_][A-Za-z0-9._-]{{0,127}}), got '{tag}'.");
        }

        return new InfraSettings(accounts, tag);
    }

    /// <summary>The account a service is deployed to: from context, else the deploying account.</summary>
    public string AccountOf(string service) => PeerAccounts.TryGetValue(service, out var account) ? account : Aws.ACCOUNT_ID;

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex AccountId();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex ImageTag();
}
