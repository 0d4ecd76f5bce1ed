using System.Globalization;
using System.Security;
using System.Text;
using System.Text.Json.Nodes;

namespace Razors.Cli.Tests.Deploy;

/// <summary>
/// CloudFormation's stack and change-set life cycle as the API reference describes it, for the
/// operations <c>razors deploy</c> uses: a CREATE change set makes a <c>REVIEW_IN_PROGRESS</c>
/// stack; a change set compares the template with the stack's and fails with "didn't contain
/// changes" when nothing differs; executing it runs the stack through <c>*_IN_PROGRESS</c> one
/// resource per look (<c>DescribeStacks</c>), writing events (newest first, paged by
/// <see cref="EventPageSize"/>), to <c>*_COMPLETE</c>, or, when a resource is set to fail, to
/// <c>ROLLBACK_COMPLETE</c> / <c>UPDATE_ROLLBACK_COMPLETE</c>.
/// </summary>
internal sealed class LocalCloudFormation(LocalAws aws)
{
    private const string Ns = "http://cloudformation.amazonaws.com/doc/2010-05-15/";
    private readonly Lock gate = new();
    private readonly Dictionary<string, LocalStack> stacks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LocalChangeSet> changeSets = new(StringComparer.Ordinal);

    public int EventPageSize { get; set; } = 3;

    /// <summary>Steps of a running operation taken per look at the stack; by default a look finds it done.</summary>
    public int StepsPerLook { get; set; } = int.MaxValue;

    /// <summary>Logical ids whose creation or update fails, with the reason CloudFormation gives.</summary>
    public Dictionary<string, string> FailingResources { get; } = new(StringComparer.Ordinal);

    /// <summary>Logical ids a change set replaces when they are modified (Replacement True).</summary>
    public HashSet<string> ReplacedOnModify { get; } = new(StringComparer.Ordinal);

    /// <summary>Stacks in the order their first change set was created.</summary>
    public List<string> CreationOrder { get; } = [];

    public LocalStack? Stack(string name)
    {
        lock (gate)
        {
            return stacks.Values.LastOrDefault(s => s.Name == name && s.Status != "DELETE_COMPLETE");
        }
    }

    /// <summary>A stack that is there before the test, in <paramref name="status"/> (ROLLBACK_COMPLETE: as a failed creation leaves it), with <paramref name="parameters"/>.</summary>
    public void AddStack(string name, string status, IReadOnlyDictionary<string, string>? parameters = null)
    {
        lock (gate)
        {
            var stack = new LocalStack(name, $"arn:aws:cloudformation:{LocalAws.Region}:{LocalAws.Account}:stack/{name}/{Guid.NewGuid()}") { Status = status };
            foreach (var (key, value) in parameters ?? new Dictionary<string, string>())
            {
                stack.Parameters[key] = value;
            }

            stack.AddEvent(name, "AWS::CloudFormation::Stack", status, null);
            stacks[stack.Id] = stack;
        }
    }

    public (int Status, string Xml) Answer(string action, Dictionary<string, string> form)
    {
        lock (gate)
        {
            try
            {
                return (200, Response(action, action switch
                {
                    "DescribeStacks" => DescribeStacks(form),
                    "CreateChangeSet" => CreateChangeSet(form),
                    "DescribeChangeSet" => DescribeChangeSet(form),
                    "ExecuteChangeSet" => ExecuteChangeSet(form),
                    "DeleteChangeSet" => DeleteChangeSet(form),
                    "DescribeStackEvents" => DescribeStackEvents(form),
                    "DeleteStack" => DeleteStack(form),
                    "CancelUpdateStack" => CancelUpdateStack(form),
                    "GetTemplate" => $"<TemplateBody>{SecurityElement.Escape(Find(form["StackName"]).Template?.ToJsonString())}</TemplateBody>",
                    _ => throw new Refusal("InvalidAction", $"{action} is not an operation of this endpoint"),
                }));
            }
            catch (Refusal e)
            {
                return (400, $"<ErrorResponse xmlns=\"{Ns}\"><Error><Type>Sender</Type><Code>{e.Code}</Code><Message>{SecurityElement.Escape(e.Message)}</Message></Error><RequestId>{Guid.NewGuid()}</RequestId></ErrorResponse>");
            }
        }
    }

