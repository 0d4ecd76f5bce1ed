using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Razors.Cli;

/// <summary>
/// The customers service's bulk import and region queries, and the replica's repair, through a
/// running local host: <c>razors import customers</c> and <c>razors customers …</c>.
/// </summary>
internal sealed class CustomersClient(Uri baseAddress, TextWriter output, TextWriter error, bool interactive)
{
    /// <summary>The service's limit (services/customers/Razors.Customers/Features/BulkImport/CustomerCsv.cs).</summary>
    public const long MaxFileBytes = 5 * 1024 * 1024;

    private const int BarWidth = 30;
    private const int RejectionsShown = 50;

    /// <summary>How often the progress is read while an import runs.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Uploads <paramref name="file"/>, then, unless <paramref name="wait"/> is false, shows the
    /// import's progress until every row has an outcome and lists the rejected lines. 0 when the
    /// import is done (rejections included), 1 when the file was refused or the host cannot be reached.
    /// </summary>
    public async Task<int> ImportAsync(FileInfo file, bool wait, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!file.Exists)
        {
            await error.WriteLineAsync($"razors: no file '{file.FullName}'.");
            return 1;
        }

        if (file.Length > MaxFileBytes)
        {
            await error.WriteLineAsync($"razors: '{file.Name}' is {file.Length} bytes; an import takes at most {MaxFileBytes} bytes (5 MiB). Split it and import each part.");
            return 1;
        }

        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
        using var content = new ByteArrayContent(await File.ReadAllBytesAsync(file.FullName, cancellationToken));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
        using var response = await SendAsync(() => http.PostAsync("/customers/imports", content, cancellationToken));
        if (response is null)
        {
            return 1;
        }

        if (!response.IsSuccessStatusCode)
        {
            await error.WriteLineAsync($"razors: the file was refused ({(int)response.StatusCode}): {await ProblemAsync(response, cancellationToken)}");
            return 1;
        }

        var import = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var id = import.GetProperty("id").GetString()!;
        await output.WriteLineAsync(response.StatusCode == HttpStatusCode.Accepted
            ? $"Import {id}: {import.GetProperty("total")} rows accepted from {file.Name}."
            : $"Import {id}: this file was imported before; nothing new is registered.");
        if (!wait)
        {
            await output.WriteLineAsync($"Follow it with: GET {new Uri(baseAddress, $"/customers/imports/{id}")}");
            return 0;
        }

        var deadline = DateTime.UtcNow + timeout;
        var lastShown = -1;
        while (import.GetProperty("status").GetString() != "Completed")
        {
            lastShown = await ShowProgressAsync(import, lastShown);
            if (DateTime.UtcNow > deadline)
            {
                await error.WriteLineAsync($"razors: import {id} still has {import.GetProperty("pending")} pending rows after {timeout.TotalSeconds:0} s; it goes on in the host.");
                return 1;
            }

            await Task.Delay(PollInterval, cancellationToken);
            using var poll = await SendAsync(() => http.GetAsync($"/customers/imports/{id}", cancellationToken));
            if (poll is null || !poll.IsSuccessStatusCode)
            {
                await error.WriteLineAsync($"razors: the progress of import {id} could not be read{(poll is null ? "" : $" ({(int)poll.StatusCode}): {await ProblemAsync(poll, cancellationToken)}")}.");
                return 1;
            }

            import = await poll.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        }

        await ShowProgressAsync(import, lastShown);
        if (interactive)
        {
            await output.WriteLineAsync();
        }

