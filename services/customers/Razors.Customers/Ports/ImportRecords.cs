namespace Razors.Customers.Ports;

/// <summary>A row of an import: the import's id and the row's line in the file (the header is line 1).</summary>
public sealed record ImportRowRef(string ImportId, int Line);

/// <summary>Why a row registered nobody: the field at fault (or <c>row</c> for the row as a whole) and what is wrong.</summary>
public sealed record ImportRejection(string Field, string Reason)
{
    /// <summary>The <see cref="Field"/> of a problem with the row itself, such as its number of fields.</summary>
    public const string WholeRow = "row";
}

/// <summary>An accepted import: its file, kept in the upload store under <see cref="FileKey"/>, and its row count.</summary>
/// <param name="Id">The import's id: a hash of the file's bytes, so the same file is the same import.</param>
/// <param name="Total">The file's data rows.</param>
/// <param name="SizeBytes">The file's size.</param>
/// <param name="AcceptedAt">When it was accepted.</param>
public sealed record ImportRecord(string Id, int Total, long SizeBytes, DateTimeOffset AcceptedAt)
{
    /// <summary>Where the file is in the upload store.</summary>
    public string FileKey => ImportFiles.KeyOf(Id);
}

/// <summary>An import and the outcome of each of its rows handled so far.</summary>
public sealed record ImportReport(ImportRecord Import, int Registered, IReadOnlyList<ImportRejectedRow> Rejections)
{
    public int Rejected => Rejections.Count;

    /// <summary>Rows not handled yet.</summary>
    public int Pending => Math.Max(0, Import.Total - Registered - Rejected);

    public ImportStatus Status => Pending == 0 ? ImportStatus.Completed : ImportStatus.InProgress;
}

/// <summary>A rejected row, by line.</summary>
public sealed record ImportRejectedRow(int Line, string Field, string Reason);

public enum ImportStatus
{
    /// <summary>Some rows have no outcome yet.</summary>
    InProgress,

    /// <summary>Every row registered a customer or was rejected.</summary>
    Completed,
}

/// <summary>How import files are named in the upload store.</summary>
public static class ImportFiles
{
    public const string Prefix = "imports/";
    public const string Extension = ".csv";

    public static string KeyOf(string importId) => Prefix + importId + Extension;

    /// <summary>The import id of an upload store key, or null for a key that is not an import file.</summary>
    public static string? ImportIdOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!key.StartsWith(Prefix, StringComparison.Ordinal) || !key.EndsWith(Extension, StringComparison.Ordinal))
        {
            return null;
        }

        var id = key[Prefix.Length..^Extension.Length];
        return ImportIds.IsValid(id) ? id : null;
    }
}

/// <summary>Import ids: 32 lower-case hex digits, the first half of the SHA-256 of the file.</summary>
public static class ImportIds
{
    public const int Length = 32;

    public const string Rule = "must be 32 lower-case hexadecimal digits, as POST /customers/imports answered.";

    public static string Of(ReadOnlySpan<byte> file) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(file))[..Length];

    public static bool IsValid(string? id) =>
        id is { Length: Length } && id.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
