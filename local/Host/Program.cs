using System.CommandLine;
using Razors.LocalHost;
using Razors.Topology;

var dataOption = new Option<DirectoryInfo>("--data")
{
    Description = "Folder for all local state (DynamoDB Local tables, queues, buses, checkpoints); kept across restarts.",
    DefaultValueFactory = _ => new DirectoryInfo(Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory), ".data")),
};
var inMemoryOption = new Option<bool>("--in-memory") { Description = "Keep nothing: every store and queue lives in memory and is gone on exit." };
var portOption = new Option<int>("--port")
{
    Description = "Port for the HTTP APIs on 127.0.0.1 (0 picks a free port).",
    DefaultValueFactory = _ => LocalHostOptions.DefaultPort,
};
portOption.Validators.Add(result =>
{
    var port = result.GetValueOrDefault<int>();
    if (port is < 0 or > 65535)
    {
        result.AddError($"--port {port} is not a TCP port: use 1–65535, or 0 to pick a free one.");
    }
});
var noMappingsOption = new Option<bool>("--disable-mappings")
{
    Description = "Create the event-source mappings disabled: nothing is relayed or consumed until a restart without this flag.",
};

var chaosOption = new Option<int?>("--chaos")
{
    Description = "For `razors chaos`: divide every retry interval, visibility timeout, sweep and deadline by this factor and serve the fault switches under /admin/chaos.",
    HelpName = "FACTOR",
};
chaosOption.Validators.Add(result =>
{
    if (result.GetValueOrDefault<int?>() is { } factor && factor is < 1 or > ChaosOptions.MaxFactor)
    {
        result.AddError($"--chaos {factor} is not a factor this host takes: use a whole number from 1 to {ChaosOptions.MaxFactor}.");
    }
});

var root = new RootCommand("Razors local host: DynamoDB Local, the three HTTP APIs and the local cloud on 127.0.0.1.")
{
    dataOption, inMemoryOption, portOption, noMappingsOption, chaosOption,
};
root.SetAction(async (parse, cancellationToken) =>
{
    var options = new LocalHostOptions
    {
        DataDirectory = parse.GetValue(inMemoryOption) ? null : parse.GetValue(dataOption)!.FullName,
        Port = parse.GetValue(portOption),
        MappingsEnabled = !parse.GetValue(noMappingsOption),
    };
    if (parse.GetValue(chaosOption) is { } factor)
    {
        options = new ChaosOptions(factor).Scale(options);
    }

    try
    {
        await using var host = await LocalHost.StartAsync(options, cancellationToken);
        Banner.Print(host, options);
        await host.WaitForShutdownAsync(cancellationToken);
        if (host.Failure is { } failure)
        {
            await Console.Error.WriteLineAsync($"razors: {failure}");
            return 3;
        }

        return 0;
    }
    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
    {
        return 0;
    }
    catch (LocalHostStartException e)
    {
        await Console.Error.WriteLineAsync($"razors: {e.Message}");
        return 1;
    }
});

return await root.Parse(args).InvokeAsync();
