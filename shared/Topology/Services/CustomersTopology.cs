using System.Text.Json.Nodes;

namespace Razors.Topology;

/// <summary>
/// The customers service's resources: the customers table, whose stream feeds two consumers (the
/// outbox relay and the region replica), the bulk-import path (upload store → uploads queue →
/// parser → rows queue → inserter) and the replica table the region queries read.
/// </summary>
public static class CustomersTopology
{
    public const string Service = "customers";

    /// <summary>DLQ of every delivery from the bus: its rules' targets and its event log.</summary>
    public static readonly QueueDefinition EventsDeadLetterQueue = new("razors-customers-events-dlq", Service)
    {
        MessageRetentionSeconds = RazorsTopology.DeadLetterRetentionSeconds,
    };

    public static readonly BusDefinition Bus = new("razors-customers", Service);

    /// <summary>
    /// Customers, their email guards, idempotency records, imports and import rows, outbox records
    /// and inbox markers in one table, so one TransactWriteItems covers a registration. Old and new
    /// images: the replica needs the old one to remove a customer.
    /// </summary>
    public static readonly TableDefinition Table = new("razors-customers", Service, TableAttributes.PartitionKey, TableAttributes.SortKey)
    {
        StreamViewType = "NEW_AND_OLD_IMAGES",
        TimeToLiveAttribute = TableAttributes.ExpiresAt,
        Indexes = [RazorsTopology.PendingOutboxIndex],
    };

    /// <summary>The region replica: customers by state, then city and id; no postcode. Tombstones of removed customers expire.</summary>
    public static readonly TableDefinition RegionTable = new("razors-customers-by-region", Service, RegionAttributes.State, RegionAttributes.CityAndId)
    {
        TimeToLiveAttribute = TableAttributes.ExpiresAt,
    };

    public static readonly QueueDefinition RelayDeadLetterQueue = new("razors-customers-relay-dlq", Service)
    {
        MessageRetentionSeconds = RazorsTopology.DeadLetterRetentionSeconds,
    };

    public static readonly FunctionDefinition Relay = new("razors-customers-outbox-relay", Service) { Code = Lambda(nameof(Relay)) };

    /// <summary>Republishes outbox records the relay left pending (shared/Aws/Outbox/OutboxSweeper.cs), on <see cref="SweeperSchedule"/>.</summary>
    public static readonly FunctionDefinition Sweeper = new("razors-customers-outbox-sweeper", Service) { Code = Lambda(nameof(Sweeper)), TimeoutSeconds = 300 };

    public static readonly ScheduleDefinition SweeperSchedule = new(Sweeper.Name, RateMinutes: 5);

    public static readonly StreamMappingDefinition RelayMapping = SubscriptionTopology.RelayMapping with
    {
        Function = Relay.Name,
        Table = Table.Name,
        OnFailureQueue = RelayDeadLetterQueue.Name,
    };

    /// <summary>What the replica can never apply (an unreadable image), with the reason.</summary>
    public static readonly QueueDefinition ReplicaDeadLetterQueue = new("razors-customers-replica-dlq", Service)
    {
        MessageRetentionSeconds = RazorsTopology.DeadLetterRetentionSeconds,
    };

    /// <summary>The second consumer of the table's stream: keeps <see cref="RegionTable"/>.</summary>
    public static readonly FunctionDefinition Replica = new("razors-customers-region-replica", Service) { Code = Lambda(nameof(Replica)) };

    /// <summary>Lambda filter criteria: every change (insert, modify, remove) of a customer item, by its key.</summary>
    public static readonly string CustomerChangeFilter = new JsonObject
    {
        ["dynamodb"] = new JsonObject
        {
            ["Keys"] = new JsonObject { [TableAttributes.SortKey] = new JsonObject { ["S"] = new JsonArray(CustomerSortKey) } },
        },
    }.ToJsonString();

    /// <summary>The sort key of every customer item (<c>CUSTOMER#id</c> / <c>CUSTOMER</c>).</summary>
    public const string CustomerSortKey = "CUSTOMER";

    public static readonly StreamMappingDefinition ReplicaMapping = new(Replica.Name, Table.Name, ReplicaDeadLetterQueue.Name)
    {
        FilterPattern = CustomerChangeFilter,
    };

    public static readonly QueueDefinition UploadsDeadLetterQueue = new("razors-customers-uploads-dlq", Service)
    {
        MessageRetentionSeconds = RazorsTopology.DeadLetterRetentionSeconds,
    };

    /// <summary>The parser's timeout: long enough to send 50 000 rows ten at a time.</summary>
    private const int ParserTimeoutSeconds = 300;

    /// <summary>The upload store's notifications (one per new file). Visibility 6 × the parser's timeout (Lambda's advice).</summary>
    public static readonly QueueDefinition Uploads = new("razors-customers-uploads", Service)
    {
        VisibilityTimeoutSeconds = 6 * ParserTimeoutSeconds,
        Redrive = new RedrivePolicy(UploadsDeadLetterQueue.Name, MaxReceiveCount: 5),
    };

    /// <summary>Uploaded CSV files, kept a day.</summary>
    public static readonly BucketDefinition UploadStore = new("razors-customers-uploads", Service, Uploads.Name) { ExpirationDays = 1 };

    /// <summary>Reads an uploaded file and sends its rows to <see cref="ImportRows"/>, ten per call.</summary>
    public static readonly FunctionDefinition ImportParser = new("razors-customers-import-parser", Service)
    {
        Code = Lambda(nameof(ImportParser)),
        TimeoutSeconds = ParserTimeoutSeconds,
    };

    public static readonly QueueMappingDefinition ImportParserMapping = new(ImportParser.Name, Uploads.Name) { BatchSize = 1 };

    public static readonly QueueDefinition ImportRowsDeadLetterQueue = new("razors-customers-import-rows-dlq", Service)
    {
        MessageRetentionSeconds = RazorsTopology.DeadLetterRetentionSeconds,
    };

    /// <summary>The buffer between the parser and the inserter: one message per row.</summary>
    public static readonly QueueDefinition ImportRows = new("razors-customers-import-rows", Service)
    {
        VisibilityTimeoutSeconds = 180,
        Redrive = new RedrivePolicy(ImportRowsDeadLetterQueue.Name, MaxReceiveCount: 5),
    };

    /// <summary>Registers each row through the path of <c>POST /customers</c>, once per import and line.</summary>
    public static readonly FunctionDefinition ImportInserter = new("razors-customers-import-inserter", Service) { Code = Lambda(nameof(ImportInserter)) };

    public static readonly QueueMappingDefinition ImportInserterMapping = new(ImportInserter.Name, ImportRows.Name);

    public static readonly HttpApiDefinition Api = new("razors-customers-api", Service, new FunctionDefinition("razors-customers-api", Service) { Code = Lambda(nameof(Api)) });

    /// <summary>The service's Lambda entry points: <c>Razors.Customers.Lambda.Functions</c>.</summary>
    private static LambdaCode Lambda(string method) => RazorsTopology.LambdaCodeOf("customers", "Customers", method);

    /// <summary>The attributes of <see cref="RegionTable"/>'s keys.</summary>
    public static class RegionAttributes
    {
        public const string State = "state";

        /// <summary><c>city#customerId</c>: a city's customers sort together, each once.</summary>
        public const string CityAndId = "cityAndId";
    }
}
