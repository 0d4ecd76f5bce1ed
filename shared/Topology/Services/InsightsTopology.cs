using Razors.Contracts;

namespace Razors.Topology;

/// <summary>
/// The insights service's resources: its bus (fed by the subscription bus), its inbound queue, the
/// leaderboard table and its API, and the event lake every bus writes to.
/// </summary>
public static class InsightsTopology
{
    public const string Service = "insights";

    public static readonly QueueDefinition EventsDeadLetterQueue = new("razors-insights-events-dlq", Service)
    {
        MessageRetentionSeconds = RazorsTopology.DeadLetterRetentionSeconds,
    };

    /// <summary>
    /// Its archive is kept indefinitely (0 days), not the buses' 7: a board is rebuilt from every
    /// event the bus ever received, and a subscription created months before it is cancelled
    /// still needs its creation there.
    /// </summary>
    public static readonly BusDefinition Bus = new("razors-insights", Service) { ArchiveRetentionDays = 0 };

    /// <summary>A board's products by score: <c>GET /leaderboard?board=…&amp;top=N</c> is one query, highest first.</summary>
    public static readonly IndexDefinition ScoreIndex = new("board-score", LeaderboardAttributes.Board, LeaderboardAttributes.Score) { SortKeyType = "N" };

    /// <summary>Subscriptions as insights knows them, board entries (one per board and product) and inbox markers.</summary>
    public static readonly TableDefinition Table = new("razors-insights", Service, TableAttributes.PartitionKey, TableAttributes.SortKey)
    {
        TimeToLiveAttribute = TableAttributes.ExpiresAt,
        Indexes = [ScoreIndex],
    };

    public static readonly QueueDefinition InboundDeadLetterQueue = new("razors-insights-inbound-dlq", Service)
    {
        MessageRetentionSeconds = RazorsTopology.DeadLetterRetentionSeconds,
    };

    public static readonly QueueDefinition Inbound = SubscriptionTopology.Inbound with
    {
        Name = "razors-insights-inbound",
        OwnerService = Service,
        Redrive = new RedrivePolicy(InboundDeadLetterQueue.Name, MaxReceiveCount: 5),
    };

    public static readonly FunctionDefinition Consumer = new("razors-insights-inbound", Service) { Code = Lambda("Inbound") };

    public static readonly QueueMappingDefinition ConsumerMapping = new(Consumer.Name, Inbound.Name);

    public static readonly HttpApiDefinition Api = new("razors-insights-api", Service, new FunctionDefinition("razors-insights-api", Service) { Code = Lambda(nameof(Api)) });

    /// <summary>The product of a subscription comes with <c>SubscriptionCreated</c>; activations and cancellations move its score.</summary>
    public static readonly EventType[] Consumes =
    [
        EventTypes.SubscriptionCreated, EventTypes.SubscriptionActivated, EventTypes.SubscriptionCancelled,
    ];

    /// <summary>Every event of every bus, kept for analytics (compressed JSON lines in AWS, JSON lines under <c>.data/lake/</c>).</summary>
    public static readonly LakeDefinition Lake = new("razors-lake", Service);

    /// <summary>The service's Lambda entry points: <c>Razors.Insights.Lambda.Functions</c>.</summary>
    private static LambdaCode Lambda(string method) => RazorsTopology.LambdaCodeOf("insights", "Insights", method);

    /// <summary>The attributes of a board entry that <see cref="ScoreIndex"/> keys on.</summary>
    public static class LeaderboardAttributes
    {
        /// <summary><c>all-time</c> or a month, <c>2026-12</c>.</summary>
        public const string Board = "board";

        /// <summary>The product's active subscriptions on the board (a number).</summary>
        public const string Score = "score";
    }
}
