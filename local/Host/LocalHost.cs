using Razors.Lambda.Events;
using Razors.Subscription.Features.Saga;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Logging.Console;
using Razors.Aws.DynamoDBStreams;
using Razors.Aws.DynamoDb;
using Razors.Aws.EventBridge;
using Razors.Aws.Outbox;
using Razors.Contracts;
using Razors.Customers;
using Razors.Customers.Aws;
using Razors.Customers.Features.BulkImport;
using Razors.Customers.Ports;
using Razors.Insights;
using Razors.Insights.Aws;
using Razors.Lambda;
using Razors.LocalCloud;
using Razors.LocalCloud.DynamoDb;
using Razors.LocalCloud.EventSourceMappings;
using Razors.LocalCloud.Mail;
using Razors.LocalCloud.Queues;
using Razors.LocalCloud.Storage;
using Razors.Messaging;
using Razors.Messaging.Consumers;
using Razors.Messaging.Outbox;
using Razors.Notifications;
using Razors.Notifications.Aws;
using Razors.Payments;
using Razors.Payments.Features.CreatePayment;
using Razors.Payments.Features.RelayOutbox;
using Razors.Payments.Ports;
using Razors.Payments.Sqlite;
using Razors.Stock;
using Razors.Stock.Aws;
using Razors.Subscription;
using Razors.Subscription.Aws;
using Razors.Topology;

namespace Razors.LocalHost;

/// <summary>
/// The whole of Razors in one process: DynamoDB Local (a child java process), the local cloud,
/// the services' functions and their HTTP APIs on 127.0.0.1. Used by <c>./run.sh</c>, the
/// end-to-end tests and the benchmark.
/// </summary>
public sealed partial class LocalHost : IAsyncDisposable
{
    public const string ReadyFileName = "host.json";

    /// <summary>The address local mail comes from (the reserved <c>example</c> domain, RFC 2606).</summary>
    public const string MailFrom = "Razors <hello@razors.example>";
    private const string DynamoDbPidFile = "dynamodb-local.pid";

    private readonly WebApplication app;
    private readonly DynamoDbLocal dynamoDb;
    private readonly LocalCloudDatabase database;
    private readonly LocalMailSink mail;
    private readonly string? temporaryMailFolder;
    private readonly string? pidFile;
    private string? readyFile;
    private volatile bool stopping;
    private Task supervision = Task.CompletedTask;

    private LocalHost(WebApplication app, DynamoDbLocal dynamoDb, LocalCloudDatabase database, LocalCloudRuntime cloud, LocalMailSink mail, string? temporaryMailFolder, string? pidFile)
    {
        this.app = app;
        this.dynamoDb = dynamoDb;
        this.database = database;
        this.mail = mail;
        this.temporaryMailFolder = temporaryMailFolder;
        this.pidFile = pidFile;
        Cloud = cloud;
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    /// <summary>Where the APIs listen, e.g. <c>http://127.0.0.1:5080/</c>.</summary>
    public Uri BaseAddress { get; }

    public LocalCloudRuntime Cloud { get; }

    /// <summary>The SMTP sink notifications sends to: every mail, kept under <c>.data/mail/</c>.</summary>
    public LocalMailSink Mail => mail;

    public Uri DynamoDbServiceUrl => dynamoDb.ServiceUrl;

    public int DynamoDbProcessId => dynamoDb.ProcessId;

    public IServiceProvider Services => app.Services;

    public static async Task<LocalHost> StartAsync(LocalHostOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.AddLocalHostDefaults();
        builder.Logging.SetMinimumLevel(options.MinimumLogLevel);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        var port = ChoosePort(options.Port);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));

