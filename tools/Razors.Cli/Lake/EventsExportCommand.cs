using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text;
using Amazon.Runtime;
using Razors.Topology;

namespace Razors.Cli.Lake;

/// <summary><c>razors events export</c>: its options, their checks, and the run that prints the export and its summary.</summary>
internal static class EventsExportCommand
{
    private const int MaxListedUnreadable = 50;

    private static readonly string[] TimeFormats =
    [
        "yyyy-MM-dd",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    public static Command Create()
    {
        // Built when --bus is checked, not for every razors command.
        var buses = new Lazy<List<string>>(() => [.. RazorsTopology.Build().Buses.Select(b => b.Name)]);
        var bus = new Option<string>("--bus") { Description = "The bus whose events to export (its partitions bus=<bus>/ of the lake).", Required = true };
        bus.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!buses.Value.Contains(value, StringComparer.Ordinal))
            {
                result.AddError($"--bus '{value}' is not a bus of Razors; use one of: {string.Join(", ", buses.Value)}.");
            }
        });
        var from = new Option<DateTimeOffset>("--from")
        {
            Description = "The first instant, inclusive: a day (2026-12-01, midnight UTC) or a time (2026-12-01T10:30:00Z; an offset instead of Z, none for UTC).",
            Required = true,
            CustomParser = result => ParseTime(result, "--from"),
        };
        var to = new Option<DateTimeOffset>("--to")
        {
            Description = "The end, exclusive, in the same forms: --from 2026-12-01 --to 2026-12-02 is the whole of 1 December.",
            Required = true,
            CustomParser = result => ParseTime(result, "--to"),
        };
        var output = new Option<FileInfo>("--out") { Description = "Write the JSON lines to this file (replaced once the export is complete) instead of standard output." };
        var lake = new Option<DirectoryInfo>("--lake")
        {
            Description = "The local lake's folder (default: .data/lake of the repository that holds the current folder, where ./run.sh's host writes it).",
        };
        var aws = new Option<bool>("--aws")
        {
            Description = "Read the lake's S3 bucket in AWS instead (needs --bucket). Credentials and region come from --profile/--region, else AWS_PROFILE, "
                + "AWS_REGION, AWS_ACCESS_KEY_ID… and ~/.aws, as for the AWS CLI. Reading needs s3:ListBucket and s3:GetObject (and kms:Decrypt for a KMS key).",
        };
        var bucket = new Option<string>("--bucket") { Description = "With --aws: the name of the lake's bucket (AWS generates it when the stack is deployed)." };
        var region = new Option<string>("--region") { Description = "With --aws: the AWS region (default: AWS_REGION or the profile's region)." };
        var profile = new Option<string>("--profile") { Description = "With --aws: the named profile in ~/.aws to take credentials (and region) from." };
        var endpoint = new Option<Uri>("--endpoint-url")
        {
            Description = "With --aws: an S3-compatible endpoint instead of AWS, addressed path-style.",
            CustomParser = ParseHttpUrl,
        };
        Option[] awsOnly = [bucket, region, profile, endpoint];

        var command = new Command(
            "export",
            "Export a bus's events with from ≤ time < to from the event lake as JSON lines sorted by time, each event once (by detail.metadata.eventId), "
            + "to standard output or --out; a summary (files, lines, duplicates dropped, unreadable lines skipped with file:line) goes to standard error. "
            + "It reads the day partitions of the range and the day after (events that arrived late).")
        {
            bus, from, to, output, lake, aws, bucket, region, profile, endpoint,
        };
        command.Validators.Add(result =>
        {
            // Read from the tokens: GetValue throws the error of a value that did not parse, which is reported already.
            if (TryParseTime(Token(result, from), out var start) && TryParseTime(Token(result, to), out var end) && start >= end)
            {
                result.AddError($"--from {Text(start)} is not before --to {Text(end)}: the export takes the events with from ≤ time < to.");
            }

            if (!result.GetValue(aws))
            {
                foreach (var option in awsOnly.Where(o => result.GetResult(o) is { Implicit: false }))
                {
                    result.AddError($"{option.Name} applies only with --aws.");
                }
            }
            else if (result.GetResult(lake) is { Implicit: false })
            {
                result.AddError("--lake is the local lake's folder; it cannot be combined with --aws.");
            }
            else if (string.IsNullOrWhiteSpace(result.GetValue(bucket)))
            {
                result.AddError("--aws needs --bucket NAME: the lake bucket's name.");
            }
        });
        command.SetAction((parse, ct) => RunAsync(
            new ExportRequest(parse.GetValue(bus)!, parse.GetValue(from), parse.GetValue(to), parse.GetValue(output), parse.GetValue(lake)),
            parse.GetValue(aws) ? new AwsTarget(parse.GetValue(region), parse.GetValue(profile), parse.GetValue(endpoint)) : null,
            parse.GetValue(bucket),
            Console.Error,
            ct));
        return command;
    }

    /// <summary>Runs the export; 0 when it completed (even with unreadable lines skipped), 1 when the lake cannot be read.</summary>
    public static async Task<int> RunAsync(ExportRequest request, AwsTarget? aws, string? bucket, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(error);
        using var s3 = aws?.CreateS3Client();
        ILakeStore store;
        if (s3 is not null)
        {
            store = new S3LakeStore(s3, bucket!);
        }
        else if (LocalLakeFolder(request.Lake, error) is { } folder)
        {
            store = new FolderLakeStore(folder);
        }
        else
        {
            return 1;
        }

        var partial = request.Out is null ? null : request.Out.FullName + ".partial";
        try
        {
            ExportSummary summary;
            await using (var output = partial is null
                ? new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false))
                : new StreamWriter(partial, append: false, new UTF8Encoding(false)))
            {
                summary = await new LakeExport(store).ExportAsync(request.Bus, request.From, request.To, output, cancellationToken);
            }

            if (partial is not null)
            {
                File.Move(partial, request.Out!.FullName, overwrite: true);
            }

            await WriteSummaryAsync(error, request, store, summary);
            return 0;
        }
        catch (AmazonServiceException e)
        {
            await error.WriteLineAsync($"razors: AWS S3 refused: {e.ErrorCode}: {e.Message}");
        }
        catch (AmazonClientException e)
        {
            // Missing region or credentials end here, with the SDK naming what it looked for.
            await error.WriteLineAsync($"razors: cannot call AWS S3: {e.Message} (see --region, --profile, AWS_REGION, AWS_PROFILE).");
        }
        catch (HttpRequestException e) when (!cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync($"razors: cannot reach S3{(aws?.EndpointUrl is { } url ? $" at {url}" : "")}: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"razors: cannot read the lake at {store.Location} or write {request.Out?.FullName ?? "the output"}: {e.Message}");
        }

        if (partial is not null)
        {
            File.Delete(partial);
        }

        return 1;
    }

    /// <summary>The folder to read, or null (with the reason on <paramref name="error"/>) when there is none.</summary>
    private static string? LocalLakeFolder(DirectoryInfo? lake, TextWriter error)
    {
        if (lake is not null)
        {
            if (lake.Exists)
            {
                return lake.FullName;
            }

            error.WriteLine($"razors: --lake {lake.FullName} does not exist.");
            return null;
        }

        if (RunningHost.DataDirectory(Environment.CurrentDirectory) is not { } data)
        {
            error.WriteLine("razors: the current folder is not inside a Razors repository, so there is no local lake to read; use --lake DIR, or --aws --bucket NAME.");
            return null;
        }

        var folder = Path.Combine(data, "lake");
        if (!Directory.Exists(folder))
        {
            error.WriteLine($"razors: there is no event lake at {folder} yet: the local host (./run.sh) writes it as events arrive; or use --lake DIR.");
            return null;
        }

        return folder;
    }

    private static async Task WriteSummaryAsync(TextWriter error, ExportRequest request, ILakeStore store, ExportSummary summary)
    {
        var days = summary.Partitions.Count == 1 ? $"{summary.Partitions[0]}" : $"{summary.Partitions[0]} … {summary.Partitions[^1]}";
        await error.WriteLineAsync(
            $"razors: exported {summary.Exported} event(s) of {request.Bus} with {Text(request.From)} ≤ time < {Text(request.To)} to {request.Out?.FullName ?? "standard output"}.");
        await error.WriteLineAsync($"  read {summary.Files} file(s), {summary.Lines} line(s), in {summary.Partitions.Count} partition(s) of {store.Location}: {days}");
        await error.WriteLineAsync($"  dropped {summary.Duplicates} duplicate(s) (a detail.metadata.eventId already exported) and {summary.OutsideRange} event(s) outside the range");
        if (summary.Unreadable.Count > 0)
        {
            await error.WriteLineAsync($"  skipped {summary.Unreadable.Count} unreadable line(s):");
            foreach (var line in summary.Unreadable.Take(MaxListedUnreadable))
            {
                await error.WriteLineAsync($"    {line}");
            }

            if (summary.Unreadable.Count > MaxListedUnreadable)
            {
                await error.WriteLineAsync($"    … and {summary.Unreadable.Count - MaxListedUnreadable} more");
            }
        }
    }

    private static string? Token(CommandResult result, Option option) => result.GetResult(option)?.Tokens is [var token] ? token.Value : null;

    /// <summary>A day (midnight UTC) or a time; a time without an offset is UTC.</summary>
    private static bool TryParseTime(string? text, out DateTimeOffset value) =>
        DateTimeOffset.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);

    private static DateTimeOffset ParseTime(ArgumentResult result, string name)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (TryParseTime(text, out var value))
        {
            return value;
        }

        result.AddError($"{name} '{text}' is not a day or a time; use 2026-12-01 (midnight UTC) or 2026-12-01T10:30:00Z (or with an offset such as +01:00).");
        return default;
    }

    // System.CommandLine has no converter for Uri.
    private static Uri? ParseHttpUrl(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
        {
            return url;
        }

        result.AddError($"--endpoint-url '{text}' is not an http(s) URL; use for example http://127.0.0.1:9000.");
        return null;
    }

    private static string Text(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}

/// <summary>What to export and where to: the bus, the range [From, To), the output file (null: standard output) and the local lake's folder (null: the repository's).</summary>
internal sealed record ExportRequest(string Bus, DateTimeOffset From, DateTimeOffset To, FileInfo? Out, DirectoryInfo? Lake);
