using System.CommandLine;
using Razors.Cli;

var urlOption = new Option<Uri>("--url")
{
    Description = "The local host to talk to (default: the one ./run.sh started, from .data/host.json).",
    DefaultValueFactory = _ => RunningHost.BaseAddress(),
};

var clientsOption = new Option<int>("--clients") { Description = "Concurrent clients for (a) and (b).", DefaultValueFactory = _ => 8 };
clientsOption.Validators.Add(r => RequireRange(r, "--clients", 1, 256));
var secondsOption = new Option<int>("--seconds") { Description = "Length of each throughput phase.", DefaultValueFactory = _ => 10 };
secondsOption.Validators.Add(r => RequireRange(r, "--seconds", 1, 600));
var rateOption = new Option<int>("--rate") { Description = "Creates per second while measuring relay lag.", DefaultValueFactory = _ => 50 };
rateOption.Validators.Add(r => RequireRange(r, "--rate", 1, 1000));
var sagaRateOption = new Option<int>("--saga-rate") { Description = "Sagas started per second while measuring saga latency.", DefaultValueFactory = _ => 20 };
sagaRateOption.Validators.Add(r => RequireRange(r, "--saga-rate", 1, 200));
var bench = new Command("bench", "Measure raw DynamoDB Local writes, API creates, relay lag and full sagas in one run; prints a table.")
{
    clientsOption, secondsOption, rateOption, sagaRateOption,
};
bench.SetAction((parse, ct) => new Benchmark(
    new BenchmarkSettings(parse.GetValue(clientsOption), TimeSpan.FromSeconds(parse.GetValue(secondsOption)), parse.GetValue(rateOption), TimeSpan.FromSeconds(parse.GetValue(secondsOption)),
        parse.GetValue(sagaRateOption), TimeSpan.FromSeconds(parse.GetValue(secondsOption))),
    Console.Out).RunAsync(ct));

var busOption = new Option<string>("--bus") { Description = "The bus whose archive to read.", DefaultValueFactory = _ => "razors-subscription" };
var limitOption = new Option<int>("--limit") { Description = "At most this many, newest last.", DefaultValueFactory = _ => 20 };
limitOption.Validators.Add(r => RequireRange(r, "--limit", 1, 1000));
var events = new Command("events", "Show the events a bus received (from its archive).") { busOption, limitOption, urlOption };
events.SetAction((parse, ct) => new AdminClient(parse.GetValue(urlOption)!, Console.Out).ShowEventsAsync(parse.GetValue(busOption)!, parse.GetValue(limitOption), ct));

var queueArgument = new Argument<string>("queue") { Description = "The dead-letter queue's name." };
var dlqList = new Command("list", "Every dead-letter queue with its message count.") { urlOption };
dlqList.SetAction((parse, ct) => new AdminClient(parse.GetValue(urlOption)!, Console.Out).ListDeadLetterQueuesAsync(ct));
var dlqShow = new Command("show", "The messages in a dead-letter queue, with failure reason, source and attempts.") { queueArgument, limitOption, urlOption };
dlqShow.SetAction((parse, ct) => new AdminClient(parse.GetValue(urlOption)!, Console.Out).ShowMessagesAsync(parse.GetValue(queueArgument)!, parse.GetValue(limitOption), ct));
var dlqRedrive = new Command("redrive", "Move a dead-letter queue's messages back to the queues they came from.") { queueArgument, urlOption };
dlqRedrive.SetAction((parse, ct) => new AdminClient(parse.GetValue(urlOption)!, Console.Out).RedriveAsync(parse.GetValue(queueArgument)!, ct));
var dlq = new Command("dlq", "Inspect and repair dead-letter queues.") { dlqList, dlqShow, dlqRedrive };

var subscriptionArgument = new Argument<Guid>("subscriptionId") { Description = "The subscription whose saga to show." };
var saga = new Command("saga", "One saga across the services: their states and every event, in order.") { subscriptionArgument, urlOption };
saga.SetAction((parse, ct) => new AdminClient(parse.GetValue(urlOption)!, Console.Out).ShowSagaAsync(parse.GetValue(subscriptionArgument), ct));

var root = new RootCommand("razors: operate a Razors system running locally (./run.sh).") { bench, events, saga, dlq };
return await root.Parse(args).InvokeAsync();

static void RequireRange(System.CommandLine.Parsing.OptionResult result, string name, int min, int max)
{
    var value = result.GetValueOrDefault<int>();
    if (value < min || value > max)
    {
        result.AddError($"{name} {value} is out of range: use {min}–{max}.");
    }
}
