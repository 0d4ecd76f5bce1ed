using System.CommandLine;
using Razors.Cli;
using Razors.Cli.Chaos;
using Razors.Cli.Deploy;
using Razors.Cli.Lake;

var urlOption = new Option<Uri>("--url")
{
    Description = "The local host to talk to (default: the one ./run.sh started, from .data/host.json in the repository that holds the current folder).",
    DefaultValueFactory = _ => RunningHost.BaseAddress(),
    CustomParser = result => ParseHttpUrl(result, "--url"),
};

var busOption = new Option<string>("--bus") { Description = "The bus whose archive to read.", DefaultValueFactory = _ => "razors-subscription" };
var limitOption = new Option<int>("--limit") { Description = "At most this many, newest last.", DefaultValueFactory = _ => 20 };
limitOption.Validators.Add(r => RequireRange(r, "--limit", 1, 1000));
var events = new Command("events", "Show the events a bus received (from its archive); `events export` exports them from the event lake.") { busOption, limitOption, urlOption };
events.Subcommands.Add(EventsExportCommand.Create());
events.SetAction((parse, ct) => new AdminClient(parse.GetValue(urlOption)!, Console.Out).ShowEventsAsync(parse.GetValue(busOption)!, parse.GetValue(limitOption), ct));

var queueArgument = new Argument<string>("queue") { Description = "The dead-letter queue's name (as `razors dlq list` prints it)." };
var awsOption = new Option<bool>("--aws")
{
    Description = "Talk to AWS SQS instead of the local host: the queues of the deployed stacks (same names as the topology). "
        + "Credentials and region come from --profile/--region, else AWS_PROFILE, AWS_REGION, AWS_ACCESS_KEY_ID… and ~/.aws, as for the AWS CLI.",
};
var regionOption = new Option<string>("--region") { Description = "With --aws: the AWS region (default: AWS_REGION or the profile's region)." };
var profileOption = new Option<string>("--profile") { Description = "With --aws: the named profile in ~/.aws to take credentials (and region) from." };
var endpointOption = new Option<Uri>("--endpoint-url")
{
    Description = "With --aws: an SQS-compatible endpoint instead of AWS (for example a local fauxqs).",
    CustomParser = result => ParseHttpUrl(result, "--endpoint-url"),
};
var noWaitOption = new Option<bool>("--no-wait") { Description = "With --aws: start the move task and return without following its progress." };
Option[] awsOnlyOptions = [regionOption, profileOption, endpointOption, noWaitOption];

var dlqList = new Command("list", "Every dead-letter queue with its message count; with --aws also what each one serves (a queue's redrive, rule targets, a stream's on-failure).")
{
    urlOption, awsOption, regionOption, profileOption, endpointOption,
};
dlqList.SetAction((parse, ct) => parse.GetValue(awsOption)
    ? Aws(parse).RunAsync(dlqs => dlqs.ListAsync(ct), ct)
    : new AdminClient(parse.GetValue(urlOption)!, Console.Out).ListDeadLetterQueuesAsync(ct));
var dlqShow = new Command(
    "show",
    "The messages in a dead-letter queue, with failure reason, source and attempts; none is deleted. "
    + $"With --aws the messages are received: each look raises their receive count, and they are invisible to others for up to {AwsDeadLetterQueues.ShowVisibilityTimeoutSeconds} s while shown.")
{
    queueArgument, limitOption, urlOption, awsOption, regionOption, profileOption, endpointOption,
};
dlqShow.SetAction((parse, ct) => parse.GetValue(awsOption)
    ? Aws(parse).RunAsync(dlqs => dlqs.ShowAsync(parse.GetValue(queueArgument)!, parse.GetValue(limitOption), ct), ct)
    : new AdminClient(parse.GetValue(urlOption)!, Console.Out).ShowMessagesAsync(parse.GetValue(queueArgument)!, parse.GetValue(limitOption), ct));
