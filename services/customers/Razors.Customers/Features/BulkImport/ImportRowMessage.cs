using System.Text.Json;
using Razors.Customers.Ports;

namespace Razors.Customers.Features.BulkImport;

/// <summary>
/// One row on the import-rows queue: the import, the line, and the row's fields by column, or the
/// reason the parser already rejected it.
/// </summary>
public sealed record ImportRowMessage(string ImportId, int Line, IReadOnlyDictionary<string, string?>? Fields, ImportRejection? Rejection)
{
    public string ToJson() => JsonSerializer.Serialize(this, CustomersJsonContext.Default.ImportRowMessage);

    /// <summary>The row in <paramref name="body"/>, or null when the body is not a row message.</summary>
    public static ImportRowMessage? FromJson(string body)
    {
        try
        {
            var row = JsonSerializer.Deserialize(body, CustomersJsonContext.Default.ImportRowMessage);
            return row is not null && ImportIds.IsValid(row.ImportId) && row.Line > 1 && (row.Fields is null) != (row.Rejection is null) ? row : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
