using System.Diagnostics;
using System.Globalization;
using GetParameterRequest = Amazon.SimpleSystemsManagement.Model.GetParameterRequest;
using ParameterNotFoundException = Amazon.SimpleSystemsManagement.Model.ParameterNotFoundException;
using Razors.Aws.CloudFormation;

namespace Razors.Cli.Deploy;

/// <summary>How a deploy asks, waits and what it passes beyond the assembly.</summary>
/// <param name="Yes">Answer the deploy's question with yes (not the second one, for replacing data).</param>
/// <param name="ReplaceData">Answer the second question, for resources holding data that a change replaces, with yes as well.</param>
/// <param name="Parameters">Stack parameters: <c>KEY</c> for every stack that declares it, or <c>STACK:KEY</c>.</param>
/// <param name="PollInterval">Between two looks at a change set or a stack's events.</param>
internal sealed record DeployOptions(bool Yes, bool ReplaceData, IReadOnlyDictionary<string, string> Parameters, TimeSpan PollInterval)
{
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(2);
}

/// <summary>
/// Deploys, diffs and destroys one stack of the cloud assembly the way the CDK CLI does, through a
/// change set: check the bootstrap version, publish the stack's assets, create a change set with the
/// template the assembly uploaded, show it, ask, execute it, follow the stack's events to the end
/// and print the outputs (or the first failure and its reason).
/// </summary>
internal sealed class StackDeployer(AwsSession session, ResolvedEnvironment environment, AssetPublisher assets, DeployConsole console, DeployOptions options)
{
    private static readonly string[] Capabilities = ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"];

    /// <summary>Deploys <paramref name="stack"/>; true when it is deployed (or had no changes), false when the user said no.</summary>
    /// <exception cref="DeployException">The deploy failed or could not start; the message says why.</exception>
    public async Task<bool> DeployAsync(StackArtifact stack, Interruption interruption)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(interruption);
        var ct = interruption.Requested;
        var cloudFormation = await CloudFormationAsync(stack, ct);
        await CheckBootstrapVersionAsync(stack, ct);
        if (stack.Assets is { } manifest)
        {
            await assets.PublishAsync(manifest.Files, environment, ct);
        }

        var template = TemplateSummary.Read(stack.TemplateFile);
        var existing = await DescribeAsync(cloudFormation, stack.StackName, ct);
        existing = await SettleAsync(cloudFormation, stack, existing, ct);
        var changeSet = await CreateChangeSetAsync(cloudFormation, stack, template, existing, ct);
        if (changeSet is null)
        {
            await console.LineAsync($"  {console.Green("no changes")}: {stack.StackName} is up to date.");
            await PrintOutputsAsync(cloudFormation, stack.StackName, ct);
            return true;
        }

        await ChangeSetView.PrintAsync(changeSet.Changes, console);
        if (!await ConfirmAsync(stack, changeSet.Changes, ct))
        {
            await DiscardAsync(cloudFormation, changeSet, existing is null);
            await console.LineAsync($"  {stack.StackName} not deployed: the change set was deleted.");
            return false;
        }

        var events = await StackEvents.FromNowAsync(cloudFormation, changeSet.StackId, ct);
        var token = Guid.NewGuid().ToString("N");
        await cloudFormation.ExecuteChangeSetAsync(
            new ExecuteChangeSetRequest { ChangeSetName = changeSet.ChangeSetId, StackName = changeSet.StackId, ClientRequestToken = $"razors-{token}" }, ct);
        var final = await FollowAsync(cloudFormation, changeSet.StackId, events, template.ResourceCount, interruption, canCancel: existing is not null);
        if (final.StackStatus is "CREATE_COMPLETE" or "UPDATE_COMPLETE")
        {
            await console.LineAsync($"  {console.Green("✓")} {stack.StackName}: {final.StackStatus}");
            await PrintOutputsAsync(final);
            return true;
        }