var dlqRedrive = new Command(
    "redrive",
    "Move a dead-letter queue's messages back to the queues they came from. With --aws this starts an SQS message move task "
    + "(StartMessageMoveTask) and follows it to the end; it applies only to DLQs fed by a queue's redrive policy: for EventBridge "
    + "target DLQs and stream on-failure DLQs it explains what to do instead.")
{
    queueArgument, urlOption, awsOption, regionOption, profileOption, endpointOption, noWaitOption,
};
dlqRedrive.SetAction((parse, ct) => parse.GetValue(awsOption)
    ? Aws(parse).RunAsync(dlqs => dlqs.RedriveAsync(parse.GetValue(queueArgument)!, wait: !parse.GetValue(noWaitOption), ct), ct)
    : new AdminClient(parse.GetValue(urlOption)!, Console.Out).RedriveAsync(parse.GetValue(queueArgument)!, ct));
foreach (var command in new[] { dlqList, dlqShow, dlqRedrive })
{
    command.Validators.Add(result =>
    {
        if (!result.GetValue(awsOption))
        {
            foreach (var option in awsOnlyOptions.Where(o => result.GetResult(o) is { Implicit: false }))
            {
                result.AddError($"{option.Name} applies only with --aws.");
            }
        }
        else if (result.GetResult(urlOption) is { Implicit: false })
        {
            result.AddError("--url is the local host's address; it cannot be combined with --aws.");
        }
    });
}

var dlq = new Command("dlq", "Inspect and repair dead-letter queues.") { dlqList, dlqShow, dlqRedrive };

var subscriptionArgument = new Argument<Guid>("subscriptionId") { Description = "The subscription whose saga to show." };
var saga = new Command("saga", "One saga across the services: their states and every event, in order.") { subscriptionArgument, urlOption };
saga.SetAction((parse, ct) => new AdminClient(parse.GetValue(urlOption)!, Console.Out).ShowSagaAsync(parse.GetValue(subscriptionArgument), ct));

var sagasOption = new Option<int>("--sagas") { Description = "Subscriptions to create.", DefaultValueFactory = _ => 300 };
sagasOption.Validators.Add(r => RequireRange(r, "--sagas", 1, 1_000_000));
var rateOption = new Option<int>("--rate") { Description = "Subscriptions created per second.", DefaultValueFactory = _ => 10 };
rateOption.Validators.Add(r => RequireRange(r, "--rate", 1, 1000));
var killsOption = new Option<int>("--kills") { Description = "SIGKILLs of the host or DynamoDB Local (chosen at random), at random moments.", DefaultValueFactory = _ => 3 };
killsOption.Validators.Add(r => RequireRange(r, "--kills", 0, 1000));
var factorOption = new Option<int>("--factor")
{
    Description = "Divide every retry interval, visibility timeout, sweep and deadline of the host by this (15-minute saga deadline: 15 s at 60).",
    DefaultValueFactory = _ => 60,
};
factorOption.Validators.Add(r => RequireRange(r, "--factor", 1, 3600));
var outageOption = new Option<int?>("--outage")
{
    Description = "Seconds the bus refuses every PutEvents (default: the old 1-hour retry budget divided by --factor, plus 10 s).",
};
outageOption.Validators.Add(r =>
{
    if (r.GetValueOrDefault<int?>() is { } seconds && seconds is < 1 or > 86_400)
    {
        r.AddError($"--outage {seconds} is out of range: use 1–86400.");
    }
});
var consumerFailureOption = new Option<int?>("--consumer-failure")
{
    Description = "Seconds payments' SubscriptionCreated handler fails on purpose, from the start; the bus goes down after it "
        + "(default: long enough for its messages to use up their receives at --factor, plus 10 s; 25 s at 60).",
};
consumerFailureOption.Validators.Add(r =>
{
    if (r.GetValueOrDefault<int?>() is { } seconds && seconds is < 1 or > 86_400)
    {
        r.AddError($"--consumer-failure {seconds} is out of range: use 1–86400.");
    }
});
var settleOption = new Option<int>("--settle-timeout") { Description = "Seconds to wait, after the load, for every saga to end.", DefaultValueFactory = _ => 600 };
settleOption.Validators.Add(r => RequireRange(r, "--settle-timeout", 10, 86_400));
var seedOption = new Option<int>("--seed") { Description = "Seed of the random kill moments and targets.", DefaultValueFactory = _ => Environment.TickCount };
var hostOption = new Option<FileInfo>("--host")
{
    Description = "The local host's assembly (default: local/Host/bin/Release/net10.0/Razors.LocalHost.dll of the repository that holds the current folder).",
};
var chaos = new Command(
    "chaos",
    "Drive sagas against a host this command starts and supervises, kill it and DynamoDB Local with SIGKILL, take the bus down, plant poison and "
        + "break a consumer; then check that no subscription is missing, stuck or doubled and that the DLQs hold the poison only. Exits 1 on any violation.")
{
    sagasOption, rateOption, killsOption, factorOption, outageOption, consumerFailureOption, settleOption, seedOption, hostOption,
};
chaos.SetAction((parse, ct) => ChaosCommand.RunAsync(
    new ChaosSettings(
        parse.GetValue(sagasOption),
        parse.GetValue(rateOption),
        parse.GetValue(killsOption),
        parse.GetValue(factorOption),
        TimeSpan.FromSeconds(parse.GetValue(outageOption) ?? (3600 / parse.GetValue(factorOption)) + 10),
        parse.GetValue(consumerFailureOption) is { } failing ? TimeSpan.FromSeconds(failing) : ChaosSettings.DefaultConsumerFailure(parse.GetValue(factorOption)),
        TimeSpan.FromSeconds(parse.GetValue(settleOption)),
        parse.GetValue(seedOption)),
    parse.GetValue(hostOption),
    ct));