    private static string Response(string action, string result) =>
        $"<{action}Response xmlns=\"{Ns}\"><{action}Result>{result}</{action}Result><ResponseMetadata><RequestId>{Guid.NewGuid()}</RequestId></ResponseMetadata></{action}Response>";

    private static string Time(DateTime time) => time.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private LocalStack Find(string nameOrId)
    {
        if (stacks.TryGetValue(nameOrId, out var byId))
        {
            return byId;
        }

        return stacks.Values.LastOrDefault(s => s.Name == nameOrId && s.Status != "DELETE_COMPLETE")
            ?? throw new Refusal("ValidationError", $"Stack with id {nameOrId} does not exist");
    }

    private string DescribeStacks(Dictionary<string, string> form)
    {
        var stack = Find(form["StackName"]);
        stack.Advance(FailingResources, StepsPerLook);
        var outputs = new StringBuilder();
        foreach (var (key, value) in stack.Outputs)
        {
            outputs.Append(CultureInfo.InvariantCulture, $"<member><OutputKey>{key}</OutputKey><OutputValue>{SecurityElement.Escape(value)}</OutputValue></member>");
        }

        var parameters = new StringBuilder();
        foreach (var (key, value) in stack.Parameters)
        {
            parameters.Append(CultureInfo.InvariantCulture, $"<member><ParameterKey>{key}</ParameterKey><ParameterValue>{SecurityElement.Escape(value)}</ParameterValue></member>");
        }

        return $"<Stacks><member><StackId>{stack.Id}</StackId><StackName>{stack.Name}</StackName><StackStatus>{stack.Status}</StackStatus>"
            + $"<CreationTime>{Time(stack.Created)}</CreationTime><Outputs>{outputs}</Outputs><Parameters>{parameters}</Parameters></member></Stacks>";
    }

    private string CreateChangeSet(Dictionary<string, string> form)
    {
        var name = form["StackName"];
        var type = form.GetValueOrDefault("ChangeSetType", "UPDATE");
        var existing = stacks.Values.LastOrDefault(s => s.Name == name && s.Status != "DELETE_COMPLETE");
        var body = form.TryGetValue("TemplateBody", out var inline) ? inline
            : form.TryGetValue("TemplateURL", out var url) ? aws.TemplateAt(url) ?? throw new Refusal("ValidationError", $"S3 error: Access Denied for {url}")
            : throw new Refusal("ValidationError", "Either Template URL or Template Body must be specified.");
        var template = JsonNode.Parse(body)!.AsObject();
        LocalStack stack;
        if (type == "CREATE")
        {
            if (existing is not null && existing.Status != "REVIEW_IN_PROGRESS")
            {
                throw new Refusal("AlreadyExistsException", $"Stack [{name}] already exists and cannot be created again with the changeSet [{form["ChangeSetName"]}].");
            }

            stack = existing ?? new LocalStack(name, $"arn:aws:cloudformation:{LocalAws.Region}:{LocalAws.Account}:stack/{name}/{Guid.NewGuid()}") { Status = "REVIEW_IN_PROGRESS" };
            if (existing is null)
            {
                stack.AddEvent(name, "AWS::CloudFormation::Stack", "REVIEW_IN_PROGRESS", "User Initiated");
                stacks[stack.Id] = stack;
                CreationOrder.Add(name);
            }
        }
        else
        {
            stack = existing ?? throw new Refusal("ValidationError", $"Stack [{name}] does not exist");
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; form.TryGetValue($"Parameters.member.{i}.ParameterKey", out var key); i++)
        {
            parameters[key] = form.TryGetValue($"Parameters.member.{i}.ParameterValue", out var value) ? value
                : form.GetValueOrDefault($"Parameters.member.{i}.UsePreviousValue") == "true" ? stack.Parameters.GetValueOrDefault(key, "")
                : "";
        }

        var changeSet = new LocalChangeSet(
            $"arn:aws:cloudformation:{LocalAws.Region}:{LocalAws.Account}:changeSet/{form["ChangeSetName"]}/{Guid.NewGuid()}",
            form["ChangeSetName"],
            stack,
            type,
            template,
            parameters,
            Changes(stack.Template, template));
        var sameParameters = stack.Parameters.Count == parameters.Count && parameters.All(p => stack.Parameters.GetValueOrDefault(p.Key) == p.Value);
        if (changeSet.Changes.Count == 0 && sameParameters && type == "UPDATE")
        {
            changeSet.Status = "FAILED";
            changeSet.StatusReason = "The submitted information didn't contain changes. Submit different information to create a change set.";
        }

        changeSets[changeSet.Id] = changeSet;
        return $"<Id>{changeSet.Id}</Id><StackId>{stack.Id}</StackId>";
    }

