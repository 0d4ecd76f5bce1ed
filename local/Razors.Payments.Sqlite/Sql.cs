using Microsoft.Data.Sqlite;

namespace Razors.Payments.Sqlite;

/// <summary>Parameterised commands in one line each.</summary>
internal static class Sql
{
    public static int Execute(this SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    /// <summary>The first column of the first row, or null when there is no row.</summary>
    public static string? ReadString(this SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(connection, null, sql, parameters);
        return command.ExecuteScalar() as string;
    }

    public static SqliteCommand Command(this SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    /// <summary>Ids are stored as in the JSON documents (System.Text.Json writes the "D" format), so indexes on either agree.</summary>
    public static string Id(Guid id) => id.ToString("D");
}
