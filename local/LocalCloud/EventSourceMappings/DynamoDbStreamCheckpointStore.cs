using System.Globalization;
using Razors.LocalCloud.Storage;

namespace Razors.LocalCloud.EventSourceMappings;

/// <summary>Where a stream mapping got to in a shard: records up to <see cref="SequenceNumber"/> are done.</summary>
public sealed record ShardCheckpoint(string? SequenceNumber, bool Finished);

/// <summary>
/// Per mapping and shard, the last stream record that is done with (delivered, filtered out or sent
/// to the on-failure destination), so a restarted host resumes right after it.
/// </summary>
public sealed class DynamoDbStreamCheckpointStore
{
    private readonly LocalCloudDatabase database;

    public DynamoDbStreamCheckpointStore(LocalCloudDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        this.database = database;
        database.EnsureSchema("""
            CREATE TABLE IF NOT EXISTS ddb_stream_checkpoints (
                mapping TEXT NOT NULL,
                shard_id TEXT NOT NULL,
                sequence_number TEXT NULL,
                finished INTEGER NOT NULL DEFAULT 0,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (mapping, shard_id)
            );
            """);
    }

    public ShardCheckpoint? Get(string mapping, string shardId) => database.Read(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sequence_number, finished FROM ddb_stream_checkpoints WHERE mapping = $mapping AND shard_id = $shard";
        command.Parameters.AddWithValue("$mapping", mapping);
        command.Parameters.AddWithValue("$shard", shardId);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new ShardCheckpoint(reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetInt64(1) != 0)
            : null;
    });

    /// <summary>Records that everything up to and including <paramref name="sequenceNumber"/> is done.</summary>
    public void Save(string mapping, string shardId, string sequenceNumber, DateTimeOffset now) =>
        Upsert(mapping, shardId, sequenceNumber, finished: false, now);

    /// <summary>Records that a closed shard was read to its end, so its children may start.</summary>
    public void MarkFinished(string mapping, string shardId, string? lastSequenceNumber, DateTimeOffset now) =>
        Upsert(mapping, shardId, lastSequenceNumber, finished: true, now);

    private void Upsert(string mapping, string shardId, string? sequenceNumber, bool finished, DateTimeOffset now) => database.Write((connection, transaction) =>
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO ddb_stream_checkpoints (mapping, shard_id, sequence_number, finished, updated_at)
            VALUES ($mapping, $shard, $sequence, $finished, $now)
            ON CONFLICT (mapping, shard_id) DO UPDATE SET
                sequence_number = COALESCE(excluded.sequence_number, sequence_number),
                finished = excluded.finished,
                updated_at = excluded.updated_at
            """;
        command.Parameters.AddWithValue("$mapping", mapping);
        command.Parameters.AddWithValue("$shard", shardId);
        command.Parameters.AddWithValue("$sequence", (object?)sequenceNumber ?? DBNull.Value);
        command.Parameters.AddWithValue("$finished", finished ? 1 : 0);
        command.Parameters.AddWithValue("$now", now.ToString("O", CultureInfo.InvariantCulture));
        return command.ExecuteNonQuery();
    });
}
