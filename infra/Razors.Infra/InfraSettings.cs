using System.Text.RegularExpressions;
using Amazon.CDK;
using Constructs;
using Razors.Topology;

namespace Razors.Infra;

/// <summary>
/// The CDK context parameters (<c>cdk deploy -c razors:stockAccount=111122223333</c>). A peer
/// account defaults to the deploying account, so a single-account deployment needs none; every
/// other setting has a default too.
/// </summary>
public sealed partial record InfraSettings(IReadOnlyDictionary<string, string> PeerAccounts, string WorkerImageTag)
{
    public const string WorkerImageTagKey = "razors:workerImageTag";
    public const string ApiRateLimitKey = "razors:apiRateLimit";
    public const string ApiBurstLimitKey = "razors:apiBurstLimit";
    public const string RelayConcurrencyKey = "razors:relayConcurrency";
    public const string AlarmEmailKey = "razors:alarmEmail";
    public const string OldestMessageAlarmSecondsKey = "razors:oldestMessageAlarmSeconds";

    /// <summary>Steady-state requests per second the <c>$default</c> stage of each HTTP API admits (<c>razors:apiRateLimit</c>).</summary>
    public double ApiRateLimit { get; init; } = 50;

    /// <summary>Requests the <c>$default</c> stage admits at once above the rate (<c>razors:apiBurstLimit</c>).</summary>
    public int ApiBurstLimit { get; init; } = 100;

    /// <summary>
    /// Reserved concurrency of each outbox relay function (<c>razors:relayConcurrency</c>, 2 to
    /// 1000): a relay can neither starve the account's other functions nor be starved by them. The
    /// SQS mapping of a queue-fed relay takes the same maximum concurrency, whose minimum is 2.
    /// </summary>
    public int RelayConcurrency { get; init; } = 5;

    /// <summary>Where the alarm topic mails to (<c>razors:alarmEmail</c>); empty subscribes nobody.</summary>
    public string AlarmEmail { get; init; } = "";

    /// <summary>Age of the oldest message in a queue a function reads above which its alarm fires (<c>razors:oldestMessageAlarmSeconds</c>).</summary>
    public int OldestMessageAlarmSeconds { get; init; } = 900;

    /// <summary><c>razors:subscriptionAccount</c>, <c>razors:stockAccount</c>, … : one per service of <see cref="ServiceNames"/>.</summary>
    public static string AccountKey(string service) => $"razors:{service}Account";

    public static readonly IReadOnlyList<string> ServiceNames =
    [
        SubscriptionTopology.Service, StockTopology.Service, PaymentsTopology.Service, CustomersTopology.Service,
        NotificationsTopology.Service, InsightsTopology.Service,
    ];

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

        var email = node.TryGetContext(AlarmEmailKey)?.ToString() ?? "";
        if (email.Length > 0 && !Email().IsMatch(email))
        {
            throw new ArgumentException($"Context '{AlarmEmailKey}' must be an email address or empty, got '{email}'.");
        }

        var defaults = new InfraSettings(accounts, tag);
        return defaults with
        {
            ApiRateLimit = Number(node, ApiRateLimitKey, defaults.ApiRateLimit, 1, 10_000),
            ApiBurstLimit = (int)Number(node, ApiBurstLimitKey, defaults.ApiBurstLimit, 1, 5_000, whole: true),
            RelayConcurrency = (int)Number(node, RelayConcurrencyKey, defaults.RelayConcurrency, 2, 1_000, whole: true),
            AlarmEmail = email,
            OldestMessageAlarmSeconds = (int)Number(node, OldestMessageAlarmSecondsKey, defaults.OldestMessageAlarmSeconds, 60, 1_209_600, whole: true),
        };
    }

    /// <summary>A number from context (given as a number or a string, as <c>-c key=value</c> does), within its range.</summary>
    private static double Number(Node node, string key, double fallback, double min, double max, bool whole = false)
    {
        if (node.TryGetContext(key) is not { } value)
        {
            return fallback;
        }

        var text = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
        if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number)
            || number < min || number > max || (whole && number != Math.Floor(number)))
        {
            throw new ArgumentException($"Context '{key}' must be a{(whole ? " whole" : "")} number from {min} to {max}, got '{text}'.");
        }

        return number;
    }

    /// <summary>The account a service is deployed to: from context, else the deploying account.</summary>
    public string AccountOf(string service) => PeerAccounts.TryGetValue(service, out var account) ? account : Aws.ACCOUNT_ID;

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex AccountId();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex ImageTag();

    [GeneratedRegex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$")]
    private static partial Regex Email();
}