var fileArgument = new Argument<FileInfo>("file") { Description = "The CSV: a header naming name,email,state,city,postcode (any order), then one customer per line; UTF-8, at most 5 MiB and 50 000 rows." };
var noWaitImportOption = new Option<bool>("--no-wait") { Description = "Upload the file and return, without following the import's progress." };
var importTimeoutOption = new Option<int>("--timeout") { Description = "Seconds to follow the import before giving up on waiting (it goes on in the host).", DefaultValueFactory = _ => 600 };
importTimeoutOption.Validators.Add(r => RequireRange(r, "--timeout", 1, 86_400));
var importCustomers = new Command("customers", "Import customers from a CSV file, with a progress bar until every row is registered or rejected, then the rejected lines.")
{
    fileArgument, noWaitImportOption, importTimeoutOption, urlOption,
};
importCustomers.SetAction((parse, ct) => Customers(parse).ImportAsync(
    parse.GetValue(fileArgument)!, wait: !parse.GetValue(noWaitImportOption), TimeSpan.FromSeconds(parse.GetValue(importTimeoutOption)), ct));
var import = new Command("import", "Bulk imports.") { importCustomers };

var stateOption = new Option<string>("--state") { Description = "The state (or county) to list, exactly as registered.", Required = true };
var cityOption = new Option<string>("--city") { Description = "Only this city of the state." };
var customersList = new Command("list", "The customers of a state (and city), from the region replica.") { stateOption, cityOption, urlOption };
customersList.SetAction((parse, ct) => Customers(parse).ListAsync(parse.GetValue(stateOption)!, parse.GetValue(cityOption), ct));
var replicaBackfill = new Command("backfill", "Rebuild the region replica from the customers table (never over a newer entry), and remove entries of customers that are gone.") { urlOption };
replicaBackfill.SetAction((parse, ct) => Customers(parse).BackfillAsync(ct));
var replicaCheck = new Command("check", "Compare the region replica with the customers table; exits 2 when they differ.") { urlOption };
replicaCheck.SetAction((parse, ct) => Customers(parse).CheckAsync(ct));
var customers = new Command("customers", "Customers by region, and the region replica's repair.")
{
    customersList, new Command("replica", "The region replica (razors-customers-by-region).") { replicaBackfill, replicaCheck },
};

var mailToOption = new Option<string>("--to") { Description = "Only the mail to this address." };
mailToOption.Validators.Add(r =>
{
    if (r.GetValueOrDefault<string>() is { } address && !System.Net.Mail.MailAddress.TryCreate(address, out _))
    {
        r.AddError($"--to '{address}' is not an email address; use for example ada@example.com.");
    }
});
var mailList = new Command("list", "The mail the local SMTP sink received (welcome mails, confirmations), oldest first: the newest --limit.") { mailToOption, limitOption, urlOption };
mailList.SetAction((parse, ct) => Mail(parse).ListAsync(parse.GetValue(mailToOption), parse.GetValue(limitOption), ct));
var mailIdArgument = new Argument<string>("id") { Description = "The message's id, as `razors mail list` prints it." };
var htmlOption = new Option<bool>("--html") { Description = "Print the HTML part instead of the plain-text one." };
var mailShow = new Command("show", "One message the local SMTP sink received: its headers and its plain-text (or HTML) part.") { mailIdArgument, htmlOption, urlOption };
mailShow.SetAction((parse, ct) => Mail(parse).ShowAsync(parse.GetValue(mailIdArgument)!, parse.GetValue(htmlOption), ct));
var mail = new Command("mail", "The mail the notifications service sent, as the local host's SMTP sink kept it (under .data/mail/).") { mailList, mailShow };

