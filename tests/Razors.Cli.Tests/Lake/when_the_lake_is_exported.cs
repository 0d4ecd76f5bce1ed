using System.Text;
using System.Text.Json;
using Razors.Cli.Lake;
using static Razors.Cli.Tests.Lake.LakeFiles;

namespace Razors.Cli.Tests.Lake;

/// <summary>
/// The export over a real folder laid out as the lake: the range's day partitions (and the next
/// day's, for late arrivals), each event once by detail.metadata.eventId, sorted by time; what is
/// not an event is skipped and named by file and line.
/// </summary>
public sealed class when_the_lake_is_exported : IDisposable
{
    private static readonly DateOnly Day1 = new(2026, 12, 1);
    private static readonly DateOnly Day2 = new(2026, 12, 2);
    private static readonly DateTimeOffset From = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = new(2026, 12, 2, 0, 0, 0, TimeSpan.Zero);
    private readonly DirectoryInfo lake = Directory.CreateTempSubdirectory("razors-lake-export-");

    public void Dispose() => lake.Delete(recursive: true);

    private async Task<(ExportSummary Summary, List<JsonElement> Events)> ExportAsync(DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        using var output = new StringWriter();
        var summary = await new LakeExport(new FolderLakeStore(lake.FullName)).ExportAsync(Bus, from ?? From, to ?? To, output, TestContext.Current.CancellationToken);
        var text = output.ToString();
        Assert.True(text.Length == 0 || text.EndsWith('\n'), "The export ends with a newline.");
        return (summary, [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())]);
    }

    private static string EventId(JsonElement e) => e.GetProperty("detail").GetProperty("metadata").GetProperty("eventId").GetString()!;

    [Fact]
    public async Task each_event_is_written_once_sorted_by_time_keeping_the_first_copy_read()
    {
        Write(lake.FullName, Key(Day1, "razors-stock-lake-2026-12-01-09-a.jsonl"), Lines(
            Event("e2", "2026-12-01T09:30:00Z", id: "first-put"),
            Event("e1", "2026-12-01T09:00:00Z"),
            Event("e2", "2026-12-01T09:30:00Z", id: "redelivered")));
        Write(lake.FullName, Key(Day1, "razors-stock-lake-2026-12-01-10-b.jsonl"), Lines(
            Event("e2", "2026-12-01T09:30:00Z", id: "retried-put"),
            Event("e0", "2026-12-01T08:00:00Z"),
            Event("e1", "2026-12-01T09:00:00Z", replayName: "again")));

        var (summary, events) = await ExportAsync();

        Assert.Equal(["e0", "e1", "e2"], events.Select(EventId));
        Assert.Equal("first-put", events[2].GetProperty("id").GetString());
        Assert.False(events[1].TryGetProperty("replay-name", out _));
        Assert.Equal((2, 6L, 3, 3, 0), (summary.Files, summary.Lines, summary.Exported, summary.Duplicates, summary.OutsideRange));
        Assert.Empty(summary.Unreadable);
    }

    [Fact]
    public async Task a_torn_last_line_and_lines_that_are_not_events_are_skipped_by_file_and_line()
    {
        var key = Key(Day1, "razors-stock-lake-2026-12-01-09-a.jsonl");
        var torn = Event("e3", "2026-12-01T09:45:00Z")[..40];
        Write(lake.FullName, key, [
            .. Lines(Event("e1", "2026-12-01T09:00:00Z"), "", """{"hello":"world"}""", """{"time":"2026-12-01T09:10:00Z","detail":{}}""", Event("e2", "2026-12-01T09:30:00Z")),
            .. Encoding.UTF8.GetBytes(torn)]);

        var (summary, events) = await ExportAsync();

        Assert.Equal(["e1", "e2"], events.Select(EventId));
        Assert.Collection(
            summary.Unreadable,
            u => Assert.Equal($"{key}:3: not an event: no time", u),
            u => Assert.Equal($"{key}:4: not a Razors event: no detail.metadata.eventId", u),
            u => Assert.StartsWith($"{key}:6: not JSON", u, StringComparison.Ordinal));
        Assert.Equal(5, summary.Lines);
    }

    [Fact]
    public async Task gzip_objects_are_read_including_several_members_and_records_without_a_newline_between_them()
    {
        // Firehose writes one object per buffer; a record that does not end in a newline runs into the next one.
        Write(lake.FullName, Key(Day1, "razors-stock-lake-1-2026-12-01-09-05-00-a.gz"), Gzip(
            Lines(Event("e1", "2026-12-01T09:00:00Z")),
            Encoding.UTF8.GetBytes(Event("e2", "2026-12-01T09:01:00Z") + Event("e3", "2026-12-01T09:02:00Z"))));
        Write(lake.FullName, Key(Day1, "razors-stock-lake-1-2026-12-01-09-10-00-b.gz"), Gzip(Lines(Event("e4", "2026-12-01T09:03:00Z"))));

        var (summary, events) = await ExportAsync();

        Assert.Equal(["e1", "e2", "e3", "e4"], events.Select(EventId));
        Assert.Equal(2, summary.Files);
        Assert.Empty(summary.Unreadable);
    }

    [Fact]
    public async Task a_cut_short_gzip_object_keeps_what_came_before_and_is_reported()
    {
        var key = Key(Day1, "razors-stock-lake-1-2026-12-01-09-05-00-a.gz");
        var whole = Gzip(Lines([.. Enumerable.Range(0, 2000).Select(n => Event($"e{n:D4}", "2026-12-01T09:00:00Z"))]));
        Write(lake.FullName, key, whole[..(whole.Length / 2)]);

        var (summary, events) = await ExportAsync();

        Assert.InRange(events.Count, 1, 1999);
        Assert.Contains(summary.Unreadable, u => u.StartsWith(key + ":", StringComparison.Ordinal));
    }

    [Fact]
    public async Task from_is_inclusive_to_is_exclusive_and_only_the_ranges_partitions_and_the_next_days_are_read()
    {
        Write(lake.FullName, Key(Day1.AddDays(-1), "razors-stock-lake-2026-11-30-23-a.jsonl"), Lines(Event("before-the-range-partition", "2026-12-01T10:00:00Z")));
        Write(lake.FullName, Key(Day1, "razors-stock-lake-2026-12-01-10-a.jsonl"), Lines(
            Event("at-from", "2026-12-01T10:00:00Z"),
            Event("just-before-from", "2026-12-01T09:59:59.999Z"),
            Event("at-to", "2026-12-01T12:00:00Z"),
            Event("just-before-to", "2026-12-01T11:59:59Z")));
        Write(lake.FullName, Key(Day2, "razors-stock-lake-2026-12-02-00-a.jsonl"), Lines(Event("arrived-a-day-later", "2026-12-01T11:00:00Z")));
        Write(lake.FullName, Key(Day2.AddDays(1), "razors-stock-lake-2026-12-03-00-a.jsonl"), Lines(Event("arrived-two-days-later", "2026-12-01T11:00:00Z")));
        Write(lake.FullName, Key(Day1, "razors-payments-lake-2026-12-01-10-a.jsonl", bus: "razors-payments"), Lines(Event("another-bus", "2026-12-01T10:30:00Z")));

        var (summary, events) = await ExportAsync(From.AddHours(10), From.AddHours(12));

        Assert.Equal(["at-from", "arrived-a-day-later", "just-before-to"], events.Select(EventId));
        Assert.Equal(["bus=razors-stock/year=2026/month=12/day=01/", "bus=razors-stock/year=2026/month=12/day=02/"], summary.Partitions);
        Assert.Equal((2, 2), (summary.Files, summary.OutsideRange));
    }

    [Fact]
    public async Task a_range_ending_at_midnight_does_not_read_that_days_partition_as_its_own()
    {
        Assert.Equal([Day1, Day2], LakeExport.Days(From, To));
        Assert.Equal([Day1, Day2, Day2.AddDays(1)], LakeExport.Days(From, To.AddTicks(1)));

        var (summary, events) = await ExportAsync();

        Assert.Empty(events);
        Assert.Equal(0, summary.Files);
    }
}