        using var bootLoggers = LoggerFactory.Create(l => l.AddSimpleConsole(ConsoleFormat).SetMinimumLevel(options.MinimumLogLevel));
        var pidFile = PrepareDataDirectory(options.DataDirectory, bootLoggers.CreateLogger<LocalHost>());
        DynamoDbLocal dynamoDb;
        try
        {
            dynamoDb = await DynamoDbLocal.StartAsync(
                new DynamoDbLocalOptions(options.ToolsDirectory) { DataDirectory = options.DataDirectory is null ? null : Path.Combine(options.DataDirectory, "dynamodb") },
                bootLoggers.CreateLogger<DynamoDbLocal>(),
                cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new LocalHostStartException($"DynamoDB Local did not start: {e.Message}", e);
        }

        if (pidFile is not null)
        {
            await File.WriteAllTextAsync(pidFile, dynamoDb.ProcessId.ToString(CultureInfo.InvariantCulture), cancellationToken);
        }

        var database = LocalCloudDatabase.Open(options.DataDirectory);
        var temporaryMailFolder = options.DataDirectory is null ? Directory.CreateTempSubdirectory("razors-mail-").FullName : null;
        LocalMailSink? mail = null;
        try
        {
            mail = await LocalMailSink.StartAsync(temporaryMailFolder ?? Path.Combine(options.DataDirectory!, "mail"), bootLoggers.CreateLogger<LocalMailSink>(), cancellationToken);
            var dynamoClient = dynamoDb.CreateClient();
            var streams = dynamoDb.CreateStreamsClient();
            builder.Services.AddSingleton(TimeProvider.System);
            builder.Services.AddSingleton(dynamoClient);
            builder.Services.AddSingleton<IAmazonDynamoDBStreams>(streams);
            builder.Services.AddSingleton(database);
            builder.Services.AddSingleton(options);
            builder.Services.AddSingleton(options.SagaDeadline);
            builder.Services.AddSingleton<LocalCloudRuntime>();
            builder.Services.AddSingleton<IEventPublisher>(sp => sp.GetRequiredService<LocalCloudRuntime>().EventBridge);
            builder.AddSubscription().AddSubscriptionDynamoDb(SubscriptionTopology.Table.Name);
            builder.AddStock().AddStockDynamoDb(StockTopology.Table.Name);
            builder.AddPayments().AddPaymentsSqlite(options.DataDirectory);
            builder.AddCustomers();
            builder.Services.AddCustomersDynamoDb(CustomersTopology.Table.Name).AddRegionReplicaDynamoDb(CustomersTopology.RegionTable.Name);
            builder.Services.AddSingleton<IUploadStore>(sp => new LocalUploadStore(sp.GetRequiredService<LocalCloudRuntime>(), CustomersTopology.UploadStore.Name));
            builder.Services.AddSingleton<IImportRowQueue>(sp => new LocalImportRowQueue(sp.GetRequiredService<LocalCloudRuntime>().Queues, CustomersTopology.ImportRows.Name));
            builder.Services.AddNotifications(MailFrom).AddNotificationsDynamoDb(NotificationsTopology.Table.Name).AddPlainSmtpMailSender("127.0.0.1", mail.Port);
            builder.Services.AddSingleton(mail);
            builder.AddInsights().AddInsightsDynamoDb(InsightsTopology.Table.Name);
            if (options.Chaos is not null)
            {
                AddChaos(builder.Services);
            }

            builder.Services.AddSingleton<IOutboxQueue>(sp => new LocalOutboxQueue(sp.GetRequiredService<LocalCloudRuntime>().Queues, PaymentsTopology.Outbox.Name));
            builder.Services.AddSingleton<IDeadLetterQueue>(sp => new LocalDeadLetterQueue(sp.GetRequiredService<LocalCloudRuntime>().Queues, PaymentsTopology.OutboxDeadLetterQueue.Name));
            builder.Services.AddPaymentsOutboxWorker();

            var app = builder.Build();
            app.UseLocalDoors(port);
            app.UseExceptionHandler();
            app.UseStatusCodePages();
            app.MapSubscriptionApi();
            app.MapStockApi();
            app.MapPaymentsApi();
            app.MapCustomersApi();
            app.MapInsightsApi();
            app.MapAdminApi();
            if (options.Chaos is not null)
            {
                app.MapChaosApi();
            }

            app.MapLocalHostDefaults();

            var cloud = app.Services.GetRequiredService<LocalCloudRuntime>();
            var functions = ServiceFunctions(app.Services, cloud, options.OutboxSweeper).AddRange(options.ExtraFunctions);

            await cloud.ApplyAsync(options.Topology, functions, options.MappingsEnabled, cancellationToken);
            await app.Services.SeedStockCatalogueAsync(cancellationToken);
            var worker = app.Services.GetRequiredService<OutboxChangeWorker>();
            var workerOptions = app.Services.GetRequiredService<OutboxChangeWorkerOptions>();
            var changes = (SqliteOutboxChanges)app.Services.GetRequiredService<IOutboxChanges>();
            cloud.AddWorker(worker.RunAsync, () => changes.IsCaughtUp(workerOptions.ConsumerName));
            AddSchedules(app.Services, cloud, functions, options);
            await app.StartAsync(cancellationToken);
            cloud.Start();
            var host = new LocalHost(app, dynamoDb, database, cloud, mail, temporaryMailFolder, pidFile);
            host.supervision = host.SuperviseAsync();
            await host.WriteReadyFileAsync(options.DataDirectory, cancellationToken);
            return host;
        }
        catch
        {
            if (mail is not null)
            {
                await mail.DisposeAsync();
            }

            database.Dispose();
            await dynamoDb.DisposeAsync();
            throw;
        }
    }