    private List<(string Action, string LogicalId, string Type, string Replacement)> Changes(JsonObject? before, JsonObject after)
    {
        var old = before?["Resources"]?.AsObject() ?? [];
        var @new = after["Resources"]?.AsObject() ?? [];
        var changes = new List<(string, string, string, string)>();
        foreach (var (id, resource) in @new)
        {
            var type = resource?["Type"]?.GetValue<string>() ?? "?";
            if (!old.ContainsKey(id))
            {
                changes.Add(("Add", id, type, ""));
            }
            else if (!JsonNode.DeepEquals(old[id], resource))
            {
                changes.Add(("Modify", id, type, ReplacedOnModify.Contains(id) ? "True" : "False"));
            }
        }

        foreach (var (id, resource) in old.Where(r => !@new.ContainsKey(r.Key)))
        {
            changes.Add(("Remove", id, resource?["Type"]?.GetValue<string>() ?? "?", ""));
        }

        return changes;
    }

    private LocalChangeSet ChangeSet(Dictionary<string, string> form) =>
        changeSets.TryGetValue(form["ChangeSetName"], out var byId) ? byId
        : changeSets.Values.FirstOrDefault(c => c.Name == form["ChangeSetName"] && c.Stack.Name == form.GetValueOrDefault("StackName"))
        ?? throw new Refusal("ChangeSetNotFound", $"ChangeSet [{form["ChangeSetName"]}] does not exist");

    private string DescribeChangeSet(Dictionary<string, string> form)
    {
        var changeSet = ChangeSet(form);
        if (changeSet.Status == "CREATE_PENDING")
        {
            // The first look finds it pending, as CloudFormation needs a moment to compute it.
            changeSet.Status = "CREATE_IN_PROGRESS";
            return ChangeSetXml(changeSet, [], null);
        }

        if (changeSet.Status == "CREATE_IN_PROGRESS")
        {
            changeSet.Status = "CREATE_COMPLETE";
        }

        var start = form.TryGetValue("NextToken", out var token) ? int.Parse(token, CultureInfo.InvariantCulture) : 0;
        var page = changeSet.Changes.Skip(start).Take(EventPageSize).ToList();
        var next = start + page.Count < changeSet.Changes.Count ? (start + page.Count).ToString(CultureInfo.InvariantCulture) : null;
        return ChangeSetXml(changeSet, page, next);
    }

    private static string ChangeSetXml(LocalChangeSet changeSet, List<(string Action, string LogicalId, string Type, string Replacement)> changes, string? next)
    {
        var members = string.Concat(changes.Select(c =>
            $"<member><Type>Resource</Type><ResourceChange><Action>{c.Action}</Action><LogicalResourceId>{c.LogicalId}</LogicalResourceId>"
            + $"<ResourceType>{c.Type}</ResourceType>{(c.Replacement.Length > 0 ? $"<Replacement>{c.Replacement}</Replacement>" : "")}"
            + (c.Action == "Modify" ? "<Details><member><Target><Attribute>Properties</Attribute><Name>Description</Name><RequiresRecreation>Never</RequiresRecreation></Target><Evaluation>Static</Evaluation><ChangeSource>DirectModification</ChangeSource></member></Details>" : "")
            + "<Scope><member>Properties</member></Scope></ResourceChange></member>"));
        var execution = changeSet.Status == "CREATE_COMPLETE" ? "AVAILABLE" : "UNAVAILABLE";
        return $"<ChangeSetId>{changeSet.Id}</ChangeSetId><ChangeSetName>{changeSet.Name}</ChangeSetName><StackId>{changeSet.Stack.Id}</StackId><StackName>{changeSet.Stack.Name}</StackName>"
            + $"<Status>{changeSet.Status}</Status>{(changeSet.StatusReason is null ? "" : $"<StatusReason>{SecurityElement.Escape(changeSet.StatusReason)}</StatusReason>")}"
            + $"<ExecutionStatus>{execution}</ExecutionStatus><Changes>{members}</Changes>{(next is null ? "" : $"<NextToken>{next}</NextToken>")}";
    }

