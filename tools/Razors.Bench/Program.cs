using System.CommandLine;
using Razors.Bench;

var clientsOption = new Option<int>("--clients") { Description = "Concurrent clients for (a) and (b).", DefaultValueFactory = _ => 8 };
clientsOption.Validators.Add(r => RequireRange(r, "--clients", 1, 256));
var secondsOption = new Option<int>("--seconds") { Description = "Length of each throughput phase.", DefaultValueFactory = _ => 10 };
secondsOption.Validators.Add(r => RequireRange(r, "--seconds", 1, 600));
var rateOption = new Option<int>("--rate") { Description = "Creates per second while measuring relay lag.", DefaultValueFactory = _ => 50 };
rateOption.Validators.Add(r => RequireRange(r, "--rate", 1, 1000));
var sagaRateOption = new Option<int>("--saga-rate") { Description = "Sagas started per second while measuring saga latency.", DefaultValueFactory = _ => 20 };
sagaRateOption.Validators.Add(r => RequireRange(r, "--saga-rate", 1, 200));

var importRowsOption = new Option<int>("--import-rows") { Description = "Rows of the customers file the import phase uploads.", DefaultValueFactory = _ => 1_000 };
importRowsOption.Validators.Add(r => RequireRange(r, "--import-rows", 10, 50_000));

var root = new RootCommand("Razors benchmark: measure raw DynamoDB Local writes, API creates, relay lag, full sagas and a bulk import in one run; prints a table.")
{
    clientsOption, secondsOption, rateOption, sagaRateOption, importRowsOption,
};
root.SetAction((parse, ct) => new Benchmark(
    new BenchmarkSettings(parse.GetValue(clientsOption), TimeSpan.FromSeconds(parse.GetValue(secondsOption)), parse.GetValue(rateOption), TimeSpan.FromSeconds(parse.GetValue(secondsOption)),
        parse.GetValue(sagaRateOption), TimeSpan.FromSeconds(parse.GetValue(secondsOption)))
    {
        ImportRows = parse.GetValue(importRowsOption),
    },
    Console.Out).RunAsync(ct));

return await root.Parse(args).InvokeAsync();

static void RequireRange(System.CommandLine.Parsing.OptionResult result, string name, int min, int max)
{
    var value = result.GetValueOrDefault<int>();
    if (value < min || value > max)
    {
        result.AddError($"{name} {value} is out of range: use {min}–{max}.");
    }
}