    private static void ConsoleFormat(SimpleConsoleFormatterOptions options)
    {
        options.SingleLine = true;
        options.TimestampFormat = "HH:mm:ss.fff ";
    }

    /// <summary>
    /// Each function the topology declares, by name: the same classes a Lambda entry point would
    /// run. Relays put on their service's bus; consumers route their inbound queue's events.
    /// </summary>
    private static LocalFunctions ServiceFunctions(IServiceProvider services, LocalCloudRuntime cloud, OutboxSweeperOptions sweeper)
    {
        var time = services.GetRequiredService<TimeProvider>();
        DynamoDbOutboxRelay StreamRelay(BusDefinition bus, TableDefinition table, QueueDefinition deadLetters) => OutboxRelay(services, cloud, bus, table, deadLetters);
        SqsEventQueueFunction Consumer(QueueDefinition inbound, Func<EventQueueFunction, IServiceProvider, EventQueueFunction> route) =>
            QueueFunction(inbound, route(new EventQueueFunction(services.GetRequiredService<ILogger<EventQueueFunction>>()), services));
        SqsEventQueueFunction QueueFunction(QueueDefinition inbound, IQueueBatchProcessor processor) =>
            new(
                processor,
                new LocalDeadLetterQueue(cloud.Queues, inbound.Redrive!.DeadLetterQueue),
                new LocalDeadLetterQueue(cloud.Queues, inbound.Name),
                inbound.Redrive.MaxReceiveCount,
                services.GetRequiredService<ILogger<SqsEventQueueFunction>>());

        return new LocalFunctions()
            .AddStreamFunction(SubscriptionTopology.Relay.Name, StreamRelay(SubscriptionTopology.Bus, SubscriptionTopology.Table, SubscriptionTopology.RelayDeadLetterQueue))
            .AddEventBridgeFunction(SubscriptionTopology.Sweeper.Name, OutboxSweep(services, cloud, sweeper, SubscriptionTopology.Bus, SubscriptionTopology.Table, SubscriptionTopology.RelayDeadLetterQueue))
            .AddEventBridgeFunction(SubscriptionTopology.SagaDeadlines.Name, new ScheduledFunction(async ct => await services.GetRequiredService<SagaDeadline>().CancelOverdueAsync(ct)))
            .AddSqsFunction(SubscriptionTopology.Consumer.Name, Consumer(SubscriptionTopology.Inbound, (function, provider) => function.OnSubscriptionEvents(provider)))
            .AddStreamFunction(StockTopology.Relay.Name, StreamRelay(StockTopology.Bus, StockTopology.Table, StockTopology.RelayDeadLetterQueue))
            .AddEventBridgeFunction(StockTopology.Sweeper.Name, OutboxSweep(services, cloud, sweeper, StockTopology.Bus, StockTopology.Table, StockTopology.RelayDeadLetterQueue))
            .AddSqsFunction(StockTopology.Consumer.Name, Consumer(StockTopology.Inbound, (function, provider) => function.OnStockEvents(provider)))
            .AddSqsFunction(PaymentsTopology.Relay.Name, new FifoOutboxRelay(
                services.GetRequiredService<IEventPublisher>(),
                new LocalDeadLetterQueue(cloud.Queues, PaymentsTopology.OutboxDeadLetterQueue.Name),
                new OutboxRelayOptions(PaymentsTopology.Bus.Name), time, services.GetRequiredService<ILogger<FifoOutboxRelay>>()))
            .AddSqsFunction(PaymentsTopology.Consumer.Name, Consumer(PaymentsTopology.Inbound, (function, provider) => function.OnPaymentsEvents(provider)))
            .AddStreamFunction(CustomersTopology.Relay.Name, StreamRelay(CustomersTopology.Bus, CustomersTopology.Table, CustomersTopology.RelayDeadLetterQueue))
            .AddEventBridgeFunction(CustomersTopology.Sweeper.Name, OutboxSweep(services, cloud, sweeper, CustomersTopology.Bus, CustomersTopology.Table, CustomersTopology.RelayDeadLetterQueue))
            .AddStreamFunction(CustomersTopology.Replica.Name, new RegionReplicaFunction(
                services.GetRequiredService<IRegionDirectory>(),
                new LocalDeadLetterQueue(cloud.Queues, CustomersTopology.ReplicaDeadLetterQueue.Name),
                services.GetRequiredService<ILogger<RegionReplicaFunction>>()))
            .AddSqsFunction(CustomersTopology.ImportParser.Name, QueueFunction(CustomersTopology.Uploads, new UploadNotificationsProcessor(services.GetRequiredService<ImportParser>())))
            .AddSqsFunction(CustomersTopology.ImportInserter.Name, QueueFunction(CustomersTopology.ImportRows, new ImportRowsProcessor(services.GetRequiredService<ImportRowHandler>())))
            .AddSqsFunction(NotificationsTopology.Consumer.Name, Consumer(NotificationsTopology.Inbound, (function, provider) => function.OnNotificationsEvents(provider)))
            .AddSqsFunction(InsightsTopology.Consumer.Name, Consumer(InsightsTopology.Inbound, (function, provider) => function.OnInsightsEvents(provider)));
    }