    private string ExecuteChangeSet(Dictionary<string, string> form)
    {
        var changeSet = ChangeSet(form);
        if (changeSet.Status != "CREATE_COMPLETE")
        {
            throw new Refusal("InvalidChangeSetStatus", $"ChangeSet [{changeSet.Id}] cannot be executed in its current status of [{changeSet.Status}]");
        }

        changeSets.Remove(changeSet.Id);
        changeSet.Stack.Execute(changeSet, form.GetValueOrDefault("ClientRequestToken"));
        return "";
    }

    private string DeleteChangeSet(Dictionary<string, string> form)
    {
        changeSets.Remove(ChangeSet(form).Id);
        return "";
    }

    private string DescribeStackEvents(Dictionary<string, string> form)
    {
        var stack = Find(form["StackName"]);
        var newestFirst = Enumerable.Reverse(stack.Events).ToList();
        var start = form.TryGetValue("NextToken", out var token) ? int.Parse(token, CultureInfo.InvariantCulture) : 0;
        var page = newestFirst.Skip(start).Take(EventPageSize).ToList();
        var next = start + page.Count < newestFirst.Count ? $"<NextToken>{start + page.Count}</NextToken>" : "";
        var members = string.Concat(page.Select(e =>
            $"<member><EventId>{e.Id}</EventId><StackId>{stack.Id}</StackId><StackName>{stack.Name}</StackName><LogicalResourceId>{e.LogicalId}</LogicalResourceId>"
            + $"<ResourceType>{e.Type}</ResourceType><Timestamp>{Time(e.Time)}</Timestamp><ResourceStatus>{e.Status}</ResourceStatus>"
            + (e.Reason is null ? "" : $"<ResourceStatusReason>{SecurityElement.Escape(e.Reason)}</ResourceStatusReason>")
            + (e.Token is null ? "" : $"<ClientRequestToken>{e.Token}</ClientRequestToken>") + "</member>"));
        return $"<StackEvents>{members}</StackEvents>{next}";
    }

    private string DeleteStack(Dictionary<string, string> form)
    {
        if (stacks.TryGetValue(form["StackName"], out var byId) || stacks.Values.LastOrDefault(s => s.Name == form["StackName"] && s.Status != "DELETE_COMPLETE") is { } byName && (byId = byName) is not null)
        {
            byId.Delete(form.GetValueOrDefault("ClientRequestToken"));
        }

        // Deleting a stack that does not exist succeeds (DeleteStack, AWS CloudFormation API reference).
        return "";
    }

    private string CancelUpdateStack(Dictionary<string, string> form)
    {
        var stack = Find(form["StackName"]);
        if (stack.Status != "UPDATE_IN_PROGRESS")
        {
            throw new Refusal("ValidationError", $"CancelUpdateStack cannot be called from current stack status {stack.Status}");
        }

        stack.CancelUpdate();
        return "";
    }

    private sealed class Refusal(string code, string message) : Exception(message)
    {
        public string Code { get; } = code;
    }
}

/// <summary>A change set: what it was made from and what it changes.</summary>
internal sealed record LocalChangeSet(
    string Id, string Name, LocalStack Stack, string Type, JsonObject Template, Dictionary<string, string> Parameters,
    List<(string Action, string LogicalId, string Type, string Replacement)> Changes)
{
    public string Status { get; set; } = "CREATE_PENDING";

    public string? StatusReason { get; set; }
}

/// <summary>A stack and the steps of the operation running on it; each <see cref="Advance"/> takes some.</summary>
internal sealed class LocalStack(string name, string id)
{
    private readonly Queue<Action> steps = new();
    private string? token;
    private JsonObject? previousTemplate;

    public string Name { get; } = name;

    public string Id { get; } = id;

    public string Status { get; set; } = "";

    public DateTime Created { get; } = DateTime.UtcNow;

    public JsonObject? Template { get; private set; }

