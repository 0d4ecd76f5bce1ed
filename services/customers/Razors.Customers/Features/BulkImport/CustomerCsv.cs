using System.Text;
using System.Text.Unicode;
using CsvHelper;
using Razors.Customers.Domain;
using Razors.Customers.Ports;

namespace Razors.Customers.Features.BulkImport;

/// <summary>
/// The import file: UTF-8 CSV (RFC 4180 quoting, an optional BOM, CRLF or LF line endings, one
/// kind per file) whose first line is a header naming the columns <c>name,email,state,city,postcode</c>
/// in any order (case and surrounding blanks aside), at most <see cref="MaxBytes"/> and
/// <see cref="MaxRows"/> rows. <see cref="Check"/> refuses a file that breaks any of that as a
/// whole; a row that is fine as CSV but has the wrong number of fields or broken quoting is a
/// rejection of that row only. CsvHelper does the parsing.
/// </summary>
public static class CustomerCsv
{
    /// <summary>5 MiB: within what API Gateway hands a Lambda function (6 MB), escaping included.</summary>
    public const int MaxBytes = 5 * 1024 * 1024;

    public const int MaxRows = 50_000;

    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>Whether the whole file can be imported, and how many rows it has.</summary>
    public static CsvFileCheck Check(ReadOnlyMemory<byte> file)
    {
        var bytes = file.Span;
        if (bytes.StartsWith(Bom))
        {
            bytes = bytes[Bom.Length..];
        }

        if (bytes.IsEmpty)
        {
            return new CsvFileCheck.Refused("The file is empty.", "Send a CSV file whose first line is the header name,email,state,city,postcode.", null);
        }

        if (!Utf8.IsValid(bytes))
        {
            return new CsvFileCheck.Refused("The file is not UTF-8 text.", "Save the CSV as UTF-8 (with or without a BOM) and send it again.", null);
        }

        if (RawProblem(bytes) is { } raw)
        {
            return raw;
        }

        try
        {
            var rows = 0;
            using var reader = new StringReader(Encoding.UTF8.GetString(bytes));
            foreach (var row in Read(reader))
            {
                if (++rows > MaxRows)
                {
                    return new CsvFileCheck.Refused(
                        "The file has too many rows.", $"An import takes at most {MaxRows} rows; line {row.Line} is row {rows}. Split the file and send each part.", row.Line);
                }
            }

            return rows == 0
                ? new CsvFileCheck.Refused("The file has no rows.", "The file holds the header and no customer: there is nothing to import.", null)
                : new CsvFileCheck.Accepted(rows);
        }
        catch (CsvFileException e)
        {
            return new CsvFileCheck.Refused(e.Title, e.Message, e.Line);
        }
    }

