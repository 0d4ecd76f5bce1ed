using System.Text.RegularExpressions;
using Constructs;

namespace Razors.Infra;

/// <summary>
/// The CDK context parameters of the bootstrap stack (<see cref="BootstrapStack"/>), the choices
/// <c>cdk bootstrap --trust</c> and <c>--cloudformation-execution-policies</c> make for the
/// standard one. With neither, only the account itself may use the roles, and the CloudFormation
/// execution role has <c>AdministratorAccess</c>.
/// </summary>
public sealed partial record BootstrapSettings(IReadOnlyList<string> TrustedAccounts, IReadOnlyList<string> ExecutionPolicies)
{
    /// <summary><c>true</c>: the app holds the bootstrap stack and nothing else (<see cref="RazorsApp.Compose"/>).</summary>
    public const string BootstrapKey = "razors:bootstrap";

    /// <summary>Comma-separated account ids that may publish assets, deploy and look up, as <c>cdk bootstrap --trust</c>.</summary>
    public const string TrustKey = "razors:bootstrapTrust";

    /// <summary>Comma-separated managed policy ARNs for the CloudFormation execution role, as <c>cdk bootstrap --cloudformation-execution-policies</c>.</summary>
    public const string ExecutionPoliciesKey = "razors:bootstrapExecutionPolicies";

    /// <summary>Whether the context asks for the bootstrap stack (<c>razors:bootstrap</c>: <c>true</c> or <c>false</c>, the default).</summary>
    public static bool Requested(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var text = node.TryGetContext(BootstrapKey) is { } value
            ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? ""
            : "false";
        return text switch
        {
            "true" or "True" => true,
            "false" or "False" => false,
            _ => throw new ArgumentException($"Context '{BootstrapKey}' must be 'true' or 'false', got '{text}'."),
        };
    }

    public static BootstrapSettings From(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var accounts = List(node, TrustKey, AccountId(), "12-digit AWS account ids");
        var policies = List(node, ExecutionPoliciesKey, ManagedPolicyArn(), "IAM managed policy ARNs (arn:<partition>:iam::<aws or account>:policy/<name>)");

        // The CLI refuses --trust without --cloudformation-execution-policies, so that trusting
        // another account never hands it AdministratorAccess by default
        // (packages/@aws-cdk/toolkit-lib/lib/api/bootstrap/bootstrap-environment.ts in aws/aws-cdk-cli).
        if (accounts.Count > 0 && policies.Count == 0)
        {
            throw new ArgumentException($"Context '{ExecutionPoliciesKey}' must name the execution role's policies when '{TrustKey}' is given, got '{string.Join(',', accounts)}' and no policies.");
        }

        return new BootstrapSettings(accounts, policies);
    }

    /// <summary>A comma-separated list from context; an absent or empty value is none, an entry of the wrong form fails.</summary>
    private static List<string> List(Node node, string key, Regex entry, string what)
    {
        var text = node.TryGetContext(key) is { } value ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "" : "";
        if (text.Trim().Length == 0)
        {
            return [];
        }

        var entries = text.Split(',', StringSplitOptions.TrimEntries);
        if (entries.Any(e => !entry.IsMatch(e)))
        {
            throw new ArgumentException($"Context '{key}' must be comma-separated {what}, got '{text}'.");
        }

        return [.. entries.Distinct(StringComparer.Ordinal)];
    }

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex AccountId();

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns
    [GeneratedRegex("^arn:aws(-[a-z]+)*:iam::(aws|[0-9]{12}):policy/[A-Za-z0-9+=,.@_/-]+$")]
    private static partial Regex ManagedPolicyArn();
}