var boardDefaultOption = new Option<string>("--board")
{
    Description = "all-time, or a month as YYYY-MM: the subscriptions activated in that UTC month that are still active.",
    DefaultValueFactory = _ => LeaderboardClient.AllTime,
};
boardDefaultOption.Validators.Add(RequireBoard);
var topOption = new Option<int>("--top") { Description = "How many products, from the top.", DefaultValueFactory = _ => 10 };
topOption.Validators.Add(r => RequireRange(r, "--top", 1, LeaderboardClient.MaxTop));
var boardRequiredOption = new Option<string>("--board") { Description = "The board to rebuild: all-time, or a month as YYYY-MM.", Required = true };
boardRequiredOption.Validators.Add(RequireBoard);
var leaderboardRebuild = new Command(
    "rebuild",
    "Recompute a board from every event the razors-insights bus archived and compare it with the stored one; exits 1 when they differ.")
{
    boardRequiredOption, urlOption,
};
leaderboardRebuild.SetAction((parse, ct) => Leaderboard(parse).RebuildAsync(parse.GetValue(boardRequiredOption)!, ct));
var leaderboard = new Command("leaderboard", "The most subscribed razors: active subscriptions by product, on all-time or a month's board.")
{
    boardDefaultOption, topOption, urlOption, leaderboardRebuild,
};
leaderboard.SetAction((parse, ct) => Leaderboard(parse).ShowAsync(parse.GetValue(boardDefaultOption)!, parse.GetValue(topOption), ct));

var root = new RootCommand(
    "razors: operate a Razors system running locally (./run.sh); `dlq` and `events export` also reach AWS with --aws; `deploy`, `diff`, `destroy` and `bootstrap` deploy it to AWS.")
{
    events, saga, dlq, import, customers, mail, leaderboard, chaos,
};
foreach (var command in DeployCommands.Create())
{
    root.Subcommands.Add(command);
}

var parsed = root.Parse(args);
// A deploy handles Ctrl-C itself (it cancels a running update and follows the rollback), so
// System.CommandLine must neither cancel it nor end the process two seconds later.
return await parsed.InvokeAsync(DeployCommands.Names.Contains(parsed.CommandResult.Command.Name) ? new InvocationConfiguration { ProcessTerminationTimeout = null } : null);

AwsTarget Aws(ParseResult parse) => new(parse.GetValue(regionOption), parse.GetValue(profileOption), parse.GetValue(endpointOption));

MailClient Mail(ParseResult parse) => new(parse.GetValue(urlOption)!, Console.Out, Console.Error);

LeaderboardClient Leaderboard(ParseResult parse) => new(parse.GetValue(urlOption)!, Console.Out, Console.Error);

CustomersClient Customers(ParseResult parse) => new(parse.GetValue(urlOption)!, Console.Out, Console.Error, interactive: !Console.IsOutputRedirected);

// System.CommandLine has no converter for Uri.
static Uri? ParseHttpUrl(System.CommandLine.Parsing.ArgumentResult result, string name)
{
    var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
    if (Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
    {
        return url;
    }

    result.AddError($"{name} '{text}' is not an http(s) URL; use for example http://127.0.0.1:5080.");
    return null;
}

static void RequireRange(System.CommandLine.Parsing.OptionResult result, string name, int min, int max)
{
    var value = result.GetValueOrDefault<int>();
    if (value < min || value > max)
    {
        result.AddError($"{name} {value} is out of range: use {min}–{max}.");
    }
}

static void RequireBoard(System.CommandLine.Parsing.OptionResult result)
{
    var board = result.GetValueOrDefault<string>();
    if (!LeaderboardClient.IsBoard(board))
    {
        result.AddError($"--board '{board}' is not a board: use all-time or a month as YYYY-MM (e.g. 2026-12).");
    }
}