    /// <summary>The rows of a file <see cref="Check"/> accepted, each with its fields or with why it is rejected.</summary>
    /// <exception cref="CsvFileException">The file is not one <see cref="Check"/> accepts.</exception>
    public static IEnumerable<CsvRow> ReadRows(Stream file)
    {
        ArgumentNullException.ThrowIfNull(file);

        // StreamReader drops a BOM and, with throwOnInvalidBytes, refuses what is not UTF-8.
        using var reader = new StreamReader(file, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        foreach (var row in Read(reader))
        {
            yield return row;
        }
    }

    private static IEnumerable<CsvRow> Read(TextReader text)
    {
        var malformed = new Dictionary<long, CsvMalformedReason>();
        var options = new CsvReaderOptions
        {
            HasHeader = false,
            Mode = CsvMode.Rfc4180,

            // Allowed so that a field with a line break is read whole and refused by its start line.
            AllowLineBreaksInQuotes = true,
            SkipEmptyLines = true,
            TrimWhitespace = false,
            TrackLineNumbers = true,
            MalformedData = CsvMalformedDataHandling.Recover,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            OnMalformedRecord = record => malformed.TryAdd(record.LineNumber, record.Reason),
        };
        using var reader = CsvReader.Create(text, options, leaveOpen: true);
        if (!reader.Read())
        {
            throw new CsvFileException("The file has no header.", "The first line must be the header name,email,state,city,postcode (in any order).", null);
        }

        var columns = Header(reader.Current.ToArray(), Line(reader));
        while (reader.Read())
        {
            var line = Line(reader);
            var record = reader.Current.ToArray();
            CsvMalformedReason? reason = malformed.Remove(line, out var found) ? found : null;
            if (reason == CsvMalformedReason.UnterminatedQuote
                || record.Any(field => field.Contains('\n', StringComparison.Ordinal) || field.Contains('\r', StringComparison.Ordinal)))
            {
                throw new CsvFileException(
                    "A quoted field spans lines.",
                    $"The row that starts on line {line} has a quoted field with a line break in it (or a quote that is never closed); every row of an import is one line.",
                    line);
            }

            if (reason is CsvMalformedReason.StrayQuote or CsvMalformedReason.TextAfterClosingQuote)
            {
                yield return new CsvRow(line, null, new ImportRejection(
                    ImportRejection.WholeRow,
                    reason == CsvMalformedReason.StrayQuote
                        ? "is not valid CSV: a double quote inside an unquoted field (RFC 4180 §2: quote the field and double the quote)."
                        : "is not valid CSV: text after a closing quote (RFC 4180 §2)."));
            }
            else if (record.Length != columns.Count)
            {
                yield return new CsvRow(line, null, new ImportRejection(
                    ImportRejection.WholeRow, $"has {record.Length} fields; the header names {columns.Count}."));
            }
            else
            {
                var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
                for (var i = 0; i < columns.Count; i++)
                {
                    fields[columns[i]] = record[i];
                }

                yield return new CsvRow(line, fields, null);
            }
        }
    }

    private static int Line(CsvReader reader) => checked((int)reader.LineNumber);

    private static List<string> Header(string[] record, int line)
    {
        var columns = record.Select(c => c.Trim().ToLowerInvariant()).ToList();
        var expected = string.Join(",", CustomerFields.All);
        var unknown = columns.Where(c => !CustomerFields.All.Contains(c)).ToList();
        var repeated = columns.GroupBy(c => c).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        var missing = CustomerFields.All.Where(c => !columns.Contains(c)).ToList();
        if (unknown.Count > 0 || repeated.Count > 0 || missing.Count > 0)
        {
            var problems = new List<string>();
            if (unknown.Count > 0)
            {
                problems.Add($"it names {string.Join(", ", unknown.Select(c => $"'{Shorten(c)}'"))}, not columns of an import");
            }

            if (repeated.Count > 0)
            {
                problems.Add($"it names {string.Join(", ", repeated.Select(c => $"'{c}'"))} more than once");
            }

            if (missing.Count > 0)
            {
                problems.Add($"it lacks {string.Join(", ", missing.Select(c => $"'{c}'"))}");
            }

            throw new CsvFileException(
                "The header does not name the import's columns.",
                $"The first line must be the header {expected} (in any order): {string.Join("; ", problems)}.",
                line);
        }

        return columns;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    /// <summary>What a byte scan finds before parsing: a NUL, bare CR line endings, or CRLF and LF mixed.</summary>
    private static CsvFileCheck.Refused? RawProblem(ReadOnlySpan<byte> bytes)
    {
        var line = 1;
        int? firstCrlf = null, firstLf = null;
        for (var i = 0; i < bytes.Length; i++)
        {
            switch (bytes[i])
            {
                case 0:
                    return new CsvFileCheck.Refused("The file holds a NUL character.", $"Line {line} holds a NUL (0x00) character: this is not a text file, or it is not UTF-8.", line);
                case (byte)'\r' when i + 1 < bytes.Length && bytes[i + 1] == '\n':
                    firstCrlf ??= line;
                    i++;
                    line++;
                    break;
                case (byte)'\r':
                    return new CsvFileCheck.Refused("The file ends its lines with a bare CR.", $"Line {line} ends with a carriage return alone; end lines with CRLF or LF.", line);
                case (byte)'\n':
                    firstLf ??= line;
                    line++;
                    break;
            }

            if (firstCrlf is not null && firstLf is not null)
            {
                var odd = Math.Max(firstCrlf.Value, firstLf.Value);
                return new CsvFileCheck.Refused(
                    "The file mixes line endings.",
                    $"Line {Math.Min(firstCrlf.Value, firstLf.Value)} ends with {(firstCrlf < firstLf ? "CRLF" : "LF")} but line {odd} with {(firstCrlf < firstLf ? "LF" : "CRLF")}; use one kind throughout.",
                    odd);
            }
        }

        return null;
    }
}

/// <summary>A data row: its line, and its fields by column or why it is rejected as a row.</summary>
public sealed record CsvRow(int Line, IReadOnlyDictionary<string, string?>? Fields, ImportRejection? Rejection);

/// <summary>Whether a file can be imported as a whole.</summary>
public abstract record CsvFileCheck
{
    private CsvFileCheck()
    {
    }

    public sealed record Accepted(int Rows) : CsvFileCheck;

    /// <summary>Nothing of the file is imported; <paramref name="Line"/> is where the problem is, when it is on one line.</summary>
    public sealed record Refused(string Title, string Detail, int? Line) : CsvFileCheck;
}

/// <summary>A file <see cref="CustomerCsv"/> refuses as a whole.</summary>
public sealed class CsvFileException(string title, string message, int? line) : Exception(message)
{
    public string Title { get; } = title;

    public int? Line { get; } = line;
}
