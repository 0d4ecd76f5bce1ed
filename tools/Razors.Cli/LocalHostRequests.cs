using System.Text.Json;

namespace Razors.Cli;

/// <summary>What every client of the local host's HTTP endpoints does alike: reach it, and read a refusal.</summary>
internal static class LocalHostRequests
{
    /// <summary>Sends a request to the local host; null (and a line on <paramref name="error"/> saying how to start it) when it cannot be reached.</summary>
    public static async Task<HttpResponseMessage?> SendAsync(Uri baseAddress, TextWriter error, Func<Task<HttpResponseMessage>> send)
    {
        try
        {
            return await send();
        }
        catch (HttpRequestException e)
        {
            await error.WriteLineAsync($"razors: cannot reach the local host at {baseAddress} ({e.Message}). Start it with ./run.sh, or pass --url.");
            return null;
        }
    }

    /// <summary>A problem-details answer in one line: its title, detail, line and field errors.</summary>
    public static async Task<string> ProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var problem = JsonDocument.Parse(text);
            var root = problem.RootElement;
            var parts = new List<string>();
            foreach (var name in new[] { "title", "detail" })
            {
                if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                {
                    parts.Add(value.GetString()!);
                }
            }

            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                parts.AddRange(errors.EnumerateObject().Select(e => $"{e.Name} {string.Join(" ", e.Value.EnumerateArray().Select(m => m.GetString()))}"));
            }

            return string.Join(" ", parts);
        }
        catch (JsonException)
        {
            return text;
        }
    }
}
