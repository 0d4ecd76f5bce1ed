using Microsoft.Data.Sqlite;

namespace Razors.Sqlite;

/// <summary>
/// Parameterised commands in one line, so the SQL stays readable at the call site. A null value
/// is bound as SQL NULL.
/// </summary>
public static class SqliteCommands
{
    public static SqliteCommand Command(
        this SqliteConnection connection,
        SqliteTransaction? transaction,
        string sql,
        params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    public static int Execute(
        this SqliteConnection connection,
        SqliteTransaction? transaction,
        string sql,
        params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        using var command = connection.Command(transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    /// <summary>The first column of the first row, or default when there is no row or it is NULL.</summary>
    public static T? Scalar<T>(
        this SqliteConnection connection,
        SqliteTransaction? transaction,
        string sql,
        params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        using var command = connection.Command(transaction, sql, parameters);
        return command.ExecuteScalar() is { } value and not DBNull ? (T)value : default;
    }

    public static string? NullableString(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? NullableInt64(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);
}
