using Microsoft.Data.Sqlite;
using Razors.LocalCloud.Storage;
using Razors.Sqlite;
using Razors.Topology;

namespace Razors.LocalCloud.Buses;

/// <summary>An event a bus accepted: its id and time, its JSON, and the bus that forwarded it, if any.</summary>
internal sealed record AcceptedEvent(string Id, DateTimeOffset Time, string Json, string? ForwardedFrom);

/// <summary>Why a delivery is going to its DLQ (the EventBridge DLQ message attributes).</summary>
internal sealed record DeadLetterReason(string ErrorCode, string ErrorMessage, string ExhaustedRetryCondition);

/// <summary>One event for one rule target, not yet delivered.</summary>
internal sealed record PendingDelivery(
    long Id,
    string Bus,
    string RuleArn,
    TargetDefinition Target,
    string EventJson,
    DateTimeOffset AcceptedAt,
    int RetryAttempts,
    DeadLetterReason? DeadLetter);

/// <summary>
/// The bus tables: the archive, pending deliveries and replays. An accepted event and its
/// deliveries are written in one transaction, so an event is either archived with every delivery
/// it owes, or not accepted at all.
/// </summary>
internal sealed class BusStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS bus_archive(
            sequence INTEGER PRIMARY KEY AUTOINCREMENT,
            bus TEXT NOT NULL,
            event_id TEXT NOT NULL,
            event_time INTEGER NOT NULL,
            archived_at INTEGER NOT NULL,
            forwarded_from TEXT,
            event_json TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS bus_archive_by_time ON bus_archive(bus, event_time);
        CREATE INDEX IF NOT EXISTS bus_archive_by_age ON bus_archive(archived_at);
        CREATE TABLE IF NOT EXISTS bus_deliveries(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            bus TEXT NOT NULL,
            rule_arn TEXT NOT NULL,
            target_id TEXT NOT NULL,
            target_kind TEXT NOT NULL,
            target_resource TEXT NOT NULL,
            maximum_retry_attempts INTEGER NOT NULL,
            maximum_event_age_seconds INTEGER NOT NULL,
            dead_letter_queue TEXT NOT NULL,
            event_json TEXT NOT NULL,
            accepted_at INTEGER NOT NULL,
            retry_attempts INTEGER NOT NULL DEFAULT 0,
            due_at INTEGER NOT NULL,
            error_code TEXT,
            error_message TEXT,
            exhausted_retry_condition TEXT);
        CREATE INDEX IF NOT EXISTS bus_deliveries_by_due ON bus_deliveries(due_at);
        CREATE TABLE IF NOT EXISTS bus_replays(
            name TEXT PRIMARY KEY,
            bus TEXT NOT NULL,
            event_start_time INTEGER NOT NULL,
            event_end_time INTEGER NOT NULL,
            rule_names TEXT,
            state TEXT NOT NULL,
            events_replayed INTEGER NOT NULL,
            deliveries_scheduled INTEGER NOT NULL,
            started_at INTEGER NOT NULL,
            completed_at INTEGER);
        """;

    private const string DeliveryColumns = """
        id, bus, rule_arn, target_id, target_kind, target_resource, maximum_retry_attempts,
        maximum_event_age_seconds, dead_letter_queue, event_json, accepted_at, retry_attempts,
        error_code, error_message, exhausted_retry_condition
        """;

    private const string ArchiveColumns = "sequence, bus, event_id, event_time, archived_at, forwarded_from, event_json";

    private readonly LocalCloudDatabase database;

    public BusStore(LocalCloudDatabase database)
    {
        this.database = database;
        database.EnsureSchema(Schema);
    }

    /// <summary>Archives the event and records one pending delivery per route, in one transaction.</summary>
    public void Accept(string bus, AcceptedEvent accepted, IReadOnlyList<Route> routes, DateTimeOffset now) =>
        database.Write((connection, transaction) =>
        {
            connection.Execute(transaction, """
                INSERT INTO bus_archive(bus, event_id, event_time, archived_at, forwarded_from, event_json)
                VALUES ($bus, $id, $time, $now, $from, $json)
                """,
                ("$bus", bus), ("$id", accepted.Id), ("$time", Millis(accepted.Time)), ("$now", Millis(now)),
                ("$from", accepted.ForwardedFrom), ("$json", accepted.Json));
            foreach (var route in routes)
            {
                InsertDelivery(connection, transaction, bus, route, accepted.Json, now);
            }

            return 0;
        });

    public IReadOnlyList<PendingDelivery> Due(DateTimeOffset now) => database.Read(connection =>
    {
        using var command = connection.Command(null,
            $"SELECT {DeliveryColumns} FROM bus_deliveries WHERE due_at <= $now ORDER BY due_at, id", ("$now", Millis(now)));
        using var reader = command.ExecuteReader();
        var due = new List<PendingDelivery>();
        while (reader.Read())
        {
            due.Add(ReadDelivery(reader));
        }

        return due;
    });

    public DateTimeOffset? NextDueAt() => database.Read(connection =>
    {
        using var command = connection.Command(null, "SELECT MIN(due_at) FROM bus_deliveries");
        return command.ExecuteScalar() is long millis ? Time(millis) : (DateTimeOffset?)null;
    });

    public int PendingCount() => database.Read(connection =>
    {
        using var command = connection.Command(null, "SELECT COUNT(*) FROM bus_deliveries");
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    });

    public void Delete(long id) =>
        database.Write((connection, transaction) => connection.Execute(transaction, "DELETE FROM bus_deliveries WHERE id = $id", ("$id", id)));

    public void ScheduleRetry(long id, int retryAttempts, DateTimeOffset dueAt) =>
        database.Write((connection, transaction) => connection.Execute(transaction,
            "UPDATE bus_deliveries SET retry_attempts = $attempts, due_at = $due WHERE id = $id",
            ("$id", id), ("$attempts", retryAttempts), ("$due", Millis(dueAt))));

    /// <summary>Keeps a delivery whose DLQ send failed, with its reason, to try the DLQ again at <paramref name="dueAt"/>.</summary>
    public void HoldForDeadLetter(long id, DeadLetterReason reason, int retryAttempts, DateTimeOffset dueAt) =>
        database.Write((connection, transaction) => connection.Execute(transaction, """
            UPDATE bus_deliveries SET retry_attempts = $attempts, due_at = $due,
                error_code = $code, error_message = $message, exhausted_retry_condition = $condition
            WHERE id = $id
            """,
            ("$id", id), ("$attempts", retryAttempts), ("$due", Millis(dueAt)), ("$code", reason.ErrorCode),
            ("$message", reason.ErrorMessage), ("$condition", reason.ExhaustedRetryCondition)));

    /// <summary>
    /// Deletes archived events older than their bus's retention; a retention of 0 days keeps
    /// events indefinitely, as an archive's RetentionDays of 0 does.
    /// </summary>
    public int PurgeArchives(DateTimeOffset now) =>
        database.Write((connection, transaction) => connection.Execute(transaction, """
            DELETE FROM bus_archive WHERE EXISTS (
                SELECT 1 FROM bus_buses b
                WHERE b.name = bus_archive.bus AND b.archive_retention_days > 0
                  AND bus_archive.archived_at < $now - b.archive_retention_days * 86400000)
            """, ("$now", Millis(now))));

    /// <summary>Archived events of <paramref name="bus"/> with <paramref name="from"/> ≤ time &lt; <paramref name="to"/>, oldest first.</summary>
    public IReadOnlyList<ArchivedEvent> ReadArchive(string bus, DateTimeOffset? from, DateTimeOffset? to, int max) =>
        database.Read(connection => ReadArchive(connection, null, bus, from, to, max));

    /// <summary>
    /// Records the replay and, in the same transaction, one delivery per route of every archived
    /// event in the window. <paramref name="replay"/> gives the replayed JSON and its routes.
    /// </summary>
    public ReplayState Replay(
        string name, string bus, DateTimeOffset start, DateTimeOffset end, IReadOnlyList<string>? ruleNames, DateTimeOffset now,
        Func<ArchivedEvent, (string Json, IReadOnlyList<Route> Routes)> replay) =>
        database.Write((connection, transaction) =>
        {
            if (ReadReplays(connection, transaction, name).Count > 0)
            {
                throw new LocalEventBridgeException("ResourceAlreadyExistsException", $"Replay {name} already exists.");
            }

            var events = ReadArchive(connection, transaction, bus, start, end, int.MaxValue);
            var deliveries = 0;
            foreach (var archived in events)
            {
                var (json, routes) = replay(archived);
                foreach (var route in routes)
                {
                    InsertDelivery(connection, transaction, bus, route, json, now);
                    deliveries++;
                }
            }

            var state = new ReplayState(name, bus, start, end, ruleNames, ReplayState.Completed, events.Count, deliveries, now, now);
            connection.Execute(transaction, """
                INSERT INTO bus_replays(name, bus, event_start_time, event_end_time, rule_names, state,
                    events_replayed, deliveries_scheduled, started_at, completed_at)
                VALUES ($name, $bus, $start, $end, $rules, $state, $events, $deliveries, $started, $completed)
                """,
                ("$name", name), ("$bus", bus), ("$start", Millis(start)), ("$end", Millis(end)),
                ("$rules", ruleNames is null ? null : string.Join(',', ruleNames)), ("$state", state.State),
                ("$events", events.Count), ("$deliveries", deliveries), ("$started", Millis(now)), ("$completed", Millis(now)));
            return state;
        });

    /// <summary>The named replay, or every replay when <paramref name="name"/> is null.</summary>
    public IReadOnlyList<ReplayState> Replays(string? name) => database.Read(connection => ReadReplays(connection, null, name));

    private static void InsertDelivery(SqliteConnection connection, SqliteTransaction transaction, string bus, Route route, string json, DateTimeOffset now)
    {
        var (kind, resource) = TargetColumns.Of(route.Target);
        connection.Execute(transaction, """
            INSERT INTO bus_deliveries(bus, rule_arn, target_id, target_kind, target_resource,
                maximum_retry_attempts, maximum_event_age_seconds, dead_letter_queue, event_json, accepted_at, due_at)
            VALUES ($bus, $rule, $id, $kind, $resource, $attempts, $age, $dlq, $json, $now, $now)
            """,
            ("$bus", bus), ("$rule", route.RuleArn), ("$id", route.Target.Id), ("$kind", kind), ("$resource", resource),
            ("$attempts", route.Target.RetryPolicy.MaximumRetryAttempts),
            ("$age", route.Target.RetryPolicy.MaximumEventAgeInSeconds), ("$dlq", route.Target.DeadLetterQueue),
            ("$json", json), ("$now", Millis(now)));
    }

    private static PendingDelivery ReadDelivery(SqliteDataReader reader)
    {
        var target = TargetColumns.Create(
            reader.GetString(4), reader.GetString(3), reader.GetString(5),
            new RetryPolicy(reader.GetInt32(6), reader.GetInt32(7)), reader.GetString(8));
        var deadLetter = reader.IsDBNull(14)
            ? null
            : new DeadLetterReason(reader.GetString(12), reader.GetString(13), reader.GetString(14));
        return new PendingDelivery(
            reader.GetInt64(0), reader.GetString(1), reader.GetString(2), target, reader.GetString(9),
            Time(reader.GetInt64(10)), reader.GetInt32(11), deadLetter);
    }

    private static List<ArchivedEvent> ReadArchive(
        SqliteConnection connection, SqliteTransaction? transaction, string bus, DateTimeOffset? from, DateTimeOffset? to, int max)
    {
        using var command = connection.Command(transaction, $"""
            SELECT {ArchiveColumns} FROM bus_archive
            WHERE bus = $bus AND event_time >= $from AND event_time < $to
            ORDER BY event_time, sequence LIMIT $max
            """,
            ("$bus", bus), ("$from", from is null ? long.MinValue : Millis(from.Value)),
            ("$to", to is null ? long.MaxValue : Millis(to.Value)), ("$max", max));
        using var reader = command.ExecuteReader();
        var events = new List<ArchivedEvent>();
        while (reader.Read())
        {
            events.Add(new ArchivedEvent(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), Time(reader.GetInt64(3)),
                Time(reader.GetInt64(4)), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetString(6)));
        }

        return events;
    }

    private static long Millis(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    private static DateTimeOffset Time(long millis) => DateTimeOffset.FromUnixTimeMilliseconds(millis);

    private static List<ReplayState> ReadReplays(SqliteConnection connection, SqliteTransaction? transaction, string? name)
    {
        using var command = connection.Command(transaction, """
            SELECT name, bus, event_start_time, event_end_time, rule_names, state, events_replayed, deliveries_scheduled, started_at, completed_at
            FROM bus_replays WHERE $name IS NULL OR name = $name ORDER BY started_at, name
            """, ("$name", name));
        using var reader = command.ExecuteReader();
        var replays = new List<ReplayState>();
        while (reader.Read())
        {
            replays.Add(new ReplayState(
                reader.GetString(0), reader.GetString(1), Time(reader.GetInt64(2)), Time(reader.GetInt64(3)),
                reader.IsDBNull(4) ? null : reader.GetString(4).Split(','), reader.GetString(5), reader.GetInt32(6),
                reader.GetInt32(7), Time(reader.GetInt64(8)), reader.IsDBNull(9) ? null : Time(reader.GetInt64(9))));
        }

        return replays;
    }
}