    public Dictionary<string, string> Parameters { get; private set; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Outputs { get; } = new(StringComparer.Ordinal);

    public List<LocalEvent> Events { get; } = [];

    public int Executions { get; private set; }

    public void AddEvent(string logicalId, string type, string status, string? reason) =>
        Events.Add(new LocalEvent(Guid.NewGuid().ToString(), logicalId, type, status, reason, DateTime.UtcNow, token));

    public void Execute(LocalChangeSet changeSet, string? clientRequestToken)
    {
        Executions++;
        token = clientRequestToken;
        var creating = Status == "REVIEW_IN_PROGRESS";
        var verb = creating ? "CREATE" : "UPDATE";
        Status = $"{verb}_IN_PROGRESS";
        AddEvent(Name, "AWS::CloudFormation::Stack", Status, "User Initiated");
        previousTemplate = Template;
        Template = changeSet.Template;
        Parameters = changeSet.Parameters;
        foreach (var change in changeSet.Changes.Where(c => c.Action != "Remove"))
        {
            steps.Enqueue(() => AddEvent(change.LogicalId, change.Type, $"{verb}_IN_PROGRESS", null));
            steps.Enqueue(() => Complete(change.LogicalId, change.Type, verb));
        }

        steps.Enqueue(() =>
        {
            Status = $"{verb}_COMPLETE";
            Outputs.Clear();
            foreach (var (key, output) in Template[nameof(Outputs)]?.AsObject() ?? [])
            {
                Outputs[key] = output?["Value"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : $"resolved-{key}";
            }

            AddEvent(Name, "AWS::CloudFormation::Stack", Status, null);
        });
    }

    public void Delete(string? clientRequestToken)
    {
        token = clientRequestToken;
        Status = "DELETE_IN_PROGRESS";
        steps.Clear();
        AddEvent(Name, "AWS::CloudFormation::Stack", Status, "User Initiated");
        foreach (var (id, resource) in Template?["Resources"]?.AsObject() ?? [])
        {
            var type = resource?["Type"]?.GetValue<string>() ?? "?";
            steps.Enqueue(() => AddEvent(id, type, "DELETE_COMPLETE", null));
        }

        steps.Enqueue(() =>
        {
            Status = "DELETE_COMPLETE";
            AddEvent(Name, "AWS::CloudFormation::Stack", Status, null);
        });
    }

    public void CancelUpdate()
    {
        steps.Clear();
        Status = "UPDATE_ROLLBACK_IN_PROGRESS";
        AddEvent(Name, "AWS::CloudFormation::Stack", Status, "Stack update cancelled");
        Template = previousTemplate;
        steps.Enqueue(() =>
        {
            Status = "UPDATE_ROLLBACK_COMPLETE";
            AddEvent(Name, "AWS::CloudFormation::Stack", Status, null);
        });
    }

    /// <summary>Takes the next step of the running operation, if any (CloudFormation moves on between two looks).</summary>
    public void Advance(IReadOnlyDictionary<string, string> failing, int count)
    {
        Failing = failing;
        for (var i = 0; i < count && steps.TryDequeue(out var step); i++)
        {
            step();
        }
    }

    private IReadOnlyDictionary<string, string> Failing { get; set; } = new Dictionary<string, string>();

    private void Complete(string logicalId, string type, string verb)
    {
        if (!Failing.TryGetValue(logicalId, out var reason))
        {
            AddEvent(logicalId, type, $"{verb}_COMPLETE", null);
            return;
        }

        steps.Clear();
        AddEvent(logicalId, type, $"{verb}_FAILED", reason);
        Status = verb == "CREATE" ? "ROLLBACK_IN_PROGRESS" : "UPDATE_ROLLBACK_IN_PROGRESS";
        AddEvent(Name, "AWS::CloudFormation::Stack", Status, $"The following resource(s) failed to {verb.ToLowerInvariant()}: [{logicalId}]. ");
        steps.Enqueue(() =>
        {
            Status = verb == "CREATE" ? "ROLLBACK_COMPLETE" : "UPDATE_ROLLBACK_COMPLETE";
            if (verb == "UPDATE")
            {
                Template = previousTemplate;
            }

            AddEvent(Name, "AWS::CloudFormation::Stack", Status, null);
        });
    }
}

internal sealed record LocalEvent(string Id, string LogicalId, string Type, string Status, string? Reason, DateTime Time, string? Token);
