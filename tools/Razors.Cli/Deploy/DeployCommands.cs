using System.CommandLine;
using System.CommandLine.Parsing;

namespace Razors.Cli.Deploy;

/// <summary>
/// <c>razors deploy|diff|destroy|bootstrap</c>: the infra app (<c>infra/Razors.Infra</c>) deployed
/// with the .NET SDK alone, the way <c>cdk deploy|diff|destroy|bootstrap</c> do it (infra/README.md
/// keeps those equivalents). Each command synthesizes the app into a cloud assembly first.
/// </summary>
internal static class DeployCommands
{
    /// <summary>The context key that makes the infra app synthesize the bootstrap stack alone (infra/Razors.Infra/Program.cs).</summary>
    public const string BootstrapContextKey = "razors:bootstrap";

    /// <summary>The names of the commands here: they handle Ctrl-C themselves (<see cref="Interruption"/>).</summary>
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal) { "deploy", "diff", "destroy", "bootstrap", "worker-image" };

    public static IEnumerable<Command> Create()
    {
        var common = new CommonOptions();
        var stacks = new Argument<string[]>("stacks") { Description = "The stacks (RazorsSubscription, RazorsStock, …; see --all).", Arity = ArgumentArity.ZeroOrMore };
        var all = new Option<bool>("--all") { Description = "Every stack of the app, in dependency order (destroy: the reverse)." };
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask before deploying or destroying (replacing a resource that holds data still needs --replace-data)." };
        var replaceData = new Option<bool>("--replace-data") { Description = "Agree, without being asked, that a change may replace a table, bucket, queue or other resource that holds data." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Synthesize and print, per stack in deploy order, the assets it would publish and the template it would submit; call nothing in AWS." };
        var parameters = new Option<string[]>("--parameter", "-p")
        {
            Description = "A stack parameter, KEY=VALUE for every stack that declares KEY, or STACK:KEY=VALUE (e.g. RazorsNotifications:SenderAddress=hello@example.com). Repeatable.",
            AllowMultipleArgumentsPerToken = false,
        };
        parameters.Validators.Add(r => RequirePairs(r, "--parameter", "KEY=VALUE or STACK:KEY=VALUE"));

        var deploy = new Command("deploy", "Deploy stacks to AWS through change sets: publish their assets, show each change set, ask, execute it and follow the stack's events to the end.")
        {
            stacks, all, yes, replaceData, dryRun, parameters,
        };
        common.AddTo(deploy);
        deploy.Validators.Add(r => RequireStacks(r, stacks, all));
        deploy.SetAction((parse, _) => RunAsync(parse, common, parse.GetValue(dryRun) ? DryRunAsync : DeployAsync, new StackSelection(parse.GetValue(stacks)!, parse.GetValue(all)), Options(parse)));

        var diff = new Command("diff", "Show what a deploy would change in each stack (a change set, deleted afterwards); exits 0 whether or not there are changes.")
        {
            stacks, all, parameters,
        };
        common.AddTo(diff);
        diff.Validators.Add(r => RequireStacks(r, stacks, all));
        diff.SetAction((parse, _) => RunAsync(parse, common, DiffAsync, new StackSelection(parse.GetValue(stacks)!, parse.GetValue(all)), Options(parse)));

        var destroy = new Command("destroy", "Delete stacks from AWS (reverse dependency order) and follow the deletion; tables, buckets and the other retained resources stay.")
        {
            stacks, all, yes,
        };
        common.AddTo(destroy);
        destroy.Validators.Add(r => RequireStacks(r, stacks, all));
        destroy.SetAction((parse, _) => RunAsync(parse, common, DestroyAsync, new StackSelection(parse.GetValue(stacks)!, parse.GetValue(all)), Options(parse)));

        var bootstrap = new Command(
            "bootstrap",
            "Create or update the CDK bootstrap stack (CDKToolkit) in the account and region: the assets bucket, the container repository and the deploy, "
            + "publishing, lookup and execution roles that deploys use (docs/adr/0009-bootstrap-without-the-cdk-cli.md).")
        {
            yes,
        };
        common.AddTo(bootstrap);
        bootstrap.SetAction((parse, _) => RunAsync(parse, common, BootstrapAsync, new StackSelection([], All: true), Options(parse)));

        var tag = new Option<string>("--tag")
        {
            Description = "The image tag, new for each build (a commit id, say): deploy it with -c razors:workerImageTag=TAG.",
            Required = true,
        };
        var workerImage = new Command(
            "worker-image",
            $"Build the payments worker's container image with the .NET SDK (no Docker) and push it to the ECR repository {WorkerImage.Repository} "
            + "(created when missing), with an ECR authorization token; before the first deploy of RazorsPayments and for each new worker build.")
        {
            tag,
        };
        common.AddTo(workerImage);
        workerImage.SetAction((parse, _) => RunAsync(parse, common, (run, _) => run.WorkerImageAsync(parse.GetValue(tag)!), new StackSelection([], All: false), Options(parse)));
        return [deploy, diff, destroy, bootstrap, workerImage];

        DeployOptions Options(ParseResult parse) => new(
            parse.GetValue(yes),
            parse.GetResult(replaceData) is not null && parse.GetValue(replaceData),
            Pairs(parse.GetResult(parameters) is null ? [] : parse.GetValue(parameters)!),
            DeployOptions.DefaultPollInterval);
    }

    private delegate Task<int> Step(DeployRun run, StackSelection selection);

    private static async Task<int> RunAsync(ParseResult parse, CommonOptions common, Step step, StackSelection selection, DeployOptions options)
    {
        var console = DeployConsole.FromConsole();
        using var interruption = Interruption.FromConsole();
        var run = new DeployRun(
            parse.GetValue(common.Profile),
            parse.GetValue(common.Region),
            parse.GetValue(common.EndpointUrl),
            Pairs(parse.GetValue(common.Context) ?? []),
            parse.GetValue(common.Output)?.FullName,
            parse.GetValue(common.Assembly)?.FullName,
            options,
            console,
            Console.Error,
            interruption);
        return await run.InvokeAsync(r => step(r, selection));
    }

    private static Task<int> DeployAsync(DeployRun run, StackSelection selection) => run.DeployAsync(selection);

    private static Task<int> DryRunAsync(DeployRun run, StackSelection selection) => run.DryRunAsync(selection);

    private static Task<int> DiffAsync(DeployRun run, StackSelection selection) => run.DiffAsync(selection);

    private static Task<int> DestroyAsync(DeployRun run, StackSelection selection) => run.DestroyAsync(selection);

    private static Task<int> BootstrapAsync(DeployRun run, StackSelection selection) => run.BootstrapAsync();

    private static void RequireStacks(CommandResult result, Argument<string[]> stacks, Option<bool> all)
    {
        var named = result.GetValue(stacks) ?? [];
        if (result.GetValue(all) && named.Length > 0)
        {
            result.AddError($"Give stack names or --all, not both (got --all and {string.Join(" ", named)}).");
        }
        else if (!result.GetValue(all) && named.Length == 0)
        {
            result.AddError("Name the stacks (for example RazorsStock), or give --all.");
        }
    }

    private static void RequirePairs(OptionResult result, string name, string shape)
    {
        foreach (var token in result.Tokens)
        {
            var separator = token.Value.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                result.AddError($"{name} '{token.Value}' is not {shape}.");
            }
        }
    }

    private static Dictionary<string, string> Pairs(IEnumerable<string> pairs)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            values[pair[..separator]] = pair[(separator + 1)..];
        }

        return values;
    }

    /// <summary>The options every one of the commands has.</summary>
    private sealed class CommonOptions
    {
        public Option<string[]> Context { get; } = new("--context", "-c")
        {
            Description = "A context value for the infra app, KEY=VALUE (the keys infra/README.md documents, e.g. -c razors:workerImageTag=abc123). Repeatable.",
        };

        public Option<string> Profile { get; } = new("--profile") { Description = "The named profile in ~/.aws to take credentials (and region) from (default: AWS_PROFILE, else the default chain)." };

        public Option<string> Region { get; } = new("--region") { Description = "The AWS region to deploy to (default: AWS_REGION, else the profile's region)." };

        public Option<Uri> EndpointUrl { get; } = new("--endpoint-url")
        {
            Description = "Call every AWS service (STS, S3, SSM, CloudFormation) at this URL instead of AWS: an AWS-compatible local endpoint.",
            CustomParser = ParseHttpUrl,
        };

        public Option<DirectoryInfo> Output { get; } = new("--output", "-o") { Description = "Where to write the cloud assembly (default: cdk.out at the repository root)." };

        public Option<DirectoryInfo> Assembly { get; } = new("--assembly")
        {
            Description = "Use the cloud assembly already synthesized in this folder (a cdk.out) instead of synthesizing the app of the repository that holds the current folder.",
        };

        public void AddTo(Command command)
        {
            Context.Validators.Add(r => RequirePairs(r, "--context", "KEY=VALUE"));
            foreach (var option in new Option[] { Context, Profile, Region, EndpointUrl, Output, Assembly })
            {
                command.Options.Add(option);
            }
        }

        private static Uri? ParseHttpUrl(ArgumentResult result)
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
            {
                return url;
            }

            result.AddError($"--endpoint-url '{text}' is not an http(s) URL; use for example http://127.0.0.1:4566.");
            return null;
        }
    }
}

/// <summary>The stacks a command works on: the named ones, or all of the app.</summary>
internal sealed record StackSelection(IReadOnlyList<string> Names, bool All);