        throw Failure(stack.StackName, final, events);
    }

    /// <summary>Prints what a deploy would change (a change set it then deletes); true when there is something to change.</summary>
    public async Task<bool> DiffAsync(StackArtifact stack, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stack);
        var cloudFormation = await CloudFormationAsync(stack, ct);
        await CheckBootstrapVersionAsync(stack, ct);
        if (stack.Assets is { } manifest && TemplateAsset(stack, manifest) is { } templateAsset)
        {
            // The change set reads the template from the bucket; the other assets are only referenced.
            await assets.PublishAsync([templateAsset], environment, ct);
        }

        var template = TemplateSummary.Read(stack.TemplateFile);
        var existing = await DescribeAsync(cloudFormation, stack.StackName, ct);
        if (existing is not null && IsInProgress(existing.StackStatus))
        {
            throw new DeployException($"{stack.StackName} is {existing.StackStatus}; diff again once it has finished.");
        }

        if (existing?.StackStatus == "ROLLBACK_COMPLETE")
        {
            await console.LineAsync(
                $"  {stack.StackName} is ROLLBACK_COMPLETE (its creation failed): a deploy deletes it and creates all {template.ResourceCount} resources anew.");
            return true;
        }

        var changeSet = await CreateChangeSetAsync(cloudFormation, stack, template, existing, ct);
        if (changeSet is null)
        {
            await console.LineAsync($"  {console.Green("no changes")}: {stack.StackName} is up to date.");
            return false;
        }

        await ChangeSetView.PrintAsync(changeSet.Changes, console);
        await DiscardAsync(cloudFormation, changeSet, createdTheStack: existing is null);
        return true;
    }

    /// <summary>Deletes <paramref name="stack"/>; true when it is gone (or was never there), false when the user said no.</summary>
    public async Task<bool> DestroyAsync(StackArtifact stack, Interruption interruption)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(interruption);
        var ct = interruption.Requested;
        var cloudFormation = await CloudFormationAsync(stack, ct);
        var existing = await DescribeAsync(cloudFormation, stack.StackName, ct);
        if (existing is null)
        {
            await console.LineAsync($"  {stack.StackName} does not exist in {environment.Account}/{environment.Region}: nothing to destroy.");
            return true;
        }

        if (!options.Yes && !await console.ConfirmAsync($"Delete {console.Bold(stack.StackName)} ({existing.StackStatus}) from {environment.Account}/{environment.Region}?", ct))
        {
            await console.LineAsync($"  {stack.StackName} not destroyed.");
            return false;
        }

        var events = await StackEvents.FromNowAsync(cloudFormation, existing.StackId!, ct);
        await cloudFormation.DeleteStackAsync(
            new DeleteStackRequest { StackName = existing.StackId, RoleARN = Resolve(stack.CloudFormationExecutionRoleArn), ClientRequestToken = $"razors-{Guid.NewGuid():N}" }, ct);
        var final = await FollowAsync(cloudFormation, existing.StackId!, events, existing.StackStatus == "REVIEW_IN_PROGRESS" ? 0 : TemplateSummary.Read(stack.TemplateFile).ResourceCount, interruption, canCancel: false);
        if (final.StackStatus == "DELETE_COMPLETE")
        {
            await console.LineAsync($"  {console.Green("✓")} {stack.StackName}: DELETE_COMPLETE (retained resources stay; see infra/README.md, Teardown)");
            return true;
        }

        throw Failure(stack.StackName, final, events);
    }

    /// <summary>The stack's file asset that is its template, found by the object <c>stackTemplateAssetObjectUrl</c> names.</summary>
    internal static FileAsset? TemplateAsset(StackArtifact stack, AssetManifest manifest) =>
        stack.StackTemplateAssetObjectUrl is not { } url || !url.StartsWith("s3://", StringComparison.Ordinal)
            ? null
            : manifest.Files.FirstOrDefault(f => f.Destinations.Any(d => url == $"s3://{d.BucketName}/{d.ObjectKey}"));

    private static bool IsInProgress(string? status) => status?.EndsWith("_IN_PROGRESS", StringComparison.Ordinal) == true && status != "REVIEW_IN_PROGRESS";

    private static async Task<Stack?> DescribeAsync(IAmazonCloudFormation cloudFormation, string stackName, CancellationToken ct)
    {
        try
        {
            var answer = await cloudFormation.DescribeStacksAsync(new DescribeStacksRequest { StackName = stackName }, ct);
            var stack = answer.Stacks.FirstOrDefault();
            return stack?.StackStatus == "DELETE_COMPLETE" ? null : stack;
        }
        catch (AmazonCloudFormationException e) when (e.ErrorCode == "ValidationError" && e.Message.Contains("does not exist", StringComparison.Ordinal))
        {
            return null;
        }
    }

    private static string Elapsed(Stopwatch watch) => watch.Elapsed.TotalMinutes >= 1
        ? $"{(int)watch.Elapsed.TotalMinutes}m {watch.Elapsed.Seconds:00}s"
        : $"{watch.Elapsed.TotalSeconds:0}s";

    private static DeployException Failure(string stackName, Stack final, StackEvents events)
    {
        var failure = events.FirstFailure();
        var cause = failure is null
            ? $"{final.StackStatusReason ?? "no reason given"}"
            : $"{failure.LogicalResourceId} ({failure.ResourceType}) {failure.ResourceStatus}: {failure.ResourceStatusReason}";
        return new DeployException($"{stackName} ended {final.StackStatus}. First failure: {cause}");
    }

    private async Task<IAmazonCloudFormation> CloudFormationAsync(StackArtifact stack, CancellationToken ct) =>
        session.CloudFormation(await session.RoleAsync(Resolve(stack.AssumeRoleArn), stack.AssumeRoleExternalId, ct));

    private string? Resolve(string? text) => text is null ? null : AwsPlaceholders.Resolve(text, environment.Account, environment.Region, environment.Partition);

    /// <summary>
    /// Refuses a deploy into an account and region whose bootstrap is missing or older than the
    /// stack (or its assets) needs, before anything is uploaded, with the command that fixes it.
    /// </summary>
    private async Task CheckBootstrapVersionAsync(StackArtifact stack, CancellationToken ct)
    {
        var required = Math.Max(stack.RequiresBootstrapStackVersion ?? 0, stack.Assets?.RequiresBootstrapStackVersion ?? 0);
        var parameter = stack.BootstrapStackVersionSsmParameter ?? stack.Assets?.BootstrapStackVersionSsmParameter;
        if (required == 0 || parameter is null)
        {
            return;
        }

        var ssm = session.Ssm(await session.RoleAsync(Resolve(stack.AssumeRoleArn), stack.AssumeRoleExternalId, ct));
        string value;
        try
        {
            value = (await ssm.GetParameterAsync(new GetParameterRequest { Name = parameter }, ct)).Parameter.Value;
        }
        catch (ParameterNotFoundException)
        {
            throw new DeployException(
                $"{environment.Account}/{environment.Region} is not bootstrapped ({parameter} does not exist): run `razors bootstrap --region {environment.Region}` first.");
        }

        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < required)
        {
            throw new DeployException(
                $"{stack.StackName} needs bootstrap version {required} or newer; {environment.Account}/{environment.Region} has '{value}' ({parameter}): run `razors bootstrap --region {environment.Region}`.");
        }
    }

    /// <summary>
    /// Waits for an operation still running on the stack to end, and deletes a stack its failed
    /// creation left in <c>ROLLBACK_COMPLETE</c> (it can only be deleted), as the CDK CLI does. The
    /// stack as it then is, or null when there is none.
    /// </summary>
    private async Task<Stack?> SettleAsync(IAmazonCloudFormation cloudFormation, StackArtifact stack, Stack? existing, CancellationToken ct)
    {
        if (existing is not null && IsInProgress(existing.StackStatus))
        {
            await console.LineAsync($"  {stack.StackName} is {existing.StackStatus}; waiting for it to finish …");
            while (existing is not null && IsInProgress(existing.StackStatus))
            {
                await Task.Delay(options.PollInterval, ct);
                existing = await DescribeAsync(cloudFormation, stack.StackName, ct);
            }
        }

        if (existing?.StackStatus != "ROLLBACK_COMPLETE")
        {
            return existing;
        }

        await console.LineAsync($"  {stack.StackName} is ROLLBACK_COMPLETE: its creation failed and it can only be deleted. Deleting it, then creating it anew …");
        await cloudFormation.DeleteStackAsync(new DeleteStackRequest { StackName = existing.StackId, RoleARN = Resolve(stack.CloudFormationExecutionRoleArn) }, ct);
        var current = existing;
        while (current is not null && current.StackStatus != "DELETE_COMPLETE")
        {
            if (current.StackStatus == "DELETE_FAILED")
            {
                throw new DeployException($"{stack.StackName} was ROLLBACK_COMPLETE and could not be deleted: {current.StackStatusReason}. Delete it in the console and deploy again.");
            }

            await Task.Delay(options.PollInterval, ct);
            current = (await cloudFormation.DescribeStacksAsync(new DescribeStacksRequest { StackName = existing.StackId }, ct)).Stacks.FirstOrDefault();
        }

        return null;
    }

    /// <summary>Creates the change set and waits for it; null when the template and parameters change nothing (it is then deleted).</summary>
    private async Task<ChangeSet?> CreateChangeSetAsync(IAmazonCloudFormation cloudFormation, StackArtifact stack, TemplateSummary template, Stack? existing, CancellationToken ct)
    {
        var type = existing is null || existing.StackStatus == "REVIEW_IN_PROGRESS" ? "CREATE" : "UPDATE";
        var request = new CreateChangeSetRequest
        {
            StackName = stack.StackName,
            ChangeSetName = $"razors-{DateTime.UtcNow:yyyyMMdd-HHmmss}",
            ChangeSetType = type,
            Capabilities = [.. Capabilities],
            RoleARN = Resolve(stack.CloudFormationExecutionRoleArn),
            Parameters = Parameters(stack, template, type == "UPDATE" ? existing : null),
            Tags = [.. stack.Tags.Select(t => new Tag { Key = t.Key, Value = t.Value })],
            Description = $"razors deploy {stack.StackName}",
        };
        if (Resolve(stack.StackTemplateAssetObjectUrl) is { } url && url.StartsWith("s3://", StringComparison.Ordinal))
        {
            request.TemplateURL = HttpsUrl(url);
        }
        else if (template.Bytes <= TemplateSummary.MaxInlineBytes)
        {
            request.TemplateBody = await File.ReadAllTextAsync(template.Path, ct);
        }
        else
        {
            throw new DeployException($"{stack.StackName}'s template is {template.Bytes} bytes, more than CloudFormation takes inline ({TemplateSummary.MaxInlineBytes}), and the assembly names no uploaded copy.");
        }

        var created = await cloudFormation.CreateChangeSetAsync(request, ct);
        await console.LineAsync($"  change set {request.ChangeSetName} ({type}) …");
        var changeSet = new ChangeSet(created.Id!, created.StackId!, []);
        while (true)
        {
            var description = await DescribeAllChangesAsync(cloudFormation, changeSet.ChangeSetId, ct);
            switch (description.Status)
            {
                case "CREATE_COMPLETE":
                    return changeSet with { Changes = [.. description.Changes.Select(c => c.ResourceChange).OfType<ResourceChange>()] };
                case "FAILED" when NoChanges(description.StatusReason):
                    await DiscardAsync(cloudFormation, changeSet, createdTheStack: false);
                    return null;
                case "FAILED":
                    await DiscardAsync(cloudFormation, changeSet, createdTheStack: type == "CREATE" && existing is null);
                    throw new DeployException($"CloudFormation refused {stack.StackName}'s change set: {description.StatusReason}");
                default:
                    await Task.Delay(options.PollInterval, ct);
                    break;
            }
        }
    }

    /// <summary>The change set with every page of its changes (DescribeChangeSet pages by NextToken).</summary>
    private static async Task<DescribeChangeSetResponse> DescribeAllChangesAsync(IAmazonCloudFormation cloudFormation, string changeSetId, CancellationToken ct)
    {
        var first = await cloudFormation.DescribeChangeSetAsync(new DescribeChangeSetRequest { ChangeSetName = changeSetId }, ct);
        var next = first.NextToken;
        while (first.Status == "CREATE_COMPLETE" && next is not null)
        {
            var page = await cloudFormation.DescribeChangeSetAsync(new DescribeChangeSetRequest { ChangeSetName = changeSetId, NextToken = next }, ct);
            first.Changes.AddRange(page.Changes);
            next = page.NextToken;
        }

        return first;
    }

    // CloudFormation's words for an empty change set (AWS::CloudFormation API reference, DescribeChangeSet StatusReason).
    private static bool NoChanges(string? reason) =>
        reason is not null
        && (reason.Contains("didn't contain changes", StringComparison.Ordinal)
            || reason.Contains("No updates are to be performed", StringComparison.Ordinal)
            || reason.Contains("The submitted information didn't contain changes", StringComparison.Ordinal));

    /// <summary>
    /// The stack's parameters: the assembly's, then the ones given on the command line; on an
    /// update, a parameter the stack has and nobody gave keeps its value. A parameter without a
    /// default that is given nowhere is refused before anything is created.
    /// </summary>
    private List<Parameter> Parameters(StackArtifact stack, TemplateSummary template, Stack? existing)
    {
        var values = new Dictionary<string, string>(stack.Parameters, StringComparer.Ordinal);
        foreach (var (key, value) in options.Parameters)
        {
            var separator = key.IndexOf(':', StringComparison.Ordinal);
            if (separator < 0 && template.Parameters.ContainsKey(key))
            {
                values[key] = value;
            }
            else if (separator > 0 && key[..separator] == stack.StackName)
            {
                values[key[(separator + 1)..]] = value;
            }
        }

        var parameters = new List<Parameter>();
        var missing = new List<TemplateParameter>();
        foreach (var declared in template.Parameters.Values)
        {
            if (values.TryGetValue(declared.Name, out var value))
            {
                parameters.Add(new Parameter { ParameterKey = declared.Name, ParameterValue = value });
            }
            else if (existing?.Parameters.Any(p => p.ParameterKey == declared.Name) == true && !declared.HasDefault)
            {
                parameters.Add(new Parameter { ParameterKey = declared.Name, UsePreviousValue = true });
            }
            else if (!declared.HasDefault)
            {
                missing.Add(declared);
            }
        }

        if (missing.Count > 0)
        {
            throw new DeployException(
                $"{stack.StackName} needs {string.Join(" ", missing.Select(p => $"--parameter {p.Name}=…"))} on its first deploy: "
                + string.Join("; ", missing.Select(p => $"{p.Name}: {p.Description ?? "no description"}")));
        }

        return parameters;
    }

    private string HttpsUrl(string s3Url)
    {
        var path = s3Url["s3://".Length..];
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var (bucket, key) = (path[..slash], path[(slash + 1)..]);
        var host = environment.Partition == "aws-cn" ? $"s3.{environment.Region}.amazonaws.com.cn" : $"s3.{environment.Region}.amazonaws.com";
        return $"https://{host}/{bucket}/{key}";
    }

    private async Task<bool> ConfirmAsync(StackArtifact stack, IReadOnlyList<ResourceChange> changes, CancellationToken ct)
    {
        if (!options.Yes && !await console.ConfirmAsync($"Deploy these changes to {console.Bold(stack.StackName)} in {environment.Account}/{environment.Region}?", ct))
        {
            return false;
        }

        var replaced = ChangeSetView.StatefulReplacements(changes);
        if (replaced.Count == 0 || options.ReplaceData)
        {
            return true;
        }

        var names = string.Join(", ", replaced.Select(c => $"{c.LogicalResourceId} ({c.ResourceType})"));
        if (options.Yes && !console.Terminal)
        {
            await console.LineAsync(console.Bold($"  {stack.StackName} would replace what holds data: {names}. --yes does not agree to that; add --replace-data to."));
            return false;
        }

        return await console.ConfirmByTypingAsync(
            console.Bold($"This replaces {names}: the new ones start empty and what the old ones hold is lost (or kept aside, if retained)."),
            stack.StackName,
            ct);
    }

    /// <summary>Deletes a change set that is not executed; a stack that only it created (REVIEW_IN_PROGRESS, no resources) goes too.</summary>
    private static async Task DiscardAsync(IAmazonCloudFormation cloudFormation, ChangeSet changeSet, bool createdTheStack)
    {
        await cloudFormation.DeleteChangeSetAsync(new DeleteChangeSetRequest { ChangeSetName = changeSet.ChangeSetId }, CancellationToken.None);
        if (createdTheStack)
        {
            await cloudFormation.DeleteStackAsync(new DeleteStackRequest { StackName = changeSet.StackId }, CancellationToken.None);
        }
    }

    /// <summary>
    /// Prints the stack's events as they come, with a progress line on a terminal, until the stack
    /// is no longer in progress. The first Ctrl-C cancels an update (<c>CancelUpdateStack</c>: it
    /// rolls back) and goes on following; the second stops following.
    /// </summary>
    private async Task<Stack> FollowAsync(IAmazonCloudFormation cloudFormation, string stackId, StackEvents events, int resources, Interruption interruption, bool canCancel)
    {
        var watch = Stopwatch.StartNew();
        var done = 0;
        var cancelled = false;
        while (true)
        {
            var ct = interruption.Insisted;
            if (interruption.Requested.IsCancellationRequested && !cancelled)
            {
                cancelled = true;
                await CancelAsync(cloudFormation, stackId, canCancel);
            }

            done = await PrintEventsAsync(events, done, ct);

            var stack = (await cloudFormation.DescribeStacksAsync(new DescribeStacksRequest { StackName = stackId }, ct)).Stacks.FirstOrDefault()
                ?? throw new DeployException($"{stackId} is gone while it was being followed.");
            if (!stack.StackStatus!.EndsWith("_IN_PROGRESS", StringComparison.Ordinal))
            {
                // The events that came between the last look at them and the stack's end.
                await PrintEventsAsync(events, done, ct);
                await console.LineAsync($"  {stack.StackStatus} after {Elapsed(watch)}");
                return stack;
            }

            await console.ProgressAsync($"  [{Bar(done, resources)}] {Math.Min(done, resources)}/{resources} resources  {stack.StackStatus}  {Elapsed(watch)}");
            using var wake = CancellationTokenSource.CreateLinkedTokenSource(ct, cancelled ? ct : interruption.Requested);
            try
            {
                await Task.Delay(options.PollInterval, wake.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // The first Ctrl-C: cancel at the top of the loop.
            }
        }
    }

    /// <summary>Prints the stack's new events; the count of resources done, with those among them.</summary>
    private async Task<int> PrintEventsAsync(StackEvents events, int done, CancellationToken ct)
    {
        foreach (var e in await events.PollAsync(ct))
        {
            if (e.ResourceStatus is "CREATE_COMPLETE" or "UPDATE_COMPLETE" or "DELETE_COMPLETE" && e.ResourceType != "AWS::CloudFormation::Stack")
            {
                done++;
            }

            // Padded before it is coloured: the colour codes take no room on the screen.
            var status = (e.ResourceStatus ?? "").PadRight(30);
            status = e.ResourceStatus?.EndsWith("_FAILED", StringComparison.Ordinal) == true ? console.Red(status) : status;
            var reason = string.IsNullOrEmpty(e.ResourceStatusReason) ? "" : $"  {e.ResourceStatusReason}";
            await console.LineAsync($"  {e.Timestamp.ToUniversalTime():HH:mm:ss}  {status}  {e.ResourceType,-40}  {e.LogicalResourceId}{reason}");
        }

        return done;
    }

    private async Task CancelAsync(IAmazonCloudFormation cloudFormation, string stackId, bool canCancel)
    {
        if (!canCancel)
        {
            await console.LineAsync("  interrupted: CloudFormation cannot cancel this operation; following it to its end (Ctrl-C again stops following, not the operation).");
            return;
        }

        try
        {
            await cloudFormation.CancelUpdateStackAsync(new CancelUpdateStackRequest { StackName = stackId }, CancellationToken.None);
            await console.LineAsync("  interrupted: the update is cancelled and rolls back; following the rollback (Ctrl-C again stops following, not the rollback).");
        }
        catch (AmazonCloudFormationException e) when (e.ErrorCode == "ValidationError")
        {
            // The update had already ended (or is past the point it can be cancelled).
            await console.LineAsync($"  interrupted, but the update cannot be cancelled any more: {e.Message}");
        }
    }

    private static string Bar(int done, int total)
    {
        const int width = 24;
        var filled = total == 0 ? width : Math.Min(width, done * width / total);
        return new string('#', filled) + new string('.', width - filled);
    }

    private async Task PrintOutputsAsync(IAmazonCloudFormation cloudFormation, string stackName, CancellationToken ct)
    {
        if (await DescribeAsync(cloudFormation, stackName, ct) is { } stack)
        {
            await PrintOutputsAsync(stack);
        }
    }

    private async Task PrintOutputsAsync(Stack stack)
    {
        if (stack.Outputs.Count == 0)
        {
            return;
        }

        await console.LineAsync("  Outputs:");
        var width = stack.Outputs.Max(o => (o.OutputKey ?? "").Length);
        foreach (var output in stack.Outputs.OrderBy(o => o.OutputKey, StringComparer.Ordinal))
        {
            await console.LineAsync($"    {(output.OutputKey ?? "").PadRight(width)} = {output.OutputValue}");
        }
    }

    private sealed record ChangeSet(string ChangeSetId, string StackId, IReadOnlyList<ResourceChange> Changes);
}