    /// <summary>
    /// The fault switches of a chaos run (local/Host/Chaos.cs): the relays put through a publisher
    /// that refuses while the bus is "down", and payments' <c>SubscriptionCreated</c> handler fails
    /// while the consumer is "broken".
    /// </summary>
    private static void AddChaos(IServiceCollection services)
    {
        services.AddSingleton<ChaosSwitches>();
        services.AddSingleton<IEventPublisher>(sp => new ChaosEventPublisher(sp.GetRequiredService<LocalCloudRuntime>().EventBridge, sp.GetRequiredService<ChaosSwitches>()));
        services.AddSingleton<IEventHandler<SubscriptionCreated>>(sp => new ChaosFailingHandler<SubscriptionCreated>(
            sp.GetRequiredService<SubscriptionCreatedHandler>(), sp.GetRequiredService<ChaosSwitches>()));
    }

    /// <summary>The stream relay of a DynamoDB service, as its Lambda function is built (shared/Aws/LambdaFunctions.cs, AddStreamOutboxRelay).</summary>
    private static DynamoDbOutboxRelay OutboxRelay(IServiceProvider services, LocalCloudRuntime cloud, BusDefinition bus, TableDefinition table, QueueDefinition deadLetters)
    {
        var time = services.GetRequiredService<TimeProvider>();
        return new DynamoDbOutboxRelay(
            services.GetRequiredService<IEventPublisher>(),
            new DynamoDbOutboxLedger(services.GetRequiredService<IAmazonDynamoDB>(), table.Name, time),
            new LocalDeadLetterQueue(cloud.Queues, deadLetters.Name),
            new OutboxRelayOptions(bus.Name),
            time,
            services.GetRequiredService<ILogger<DynamoDbOutboxRelay>>());
    }

    /// <summary>The outbox sweeper of a DynamoDB service, as its Lambda function is built (shared/Aws/LambdaFunctions.cs, AddOutboxSweeper).</summary>
    private static ScheduledFunction OutboxSweep(
        IServiceProvider services, LocalCloudRuntime cloud, OutboxSweeperOptions options, BusDefinition bus, TableDefinition table, QueueDefinition deadLetters)
    {
        var time = services.GetRequiredService<TimeProvider>();
        var sweeper = new OutboxSweeper(
            new DynamoDbOutboxLedger(services.GetRequiredService<IAmazonDynamoDB>(), table.Name, time),
            OutboxRelay(services, cloud, bus, table, deadLetters),
            options,
            time,
            services.GetRequiredService<ILogger<OutboxSweeper>>());
        return new ScheduledFunction(async ct => await sweeper.SweepAsync(ct));
    }

