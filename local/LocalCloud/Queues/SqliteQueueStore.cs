using Microsoft.Data.Sqlite;
using Razors.Sqlite;
using Razors.Topology;

namespace Razors.LocalCloud.Queues;

/// <summary>
/// The local SQS's tables and every SQL statement on them. Each method runs inside the caller's
/// transaction (<see cref="SqliteQueueService"/> makes one per operation); no rule lives here.
/// </summary>
internal static class SqliteQueueStore
{
    // seq orders the whole table (AUTOINCREMENT never reuses a value), so it is both the FIFO
    // order and, zero-padded, the FIFO SequenceNumber. Times are Unix milliseconds.
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS sqs_queues (
            name TEXT PRIMARY KEY,
            fifo INTEGER NOT NULL,
            content_based_deduplication INTEGER NOT NULL,
            visibility_timeout_seconds INTEGER NOT NULL,
            retention_seconds INTEGER NOT NULL,
            dead_letter_queue TEXT NULL,
            max_receive_count INTEGER NULL);
        CREATE TABLE IF NOT EXISTS sqs_messages (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            queue TEXT NOT NULL,
            message_id TEXT NOT NULL,
            body TEXT NOT NULL,
            group_id TEXT NULL,
            deduplication_id TEXT NULL,
            message_attributes TEXT NOT NULL,
            sent_at INTEGER NOT NULL,
            visible_at INTEGER NOT NULL,
            receive_count INTEGER NOT NULL,
            first_received_at INTEGER NULL,
            receipt_handle TEXT NULL,
            dead_letter_source TEXT NULL);
        CREATE INDEX IF NOT EXISTS ix_sqs_messages_order ON sqs_messages (queue, seq);
        CREATE INDEX IF NOT EXISTS ix_sqs_messages_group ON sqs_messages (queue, group_id, visible_at);
        CREATE INDEX IF NOT EXISTS ix_sqs_messages_sent ON sqs_messages (queue, sent_at);
        CREATE UNIQUE INDEX IF NOT EXISTS ix_sqs_messages_id ON sqs_messages (queue, message_id);
        CREATE TABLE IF NOT EXISTS sqs_deduplication (
            queue TEXT NOT NULL,
            deduplication_id TEXT NOT NULL,
            expires_at INTEGER NOT NULL,
            message_id TEXT NOT NULL,
            sequence_number TEXT NOT NULL,
            PRIMARY KEY (queue, deduplication_id));
        CREATE INDEX IF NOT EXISTS ix_sqs_deduplication_expiry ON sqs_deduplication (queue, expires_at);
        """;

    private const string MessageColumns =
        "seq, message_id, body, group_id, deduplication_id, message_attributes, sent_at, receive_count, first_received_at, dead_letter_source";

    public static void UpsertQueue(SqliteConnection c, SqliteTransaction t, QueueDefinition definition) =>
        c.Execute(t, """
            INSERT INTO sqs_queues (name, fifo, content_based_deduplication, visibility_timeout_seconds,
                                    retention_seconds, dead_letter_queue, max_receive_count)
            VALUES ($name, $fifo, $cbd, $visibility, $retention, $dlq, $max)
            ON CONFLICT (name) DO UPDATE SET
                content_based_deduplication = excluded.content_based_deduplication,
                visibility_timeout_seconds = excluded.visibility_timeout_seconds,
                retention_seconds = excluded.retention_seconds,
                dead_letter_queue = excluded.dead_letter_queue,
                max_receive_count = excluded.max_receive_count
            """,
            ("$name", definition.Name),
            ("$fifo", definition.Fifo),
            ("$cbd", definition.ContentBasedDeduplication),
            ("$visibility", definition.VisibilityTimeoutSeconds),
            ("$retention", definition.MessageRetentionSeconds),
            ("$dlq", definition.Redrive?.DeadLetterQueue),
            ("$max", definition.Redrive?.MaxReceiveCount));

    public static List<string> QueueNames(SqliteConnection c)
    {
        using var command = c.Command(null, "SELECT name FROM sqs_queues ORDER BY name");
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    /// <summary>The queue, or null when there is none of that name.</summary>
    public static QueueSettings? FindQueue(SqliteConnection c, SqliteTransaction? t, string name)
    {
        using var command = c.Command(t, """
            SELECT fifo, content_based_deduplication, visibility_timeout_seconds, retention_seconds,
                   dead_letter_queue, max_receive_count
            FROM sqs_queues WHERE name = $name
            """, ("$name", name));
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new QueueSettings(name, reader.GetBoolean(0), reader.GetBoolean(1), reader.GetInt32(2), reader.GetInt32(3),
                reader.NullableString(4), reader.IsDBNull(5) ? null : reader.GetInt32(5))
            : null;
    }

    public static bool IsNamedAsDeadLetterQueue(SqliteConnection c, SqliteTransaction t, string name) =>
        c.Scalar<long>(t, "SELECT COUNT(*) FROM sqs_queues WHERE dead_letter_queue = $name", ("$name", name)) > 0;

    public static long Insert(
        SqliteConnection c, SqliteTransaction t, string queue, string messageId, string body, string? groupId, string? deduplicationId,
        string messageAttributes, long sentAt, long visibleAt, long receiveCount = 0, long? firstReceivedAt = null,
        string? deadLetterSource = null) =>
        c.Scalar<long>(t, """
            INSERT INTO sqs_messages (queue, message_id, body, group_id, deduplication_id, message_attributes,
                                      sent_at, visible_at, receive_count, first_received_at, dead_letter_source)
            VALUES ($queue, $id, $body, $group, $dedup, $attributes, $sent, $visible, $count, $first, $source)
            RETURNING seq
            """,
            ("$queue", queue), ("$id", messageId), ("$body", body), ("$group", groupId), ("$dedup", deduplicationId),
            ("$attributes", messageAttributes), ("$sent", sentAt), ("$visible", visibleAt), ("$count", receiveCount),
            ("$first", firstReceivedAt), ("$source", deadLetterSource));

    public static void Delete(SqliteConnection c, SqliteTransaction t, long seq) =>
        c.Execute(t, "DELETE FROM sqs_messages WHERE seq = $seq", ("$seq", seq));

    /// <summary>Deletes the queue's messages sent at or before <paramref name="cutoff"/>.</summary>
    public static void DeleteSentBefore(SqliteConnection c, SqliteTransaction t, string queue, long cutoff) =>
        c.Execute(t, "DELETE FROM sqs_messages WHERE queue = $queue AND sent_at <= $cutoff", ("$queue", queue), ("$cutoff", cutoff));

    /// <summary>The (message id, sequence number) a live dedup id was first sent with, after forgetting expired ids.</summary>
    public static (string MessageId, string SequenceNumber)? FindDeduplicated(
        SqliteConnection c, SqliteTransaction t, string queue, string deduplicationId, long now)
    {
        c.Execute(t, "DELETE FROM sqs_deduplication WHERE queue = $queue AND expires_at <= $now", ("$queue", queue), ("$now", now));
        using var command = c.Command(t,
            "SELECT message_id, sequence_number FROM sqs_deduplication WHERE queue = $queue AND deduplication_id = $id",
            ("$queue", queue), ("$id", deduplicationId));
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetString(0), reader.GetString(1)) : null;
    }

    public static void RememberDeduplicated(
        SqliteConnection c, SqliteTransaction t, string queue, string deduplicationId, long expiresAt, string messageId, string sequenceNumber) =>
        c.Execute(t, """
            INSERT INTO sqs_deduplication (queue, deduplication_id, expires_at, message_id, sequence_number)
            VALUES ($queue, $id, $expires, $messageId, $sequence)
            """,
            ("$queue", queue), ("$id", deduplicationId), ("$expires", expiresAt), ("$messageId", messageId), ("$sequence", sequenceNumber));

    /// <summary>
    /// Visible messages after <paramref name="after"/> in order. With <paramref name="skipGroupsInFlight"/>
    /// a group with any message in flight is skipped as a whole, which keeps each group in order
    /// while other groups interleave (FIFO-queues-understanding-logic).
    /// </summary>
    public static List<StoredMessage> Receivable(
        SqliteConnection c, SqliteTransaction t, string queue, bool skipGroupsInFlight, long now, long after, int limit)
    {
        var groupFree = skipGroupsInFlight
            ? """
              AND NOT EXISTS (SELECT 1 FROM sqs_messages b
                              WHERE b.queue = m.queue AND b.group_id = m.group_id AND b.visible_at > $now)
              """
            : "";
        return ReadMessages(c.Command(t, $"""
            SELECT {MessageColumns} FROM sqs_messages m
            WHERE m.queue = $queue AND m.seq > $after AND m.visible_at <= $now {groupFree}
            ORDER BY m.seq LIMIT $limit
            """,
            ("$queue", queue), ("$after", after), ("$now", now), ("$limit", limit)));
    }

    /// <summary>Every visible message of the queue, in order.</summary>
    public static List<StoredMessage> Visible(SqliteConnection c, SqliteTransaction t, string queue, long now) =>
        ReadMessages(c.Command(t,
            $"SELECT {MessageColumns} FROM sqs_messages WHERE queue = $queue AND visible_at <= $now ORDER BY seq",
            ("$queue", queue), ("$now", now)));

    /// <summary>Up to <paramref name="limit"/> messages sent after <paramref name="cutoff"/>, visible or not, in order.</summary>
    public static List<StoredMessage> SentAfter(SqliteConnection c, string queue, long cutoff, int limit) =>
        ReadMessages(c.Command(null,
            $"SELECT {MessageColumns} FROM sqs_messages WHERE queue = $queue AND sent_at > $cutoff ORDER BY seq LIMIT $limit",
            ("$queue", queue), ("$cutoff", cutoff), ("$limit", limit)));

    public static void MarkReceived(
        SqliteConnection c, SqliteTransaction t, long seq, long hiddenUntil, long receiveCount, long? firstReceivedAt, string receiptHandle) =>
        c.Execute(t, """
            UPDATE sqs_messages
            SET visible_at = $hidden, receive_count = $count, first_received_at = $first, receipt_handle = $handle
            WHERE seq = $seq
            """,
            ("$hidden", hiddenUntil), ("$count", receiveCount), ("$first", firstReceivedAt), ("$handle", receiptHandle), ("$seq", seq));

    public static InFlightState? FindByMessageId(SqliteConnection c, SqliteTransaction t, string queue, string messageId)
    {
        using var command = c.Command(t,
            "SELECT seq, receipt_handle, visible_at FROM sqs_messages WHERE queue = $queue AND message_id = $id",
            ("$queue", queue), ("$id", messageId));
        using var reader = command.ExecuteReader();
        return reader.Read() ? new InFlightState(reader.GetInt64(0), reader.NullableString(1), reader.GetInt64(2)) : null;
    }

    public static void SetVisibleAt(SqliteConnection c, SqliteTransaction t, long seq, long visibleAt) =>
        c.Execute(t, "UPDATE sqs_messages SET visible_at = $visibleAt WHERE seq = $seq", ("$visibleAt", visibleAt), ("$seq", seq));

    /// <summary>Makes every in-flight message of the queue (received, not yet visible again) visible at <paramref name="now"/>; returns how many.</summary>
    public static int ReleaseInFlight(SqliteConnection c, SqliteTransaction t, string queue, long now) =>
        c.Execute(t, "UPDATE sqs_messages SET visible_at = $now WHERE queue = $queue AND visible_at > $now AND receive_count > 0", ("$now", now), ("$queue", queue));

    /// <summary>(visible, in flight, delayed) among messages sent after <paramref name="cutoff"/>.</summary>
    public static (int Visible, int InFlight, int Delayed) Counts(SqliteConnection c, string queue, long now, long cutoff)
    {
        using var command = c.Command(null, """
            SELECT COALESCE(SUM(visible_at <= $now), 0),
                   COALESCE(SUM(visible_at > $now AND receive_count > 0), 0),
                   COALESCE(SUM(visible_at > $now AND receive_count = 0), 0)
            FROM sqs_messages WHERE queue = $queue AND sent_at > $cutoff
            """,
            ("$now", now), ("$queue", queue), ("$cutoff", cutoff));
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2));
    }

    private static List<StoredMessage> ReadMessages(SqliteCommand command)
    {
        using (command)
        using (var reader = command.ExecuteReader())
        {
            var messages = new List<StoredMessage>();
            while (reader.Read())
            {
                messages.Add(new StoredMessage(
                    reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.NullableString(3),
                    reader.NullableString(4), reader.GetString(5), reader.GetInt64(6), reader.GetInt64(7),
                    reader.NullableInt64(8), reader.NullableString(9)));
            }

            return messages;
        }
    }
}