        await ShowSummaryAsync(import);
        return 0;
    }

    /// <summary>Every customer of a state (and city) from the region replica, page by page.</summary>
    public async Task<int> ListAsync(string state, string? city, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = baseAddress };
        string? cursor = null;
        var count = 0;
        do
        {
            var query = $"/customers?state={Uri.EscapeDataString(state)}&limit=100"
                + (city is null ? "" : $"&city={Uri.EscapeDataString(city)}")
                + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            using var response = await SendAsync(() => http.GetAsync(query, cancellationToken));
            if (response is null || !response.IsSuccessStatusCode)
            {
                await error.WriteLineAsync(response is null ? "" : $"razors: the query was refused ({(int)response.StatusCode}): {await ProblemAsync(response, cancellationToken)}");
                return 1;
            }

            var page = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            foreach (var customer in page.GetProperty("items").EnumerateArray())
            {
                count++;
                await output.WriteLineAsync($"{customer.GetProperty("city").GetString(),-20} {customer.GetProperty("name").GetString(),-30} {customer.GetProperty("email").GetString()}  {customer.GetProperty("id")}");
            }

            cursor = page.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
        }
        while (cursor is not null);

        await output.WriteLineAsync($"{count} customer(s) in {(city is null ? "" : city + ", ")}{state}.");
        return 0;
    }

    /// <summary>Rebuilds the region replica from the customers table.</summary>
    public async Task<int> BackfillAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(30) };
        using var response = await SendAsync(() => http.PostAsync("/admin/customers/replica/backfill", null, cancellationToken));
        if (response is null || !response.IsSuccessStatusCode)
        {
            await error.WriteLineAsync(response is null ? "" : $"razors: the backfill failed ({(int)response.StatusCode}): {await ProblemAsync(response, cancellationToken)}");
            return 1;
        }

        var result = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        await output.WriteLineAsync(
            $"Read {result.GetProperty("read")} customer(s); wrote {result.GetProperty("written")} replica entries (the others were current); removed {result.GetProperty("removed")} of customers that are gone.");
        return 0;
    }

    /// <summary>Compares the replica with the customers table: 0 when they agree, 2 when they differ.</summary>
    public async Task<int> CheckAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(30) };
        using var response = await SendAsync(() => http.GetAsync("/admin/customers/replica/check", cancellationToken));
        if (response is null || !response.IsSuccessStatusCode)
        {
            await error.WriteLineAsync(response is null ? "" : $"razors: the check failed ({(int)response.StatusCode}): {await ProblemAsync(response, cancellationToken)}");
            return 1;
        }

        var check = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        await output.WriteLineAsync($"{check.GetProperty("sourceCount")} customer(s) in the table, {check.GetProperty("replicaCount")} in the region replica.");
        var differences = 0;
        foreach (var (name, what) in new[] { ("missing", "missing from the replica"), ("different", "different in the replica"), ("extra", "in the replica only") })
        {
            var ids = check.GetProperty(name).EnumerateArray().Select(i => i.GetString()).ToList();
            differences += ids.Count;
            if (ids.Count > 0)
            {
                await output.WriteLineAsync($"{ids.Count} {what}: {string.Join(", ", ids.Take(20))}{(ids.Count > 20 ? ", …" : "")}");
            }
        }

        await output.WriteLineAsync(differences == 0 ? "The replica matches the table." : "Run `razors customers replica backfill` to repair it.");
        return differences == 0 ? 0 : 2;
    }

    private async Task<int> ShowProgressAsync(JsonElement import, int lastShown)
    {
        var total = import.GetProperty("total").GetInt32();
        var done = total - import.GetProperty("pending").GetInt32();
        var percent = total == 0 ? 100 : done * 100 / total;
        var line = string.Create(CultureInfo.InvariantCulture, $"[{new string('#', percent * BarWidth / 100),-BarWidth}] {percent,3}%  {done}/{total} rows: {import.GetProperty("registered")} registered, {import.GetProperty("rejected")} rejected");
        if (interactive)
        {
            await output.WriteAsync("\r" + line);
        }
        else if (percent / 10 != lastShown / 10 || lastShown < 0)
        {
            // Redirected: a line per tenth, not a carriage-return animation.
            await output.WriteLineAsync(line);
        }
        else
        {
            return lastShown;
        }

        return percent;
    }

    private async Task ShowSummaryAsync(JsonElement import)
    {
        var rejections = import.GetProperty("rejections").EnumerateArray().ToList();
        await output.WriteLineAsync($"Import {import.GetProperty("id").GetString()} done: {import.GetProperty("registered")} registered, {rejections.Count} rejected.");
        foreach (var rejection in rejections.Take(RejectionsShown))
        {
            await output.WriteLineAsync($"  line {rejection.GetProperty("line"),6}  {rejection.GetProperty("field").GetString(),-9} {rejection.GetProperty("reason").GetString()}");
        }

        if (rejections.Count > RejectionsShown)
        {
            await output.WriteLineAsync($"  … and {rejections.Count - RejectionsShown} more: GET {new Uri(baseAddress, $"/customers/imports/{import.GetProperty("id").GetString()}")} lists them all.");
        }
    }

    private Task<HttpResponseMessage?> SendAsync(Func<Task<HttpResponseMessage>> send) => LocalHostRequests.SendAsync(baseAddress, error, send);

    private static Task<string> ProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken) => LocalHostRequests.ProblemAsync(response, cancellationToken);
}