    /// <summary>
    /// What an EventBridge schedule rule does in AWS: invokes each scheduled function on a timer,
    /// here every <see cref="LocalHostOptions.IntervalOf"/> the schedule.
    /// </summary>
    private static void AddSchedules(IServiceProvider services, LocalCloudRuntime cloud, LocalFunctions functions, LocalHostOptions options)
    {
        var time = services.GetRequiredService<TimeProvider>();
        var logger = services.GetRequiredService<ILogger<LocalHost>>();
        foreach (var schedule in options.Topology.Schedules)
        {
            var function = functions.EventBridgeFunction(schedule.Function)
                ?? throw new InvalidOperationException($"The schedule of '{schedule.Function}' names no EventBridge function of the host.");
            var tick = JsonDocument.Parse("""{"source":"aws.events","detail-type":"Scheduled Event","detail":{}}""").RootElement;
            var interval = options.IntervalOf(schedule);
            var loop = new PollerLoop($"schedule of {schedule.Function}", time, logger, interval, interval);
            cloud.AddWorker(ct => loop.RunAsync(async c => { await function.HandleAsync(tick, c); return false; }, ct), () => true);
        }
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => app.WaitForShutdownAsync(cancellationToken);

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Failure}")]
    private static partial void LogStoreDied(ILogger logger, string failure);

    /// <summary>Why the host stopped by itself, when it did: DynamoDB Local died under it.</summary>
    public string? Failure { get; private set; }

    /// <summary>
    /// A host whose DynamoDB Local died would answer every write with an error until restarted, so
    /// it stops instead, saying why: nothing committed is lost, and a new start brings both back.
    /// </summary>
    private async Task SuperviseAsync()
    {
        var exitCode = await dynamoDb.Exited;
        if (stopping)
        {
            return;
        }

        Failure = $"DynamoDB Local (pid {dynamoDb.ProcessId}) exited with code {exitCode}; the host stopped. Start it again (./run.sh): what was committed is kept.";
        var logger = app.Services.GetRequiredService<ILogger<LocalHost>>();
        LogStoreDied(logger, Failure);
        app.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
    }

    /// <summary>
    /// <c>host.json</c> in the data folder says where a running host listens (the CLI and the
    /// crash tests read it); it is written last, so its presence means "ready".
    /// </summary>
    private async Task WriteReadyFileAsync(string? dataDirectory, CancellationToken cancellationToken)
    {
        if (dataDirectory is null)
        {
            return;
        }

        readyFile = Path.Combine(dataDirectory, ReadyFileName);
        var state = new JsonObject
        {
            ["baseAddress"] = BaseAddress.ToString(),
            ["pid"] = Environment.ProcessId,
            ["dynamoDbPid"] = DynamoDbProcessId,
        };
        var temporary = readyFile + ".tmp";
        await File.WriteAllTextAsync(temporary, state.ToJsonString(), cancellationToken);
        File.Move(temporary, readyFile, overwrite: true);
    }

    public async ValueTask DisposeAsync()
    {
        stopping = true;
        if (readyFile is not null)
        {
            File.Delete(readyFile);
        }

        await Cloud.StopAsync();
        await app.StopAsync();
        await app.DisposeAsync();
        await mail.DisposeAsync();
        if (temporaryMailFolder is not null)
        {
            Directory.Delete(temporaryMailFolder, recursive: true);
        }

        database.Dispose();
        await dynamoDb.DisposeAsync();
        await supervision;
        if (pidFile is not null)
        {
            File.Delete(pidFile);
        }
    }

    /// <summary>
    /// The default port falls back to a free one when something else holds it; a port asked for
    /// explicitly is used as given (Kestrel then says if it is taken).
    /// </summary>
    private static int ChoosePort(int requested)
    {
        if (requested != 0 && (requested != LocalHostOptions.DefaultPort || IsFree(requested)))
        {
            return requested;
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// Creates the data folder and stops a DynamoDB Local that a killed host left behind (it would
    /// hold the database files). Returns the pid file to write, or null when running in memory.
    /// </summary>
    private static string? PrepareDataDirectory(string? dataDirectory, ILogger logger)
    {
        if (dataDirectory is null)
        {
            return null;
        }

        Directory.CreateDirectory(dataDirectory);
        var pidFile = Path.Combine(dataDirectory, DynamoDbPidFile);
        if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile), CultureInfo.InvariantCulture, out var pid))
        {
            try
            {
                using var stale = Process.GetProcessById(pid);
                if (stale.ProcessName == "java")
                {
                    logger.LogWarning("Stopping DynamoDB Local (pid {Pid}) left running by a previous host", pid);
                    stale.Kill(entireProcessTree: true);
                    stale.WaitForExit(TimeSpan.FromSeconds(10));
                }
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }

        return pidFile;
    }
}
