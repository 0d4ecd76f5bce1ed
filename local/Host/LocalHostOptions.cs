using Razors.Aws.Outbox;
using Razors.LocalCloud;
using Razors.Subscription.Features.Saga;
using Razors.Topology;

namespace Razors.LocalHost;

/// <summary>How to run the local host.</summary>
public sealed record LocalHostOptions
{
    /// <summary>The port <c>./run.sh</c> uses unless told otherwise (a free one is picked if it is taken).</summary>
    public const int DefaultPort = 5080;

    /// <summary>All local state goes below this folder; null keeps everything in memory.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>0 picks a free port.</summary>
    public int Port { get; init; }

    /// <summary>False creates the event-source mappings disabled, as <c>Enabled=false</c> does on Lambda.</summary>
    public bool MappingsEnabled { get; init; } = true;

    /// <summary>Where <c>scripts/install-tools.sh</c> put DynamoDB Local.</summary>
    public string ToolsDirectory { get; init; } = RepositoryRoot.ToolsDirectory(AppContext.BaseDirectory);

    /// <summary>What to build; tests and the benchmark add rules and functions to the standard one.</summary>
    public TopologyDefinition Topology { get; init; } = RazorsTopology.Build();

    /// <summary>
    /// Functions by name, beyond the services' own (for rules a test or benchmark adds) or in
    /// place of one of them (a fault test's relay that cannot publish).
    /// </summary>
    public LocalFunctions ExtraFunctions { get; init; } = new();

    /// <summary>How often the outbox sweepers look and how long they leave a pending record to the stream relay.</summary>
    public OutboxSweeperOptions OutboxSweeper { get; init; } = new();

    /// <summary>How long a subscription may stay Pending before it is cancelled with reason Timeout.</summary>
    public SagaDeadlineOptions SagaDeadline { get; init; } = new();

    /// <summary>How often the saga deadline looks for overdue subscriptions (its schedule's rate in AWS).</summary>
    public TimeSpan SagaDeadlineInterval { get; init; } = TimeSpan.FromMinutes(SubscriptionTopology.SagaDeadlineSchedule.RateMinutes);

    /// <summary>How often the local timer runs a schedule's function.</summary>
    public TimeSpan IntervalOf(ScheduleDefinition schedule) =>
        schedule?.Function == SubscriptionTopology.SagaDeadlines.Name ? SagaDeadlineInterval : OutboxSweeper.Interval;

    /// <summary>Set by <see cref="ChaosOptions.Scale"/>: the host then serves <c>/admin/chaos</c> and runs its relays and payments consumer through the fault switches.</summary>
    public ChaosOptions? Chaos { get; init; }

    /// <summary>Log level for the console; the benchmark turns it down.</summary>
    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Information;
}

/// <summary>The host could not start; the message says why and what to do.</summary>
public sealed class LocalHostStartException(string message, Exception? inner = null) : Exception(message, inner);
