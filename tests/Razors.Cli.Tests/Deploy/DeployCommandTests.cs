using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Razors.Cli.Deploy;

namespace Razors.Cli.Tests.Deploy;

/// <summary>
/// <c>razors deploy|diff|destroy</c> as a user runs them, against a real local listener that
/// answers as STS, SSM, S3 and CloudFormation do (<see cref="LocalAws"/>), over the assembly the
/// infra app really synthesizes (<see cref="DryRunAssembly"/>).
/// </summary>
public sealed class razors_deploy(DryRunAssembly assembly)
{
    private const string SecretArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:razors/ses-smtp-AbC123";

    private static readonly string[] Parameters =
    [
        "--parameter", "RazorsNotifications:SenderAddress=hello@example.com",
        "--parameter", $"RazorsNotifications:SmtpCredentialsSecretArn={SecretArn}",
    ];

    private CloudAssembly Synthesized => CloudAssembly.Read(assembly.Directory);

    [Fact]
    public void dry_run_synthesizes_every_stack_and_prints_in_deploy_order_its_assets_and_template()
    {
        Assert.True(assembly.ExitCode == 0, $"exit {assembly.ExitCode}\n{assembly.Stdout}\n{assembly.Stderr}");
        var order = Synthesized.InDeployOrder(Synthesized.Stacks.Select(s => s.Id)).ToList();
        Assert.Equal(6, order.Count);
        var positions = order.Select(s => assembly.Stdout.IndexOf($"/{order.Count} {s.StackName}", StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p >= 0, assembly.Stdout));
        Assert.Equal(positions.Order(), positions);
        foreach (var stack in order)
        {
            Assert.Contains($"template: {stack.TemplateFile}", assembly.Stdout, StringComparison.Ordinal);
            foreach (var asset in stack.Assets!.Files.Where(f => f.Packaging == FileAssetPackaging.ZipDirectory))
            {
                Assert.Contains(asset.Destinations[0].ObjectKey, assembly.Stdout, StringComparison.Ordinal);
            }
        }

        Assert.Contains("parameters needed on the first deploy: SenderAddress, SmtpCredentialsSecretArn", assembly.Stdout, StringComparison.Ordinal);
        Assert.Contains("Nothing is called in AWS", assembly.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task deploy_all_creates_every_stack_in_dependency_order_uploading_each_asset_once_then_finds_no_changes()
    {
        using var aws = new LocalAws();
        aws.Bootstrapped();

        var (exit, stdout, stderr) = await DeployAsync(aws, ["deploy", "--all", "--yes", .. Parameters]);

        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        var stacks = Synthesized.Stacks;
        Assert.Equal(stacks.Count, aws.CloudFormation.CreationOrder.Count);
        foreach (var stack in stacks)
        {
            Assert.Equal("CREATE_COMPLETE", aws.CloudFormation.Stack(stack.StackName)?.Status);
            var position = aws.CloudFormation.CreationOrder.IndexOf(stack.StackName);
            Assert.All(stack.DependsOn, d => Assert.True(aws.CloudFormation.CreationOrder.IndexOf(stacks.Single(s => s.Id == d).StackName) < position, string.Join(", ", aws.CloudFormation.CreationOrder)));
        }

        Assert.Equal(["RazorsInsights"], aws.CloudFormation.CreationOrder.Take(1));
        var expectedKeys = stacks.SelectMany(s => s.Assets!.Files).SelectMany(f => f.Destinations).Select(d => d.ObjectKey).ToHashSet();
        var puts = aws.CallsOf("s3").Where(c => c.Operation.StartsWith("PUT ", StringComparison.Ordinal)).ToList();
        Assert.Equal(expectedKeys.Count, puts.Count);
        Assert.Equal(expectedKeys.Order(), puts.Select(p => p.Operation[$"PUT /{LocalAws.AssetsBucket}/".Length..]).Order());
        Assert.All(puts, p => Assert.Equal("ASIA-ROLE-2", p.AccessKey));
        Assert.All(aws.CallsOf("cloudformation"), c => Assert.Equal("ASIA-ROLE-1", c.AccessKey));
        Assert.Single(aws.CallsOf("sts"), c => c.Operation == "AssumeRole" && c.Form["RoleArn"].Contains("-deploy-role-", StringComparison.Ordinal));

        var create = aws.CallsOf("cloudformation").First(c => c.Operation == "CreateChangeSet" && c.Form["StackName"] == "RazorsStock").Form;
        Assert.Equal($"arn:aws:iam::{LocalAws.Account}:role/cdk-hnb659fds-cfn-exec-role-{LocalAws.Account}-{LocalAws.Region}", create["RoleARN"]);
        Assert.StartsWith($"https://s3.{LocalAws.Region}.amazonaws.com/{LocalAws.AssetsBucket}/", create["TemplateURL"], StringComparison.Ordinal);
        Assert.Equal("CREATE", create["ChangeSetType"]);
        Assert.Equal(["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"], Enumerable.Range(1, 3).Select(i => create[$"Capabilities.member.{i}"]));
        var notifications = aws.CloudFormation.Stack("RazorsNotifications")!;
        Assert.Equal("hello@example.com", notifications.Parameters["SenderAddress"]);
        Assert.Equal(SecretArn, notifications.Parameters["SmtpCredentialsSecretArn"]);
        Assert.Contains("Outputs:", stdout, StringComparison.Ordinal);
        Assert.Contains("AlarmTopicArn", stdout, StringComparison.Ordinal);

        var callsBefore = aws.Calls.Count;
        var again = await DeployAsync(aws, ["deploy", "--all", "--yes"]);

        Assert.True(again.ExitCode == 0, $"exit {again.ExitCode}\n{again.Stdout}\n{again.Stderr}");
        Assert.Equal(stacks.Count, CountOf(again.Stdout, "no changes"));
        var later = aws.Calls.Skip(callsBefore).ToList();
        Assert.DoesNotContain(later, c => c.Operation.StartsWith("PUT ", StringComparison.Ordinal) || c.Operation == "ExecuteChangeSet");
        Assert.Contains(later, c => c.Operation == "DeleteChangeSet");
        // The notifications parameters were not given again: the stack keeps their values.
        Assert.Equal("hello@example.com", aws.CloudFormation.Stack("RazorsNotifications")!.Parameters["SenderAddress"]);
        Assert.All(stacks, s => Assert.Equal(1, aws.CloudFormation.Stack(s.StackName)!.Executions));
    }

    [Fact]
    public async Task a_deploy_role_whose_credentials_are_about_to_expire_is_assumed_again_while_the_stack_is_followed()
    {
        using var aws = new LocalAws { CredentialLifetime = AssumedRoleCredentials.RenewBeforeExpiry - TimeSpan.FromMinutes(1) };
        aws.Bootstrapped();
        var deployRole = $"arn:aws:iam::{LocalAws.Account}:role/cdk-hnb659fds-deploy-role-{LocalAws.Account}-{LocalAws.Region}";

        var (exit, stdout, stderr) = await DeployAsync(aws, ["deploy", "RazorsInsights", "--yes"]);

        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        // A deploy whose roles last an hour assumes the deploy role once (deploy_all_creates_every_stack_…);
        // these are renewed all the way through following the stack's events.
        var afterExecute = aws.Calls.SkipWhile(c => c.Operation != "ExecuteChangeSet").ToList();
        Assert.NotEmpty(afterExecute);
        var renewals = afterExecute.Count(c => c.Operation == "AssumeRole" && c.Form["RoleArn"] == deployRole);
        var cloudFormationCalls = afterExecute.Count(c => c.Service == "cloudformation");
        Assert.True(renewals > cloudFormationCalls / 2, $"{renewals} renewals for {cloudFormationCalls} CloudFormation calls after ExecuteChangeSet");
        Assert.All(afterExecute.Where(c => c.Service == "cloudformation"), c => Assert.Equal(aws.AssumableRoles[deployRole], c.AccessKey));
    }

    [Fact]
    public async Task a_failed_creation_names_the_first_failed_resource_and_the_next_deploy_replaces_the_rolled_back_stack()
    {
        using var aws = new LocalAws();
        aws.Bootstrapped();
        var table = Resources(Synthesized.Stacks.Single(s => s.StackName == "RazorsStock")).First(r => r.Type == "AWS::DynamoDB::Table").Id;
        aws.CloudFormation.FailingResources[table] = "Resource handler returned message: \"Table already exists: razors-stock\"";

        var failed = await DeployAsync(aws, ["deploy", "RazorsStock", "--yes"]);

        Assert.True(failed.ExitCode == 1, $"exit {failed.ExitCode}\n{failed.Stdout}\n{failed.Stderr}");
        var expected = $"RazorsStock ended ROLLBACK_COMPLETE. First failure: {table} (AWS::DynamoDB::Table) CREATE_FAILED: Resource handler returned message: \"Table already exists: razors-stock\"";
        Assert.True(failed.Stderr.Contains(expected, StringComparison.Ordinal), failed.Stderr);
        Assert.Equal("ROLLBACK_COMPLETE", aws.CloudFormation.Stack("RazorsStock")!.Status);

        aws.CloudFormation.FailingResources.Clear();
        var retried = await DeployAsync(aws, ["deploy", "RazorsStock", "--yes"]);

        Assert.True(retried.ExitCode == 0, $"exit {retried.ExitCode}\n{retried.Stdout}\n{retried.Stderr}");
        Assert.Contains("ROLLBACK_COMPLETE: its creation failed and it can only be deleted", retried.Stdout, StringComparison.Ordinal);
        Assert.Equal("CREATE_COMPLETE", aws.CloudFormation.Stack("RazorsStock")!.Status);
        Assert.Contains(aws.CallsOf("cloudformation"), c => c.Operation == "DeleteStack");
    }

    [Fact]
    public async Task an_account_that_is_not_bootstrapped_is_refused_before_anything_is_uploaded()
    {
        using var aws = new LocalAws();
        aws.Bootstrapped();
        aws.Parameters.Clear();

        var (exit, _, stderr) = await DeployAsync(aws, ["deploy", "RazorsStock", "--yes"]);

        Assert.Equal(1, exit);
        Assert.Contains($"{LocalAws.Account}/{LocalAws.Region} is not bootstrapped (/cdk-bootstrap/hnb659fds/version does not exist): run `razors bootstrap --region {LocalAws.Region}` first.", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(aws.Calls, c => c.Service == "s3" || c.Operation == "CreateChangeSet");
    }

    [Fact]
    public async Task a_first_deploy_without_the_stacks_required_parameters_names_them_and_creates_nothing()
    {
        using var aws = new LocalAws();
        aws.Bootstrapped();

        var (exit, _, stderr) = await DeployAsync(aws, ["deploy", "RazorsNotifications", "--yes"]);

        Assert.Equal(1, exit);
        Assert.Contains("RazorsNotifications needs --parameter SenderAddress=… --parameter SmtpCredentialsSecretArn=… on its first deploy", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(aws.Calls, c => c.Operation == "CreateChangeSet");
    }

    [Fact]
    public async Task a_deploy_nobody_confirms_deletes_its_change_set_and_the_empty_stack_it_made()
    {
        using var aws = new LocalAws();
        aws.Bootstrapped();

        // Standard input is empty: the question is answered no.
        var (exit, stdout, stderr) = await DeployAsync(aws, ["deploy", "RazorsStock"]);

        Assert.Equal(1, exit);
        Assert.Contains("Deploy these changes to RazorsStock", stdout, StringComparison.Ordinal);
        Assert.Contains("RazorsStock was not deployed", stderr, StringComparison.Ordinal);
        Assert.Equal("DELETE_IN_PROGRESS", aws.CloudFormation.Stack("RazorsStock")?.Status);
        Assert.DoesNotContain(aws.Calls, c => c.Operation == "ExecuteChangeSet");
        Assert.Contains(aws.Calls, c => c.Operation == "DeleteChangeSet");
    }

    [Fact]
    public async Task replacing_a_table_needs_replace_data_besides_yes_and_diff_shows_it_without_executing()
    {
        using var aws = new LocalAws();
        aws.Bootstrapped();
        Assert.Equal(0, (await DeployAsync(aws, ["deploy", "RazorsStock", "--yes"])).ExitCode);
        var stock = Synthesized.Stacks.Single(s => s.StackName == "RazorsStock");
        var table = Resources(stock).First(r => r.Type == "AWS::DynamoDB::Table").Id;
        aws.CloudFormation.ReplacedOnModify.Add(table);
        using var edited = EditedAssembly.Of(assembly.Directory, "RazorsStock", template => template["Resources"]![table]!["Properties"]!["TableClass"] = "STANDARD_INFREQUENT_ACCESS");

        var diff = await DeployAsync(aws, ["diff", "RazorsStock"], edited.Directory);
        Assert.True(diff.ExitCode == 0, $"exit {diff.ExitCode}\n{diff.Stdout}\n{diff.Stderr}");
        Assert.Contains($"± AWS::DynamoDB::Table", diff.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{table} (Description) — replaced — holds data: the new one starts empty", diff.Stdout, StringComparison.Ordinal);

        var refused = await DeployAsync(aws, ["deploy", "RazorsStock", "--yes"], edited.Directory);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("--yes does not agree to that; add --replace-data to", refused.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, aws.CloudFormation.Stack("RazorsStock")!.Executions);

        var replaced = await DeployAsync(aws, ["deploy", "RazorsStock", "--yes", "--replace-data"], edited.Directory);
        Assert.True(replaced.ExitCode == 0, $"exit {replaced.ExitCode}\n{replaced.Stdout}\n{replaced.Stderr}");
        Assert.Equal("UPDATE_COMPLETE", aws.CloudFormation.Stack("RazorsStock")!.Status);
        Assert.Equal(2, aws.CloudFormation.Stack("RazorsStock")!.Executions);
    }

    [Fact]
    public async Task ctrl_c_during_an_update_cancels_it_and_follows_the_rollback()
    {
        using var aws = new LocalAws();
        aws.Bootstrapped();
        Assert.Equal(0, (await DeployAsync(aws, ["deploy", "RazorsStock", "--yes"])).ExitCode);
        var stock = Synthesized.Stacks.Single(s => s.StackName == "RazorsStock");
        using var edited = EditedAssembly.Of(assembly.Directory, "RazorsStock", template =>
        {
            foreach (var (_, resource) in template["Resources"]!.AsObject().Where(r => r.Value!["Type"]!.GetValue<string>() == "AWS::SQS::Queue"))
            {
                resource!["Properties"]!["DelaySeconds"] = 1;
            }
        });
        aws.CloudFormation.StepsPerLook = 1;

        var (exit, stdout, stderr) = await InterruptedAsync(aws, ["deploy", "RazorsStock", "--yes", "--assembly", edited.Directory], "UPDATE_IN_PROGRESS");

        Assert.True(exit == 1, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Contains(aws.Calls, c => c.Operation == "CancelUpdateStack");
        Assert.Contains("the update is cancelled and rolls back", stdout, StringComparison.Ordinal);
        Assert.Contains("RazorsStock ended UPDATE_ROLLBACK_COMPLETE", stderr, StringComparison.Ordinal);
        Assert.Equal("UPDATE_ROLLBACK_COMPLETE", aws.CloudFormation.Stack("RazorsStock")!.Status);
    }

    [Fact]
    public async Task destroy_deletes_the_stacks_in_reverse_order_and_a_missing_stack_is_nothing_to_destroy()
    {
        using var aws = new LocalAws();
        aws.Bootstrapped();
        Assert.Equal(0, (await DeployAsync(aws, ["deploy", "RazorsInsights", "RazorsStock", "--yes"])).ExitCode);

        var (exit, stdout, stderr) = await DeployAsync(aws, ["destroy", "RazorsStock", "RazorsInsights", "RazorsPayments", "--yes"]);

        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Null(aws.CloudFormation.Stack("RazorsStock"));
        Assert.Null(aws.CloudFormation.Stack("RazorsInsights"));
        Assert.Contains("RazorsPayments does not exist", stdout, StringComparison.Ordinal);
        var deletes = aws.CallsOf("cloudformation").Where(c => c.Operation == "DeleteStack").Select(c => c.Form["StackName"]).ToList();
        Assert.Equal(2, deletes.Count);
        Assert.Contains("/RazorsStock/", deletes[0], StringComparison.Ordinal);
        Assert.Contains("/RazorsInsights/", deletes[1], StringComparison.Ordinal);
        Assert.All(aws.CallsOf("cloudformation").Where(c => c.Operation == "DeleteStack"), c => Assert.Contains("cfn-exec-role", c.Form["RoleARN"], StringComparison.Ordinal));
    }

    [Fact]
    public async Task bad_arguments_name_what_is_allowed()
    {
        var both = await RazorsProcess.RunAsync(["deploy", "RazorsStock", "--all", "--assembly", assembly.Directory]);
        Assert.NotEqual(0, both.ExitCode);
        Assert.Contains("Give stack names or --all, not both", both.Stderr, StringComparison.Ordinal);

        var unknown = await RazorsProcess.RunAsync(["deploy", "--dry-run", "RazorsNope", "--assembly", assembly.Directory]);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("RazorsNope", unknown.Stderr, StringComparison.Ordinal);
        Assert.Contains("RazorsStock", unknown.Stderr, StringComparison.Ordinal);

        var parameter = await RazorsProcess.RunAsync(["deploy", "--all", "--dry-run", "--parameter", "SenderAddress", "--assembly", assembly.Directory]);
        Assert.NotEqual(0, parameter.ExitCode);
        Assert.Contains("--parameter 'SenderAddress' is not KEY=VALUE or STACK:KEY=VALUE", parameter.Stderr, StringComparison.Ordinal);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static IEnumerable<(string Id, string Type)> Resources(StackArtifact stack) =>
        JsonNode.Parse(File.ReadAllText(stack.TemplateFile))!["Resources"]!.AsObject().Select(r => (r.Key, r.Value!["Type"]!.GetValue<string>()));

    private Task<(int ExitCode, string Stdout, string Stderr)> DeployAsync(LocalAws aws, string[] arguments, string? assemblyDirectory = null) =>
        RazorsProcess.RunAsync(
            [.. arguments, "--assembly", assemblyDirectory ?? assembly.Directory, "--endpoint-url", aws.Url.ToString(), "--region", LocalAws.Region],
            timeout: TimeSpan.FromMinutes(5));

    /// <summary>Runs razors and sends it SIGINT (Ctrl-C) once its output shows <paramref name="cue"/>.</summary>
    private static async Task<(int ExitCode, string Stdout, string Stderr)> InterruptedAsync(LocalAws aws, string[] arguments, string cue)
    {
        var startInfo = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "razors"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments.Concat(["--endpoint-url", aws.Url.ToString(), "--region", LocalAws.Region]))
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["AWS_ACCESS_KEY_ID"] = "local";
        startInfo.Environment["AWS_SECRET_ACCESS_KEY"] = "local";
        startInfo.Environment["AWS_CONFIG_FILE"] = "/nonexistent/config";
        startInfo.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/credentials";
        using var process = Process.Start(startInfo)!;
        process.StandardInput.Close();
        var stdout = new StringBuilder();
        var cued = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            lock (stdout)
            {
                stdout.AppendLine(e.Data);
            }

            if (e.Data?.Contains(cue, StringComparison.Ordinal) == true)
            {
                cued.TrySetResult();
            }
        };
        process.BeginOutputReadLine();
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        try
        {
            await cued.Task.WaitAsync(TimeSpan.FromMinutes(3), TestContext.Current.CancellationToken);
            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
            }

            await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(3), TestContext.Current.CancellationToken);
            var errors = await stderr;
            lock (stdout)
            {
                return (process.ExitCode, stdout.ToString(), errors);
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}

/// <summary><c>razors bootstrap</c>: the app synthesized with <c>razors:bootstrap=true</c>, deployed with the caller's own credentials.</summary>
public sealed class razors_bootstrap
{
    private static string RepositoryRoot => Razors.Topology.RepositoryRoot.Find(AppContext.BaseDirectory);

    [Fact]
    public async Task creates_the_cdk_bootstrap_stack_inline_with_the_callers_credentials()
    {
        using var aws = new LocalAws();
        using var output = new TemporaryDirectory();

        var (exit, stdout, stderr) = await BootstrapAsync(aws, output.Path);

        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Equal("CREATE_COMPLETE", aws.CloudFormation.Stack("CDKToolkit")?.Status);
        var create = aws.CallsOf("cloudformation").Single(c => c.Operation == "CreateChangeSet").Form;
        Assert.Contains($"cdk-hnb659fds-assets-", create["TemplateBody"], StringComparison.Ordinal);
        Assert.False(create.ContainsKey("TemplateURL"));
        Assert.False(create.ContainsKey("RoleARN"));
        Assert.All(aws.CallsOf("cloudformation"), c => Assert.Equal("local", c.AccessKey));
        Assert.DoesNotContain(aws.Calls, c => c.Service is "s3" || c.Operation == "AssumeRole" || c.Service == "ssm");
        Assert.Contains("BootstrapVersion", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task refuses_to_replace_a_bootstrap_whose_bucket_has_a_customer_key()
    {
        using var aws = new LocalAws();
        using var output = new TemporaryDirectory();
        aws.CloudFormation.AddStack("CDKToolkit", "UPDATE_COMPLETE", new Dictionary<string, string> { ["CreateCustomerMasterKey"] = "true" });

        var (exit, _, stderr) = await BootstrapAsync(aws, output.Path);

        Assert.Equal(1, exit);
        Assert.Contains("encrypts its assets bucket with a customer key", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(aws.Calls, c => c.Operation == "CreateChangeSet");
    }

    private static Task<(int ExitCode, string Stdout, string Stderr)> BootstrapAsync(LocalAws aws, string output) =>
        RazorsProcess.RunAsync(
            ["bootstrap", "--yes", "--output", output, "--endpoint-url", aws.Url.ToString(), "--region", LocalAws.Region],
            RepositoryRoot,
            TimeSpan.FromMinutes(10));

    private sealed class TemporaryDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("razors-bootstrap-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
