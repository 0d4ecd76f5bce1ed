using System.Text;
using System.Text.Json;
using Razors.Testing;
using static Razors.Cli.Tests.Lake.LakeFiles;

namespace Razors.Cli.Tests.Lake;

/// <summary>The <c>razors events export</c> executable, run as a process: the local lake, an S3 bucket behind a real HTTP listener, and its option checks.</summary>
public sealed class when_razors_events_export_runs : IDisposable
{
    private static readonly DateOnly Day1 = new(2026, 12, 1);
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("razors-export-");

    public void Dispose() => folder.Delete(recursive: true);

    private static string[] Range => ["--bus", Bus, "--from", "2026-12-01", "--to", "2026-12-02"];

    private static List<string> EventIds(string jsonLines) =>
        [.. jsonLines.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("detail").GetProperty("metadata").GetProperty("eventId").GetString()!)];

    [Fact]
    public async Task the_local_lake_of_the_repository_is_read_by_default_and_the_summary_goes_to_stderr()
    {
        // A repository (its Razors.sln marker) whose host wrote .data/lake; run from a folder below it.
        var repository = Directory.CreateDirectory(Path.Combine(folder.FullName, "repo"));
        await File.WriteAllTextAsync(Path.Combine(repository.FullName, "Razors.sln"), "", TestContext.Current.CancellationToken);
        var key = Key(Day1, "razors-stock-lake-2026-12-01-09-a.jsonl");
        Write(Path.Combine(repository.FullName, ".data", "lake"), key, [
            .. Lines(Event("e2", "2026-12-01T09:30:00Z"), Event("e1", "2026-12-01T09:00:00Z"), Event("e2", "2026-12-01T09:30:00Z")),
            .. Encoding.UTF8.GetBytes("""{"version":"0","id":""")]);
        var below = Directory.CreateDirectory(Path.Combine(repository.FullName, "services", "stock"));

        var (exitCode, stdout, stderr) = await RazorsProcess.RunAsync(["events", "export", .. Range], below.FullName);

        Assert.Equal(0, exitCode);
        Assert.Equal(["e1", "e2"], EventIds(stdout));
        Assert.Contains("razors: exported 2 event(s) of razors-stock with 2026-12-01T00:00:00Z ≤ time < 2026-12-02T00:00:00Z to standard output.", stderr, StringComparison.Ordinal);
        Assert.Contains("read 1 file(s), 4 line(s), in 2 partition(s)", stderr, StringComparison.Ordinal);
        Assert.Contains("dropped 1 duplicate(s)", stderr, StringComparison.Ordinal);
        Assert.Contains($"skipped 1 unreadable line(s):\n    {key}:4: not JSON", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task out_writes_the_file_and_lake_points_at_any_folder()
    {
        Write(folder.FullName, Key(Day1, "razors-stock-lake-2026-12-01-09-a.jsonl"), Lines(Event("e1", "2026-12-01T09:00:00Z")));
        var output = Path.Combine(folder.FullName, "export.jsonl");

        var (exitCode, stdout, stderr) = await RazorsProcess.RunAsync(["events", "export", .. Range, "--lake", folder.FullName, "--out", output]);

        Assert.Equal(0, exitCode);
        Assert.Empty(stdout);
        Assert.Equal(["e1"], EventIds(await File.ReadAllTextAsync(output, TestContext.Current.CancellationToken)));
        Assert.False(File.Exists(output + ".partial"));
        Assert.Contains($"to {output}.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task with_aws_the_bucket_is_listed_by_day_partition_page_by_page_and_gzip_objects_are_read()
    {
        using var s3 = new S3Responder("razors-lake-bucket") { PageSize = 2 };
        s3.Objects[Key(Day1.AddDays(-1), "razors-stock-lake-1-2026-11-30-23-55-00-x.gz")] = Gzip(Lines(Event("e0", "2026-11-30T23:59:00Z")));
        s3.Objects[Key(Day1, "razors-stock-lake-1-2026-12-01-09-05-00-a.gz")] = Gzip(Lines(Event("e2", "2026-12-01T09:30:00Z")));
        s3.Objects[Key(Day1, "razors-stock-lake-1-2026-12-01-09-10-00-b.gz")] = Gzip(Lines(Event("e1", "2026-12-01T09:00:00Z"), Event("e2", "2026-12-01T09:30:00Z")));
        s3.Objects[Key(Day1, "razors-stock-lake-1-2026-12-01-09-15-00-c.gz")] = Gzip(Lines(Event("e3", "2026-12-01T09:40:00Z")));
        s3.Objects[Key(Day1.AddDays(1), "razors-stock-lake-1-2026-12-02-00-05-00-d.gz")] = Gzip(Lines(Event("e4", "2026-12-01T23:59:30Z")));
        s3.Objects[Key(Day1, "razors-payments-lake-1-2026-12-01-09-05-00-a.gz", bus: "razors-payments")] = Gzip(Lines(Event("p1", "2026-12-01T09:30:00Z")));

        var (exitCode, stdout, stderr) = await RazorsProcess.RunAsync(
            ["events", "export", .. Range, "--aws", "--bucket", s3.Bucket, "--endpoint-url", s3.Url.ToString(), "--region", "us-east-1"]);

        Assert.True(exitCode == 0, stderr);
        Assert.Equal(["e1", "e2", "e3", "e4"], EventIds(stdout));
        Assert.Contains("read 4 file(s), 5 line(s), in 2 partition(s) of s3://razors-lake-bucket", stderr, StringComparison.Ordinal);
        var lists = s3.Requests.Where(r => r.StartsWith("LIST ", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            ["LIST bus=razors-stock/year=2026/month=12/day=01/", "LIST bus=razors-stock/year=2026/month=12/day=01/", "LIST bus=razors-stock/year=2026/month=12/day=02/"],
            lists);
        Assert.DoesNotContain(s3.Requests, r => r.Contains("day=30", StringComparison.Ordinal) || r.Contains("razors-payments", StringComparison.Ordinal));
    }

    [Fact]
    public async Task an_s3_error_is_one_line_with_its_code_and_a_non_zero_exit()
    {
        using var s3 = new S3Responder("razors-lake-bucket");

        var (exitCode, _, stderr) = await RazorsProcess.RunAsync(
            ["events", "export", .. Range, "--aws", "--bucket", "no-such-bucket", "--endpoint-url", s3.Url.ToString(), "--region", "us-east-1"]);

        Assert.Equal(1, exitCode);
        Assert.StartsWith("razors: AWS S3 refused: NoSuchBucket: ", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.TrimEnd().Split('\n'));
    }

    [Theory]
    [InlineData(new[] { "--bus", "razors-nope", "--from", "2026-12-01", "--to", "2026-12-02" },
        "--bus 'razors-nope' is not a bus of Razors; use one of: razors-subscription, razors-stock, razors-payments, razors-customers, razors-notifications, razors-insights.")]
    [InlineData(new[] { "--bus", "razors-stock", "--from", "2026-12-02", "--to", "2026-12-01T12:00+01:00" },
        "--from 2026-12-02T00:00:00Z is not before --to 2026-12-01T11:00:00Z: the export takes the events with from ≤ time < to.")]
    [InlineData(new[] { "--bus", "razors-stock", "--from", "2026-12-01T10:00Z", "--to", "2026-12-01T10:00Z" },
        "--from 2026-12-01T10:00:00Z is not before --to 2026-12-01T10:00:00Z")]
    [InlineData(new[] { "--bus", "razors-stock", "--from", "1 December", "--to", "2026-12-02" },
        "--from '1 December' is not a day or a time; use 2026-12-01 (midnight UTC) or 2026-12-01T10:30:00Z (or with an offset such as +01:00).")]
    [InlineData(new[] { "--bus", "razors-stock", "--from", "2026-12-01", "--to", "2026-02-30" },
        "--to '2026-02-30' is not a day or a time")]
    [InlineData(new[] { "--bus", "razors-stock", "--from", "2026-12-01", "--to", "2026-12-02", "--bucket", "b" }, "--bucket applies only with --aws.")]
    [InlineData(new[] { "--bus", "razors-stock", "--from", "2026-12-01", "--to", "2026-12-02", "--aws" }, "--aws needs --bucket NAME")]
    [InlineData(new[] { "--bus", "razors-stock", "--from", "2026-12-01", "--to", "2026-12-02", "--aws", "--bucket", "b", "--lake", "/tmp" },
        "--lake is the local lake's folder; it cannot be combined with --aws.")]
    [InlineData(new[] { "--bus", "razors-stock", "--from", "2026-12-01", "--to", "2026-12-02", "--aws", "--bucket", "b", "--endpoint-url", "minio" },
        "--endpoint-url 'minio' is not an http(s) URL")]
    [InlineData(new[] { "--from", "2026-12-01", "--to", "2026-12-02" }, "Option '--bus' is required.")]
    public async Task bad_options_are_refused_naming_the_value_and_what_is_allowed(string[] options, string message)
    {
        var (exitCode, _, stderr) = await RazorsProcess.RunAsync(["events", "export", .. options]);

        Assert.NotEqual(0, exitCode);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_lake_folder_that_does_not_exist_is_named()
    {
        var missing = Path.Combine(folder.FullName, "nowhere");

        var (exitCode, _, stderr) = await RazorsProcess.RunAsync(["events", "export", .. Range, "--lake", missing]);

        Assert.Equal(1, exitCode);
        Assert.Equal($"razors: --lake {missing} does not exist.", stderr.TrimEnd());
    }

    [Fact]
    public async Task outside_a_repository_without_lake_the_way_to_name_one_is_given()
    {
        var (exitCode, _, stderr) = await RazorsProcess.RunAsync(["events", "export", .. Range], folder.FullName);

        Assert.Equal(1, exitCode);
        Assert.Contains("is not inside a Razors repository, so there is no local lake to read; use --lake DIR, or --aws --bucket NAME.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task events_without_export_still_shows_a_buses_archive()
    {
        using var host = new StubHttpServer { ResponseContentType = "application/json", ResponseBody = "[]" };

        var (exitCode, stdout, stderr) = await RazorsProcess.RunAsync(["events", "--bus", "razors-stock", "--limit", "5", "--url", host.Url.ToString()]);

        Assert.Equal(0, exitCode);
        Assert.Empty(stderr);
        Assert.Equal("/admin/buses/razors-stock/events", Assert.Single(host.Requests).Path);
        Assert.Contains("0 event(s) on razors-stock.", stdout, StringComparison.Ordinal);
    }
}
