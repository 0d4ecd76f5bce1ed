using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Razors.Cli;

/// <summary>
/// The mail the local host's SMTP sink kept (the notifications service's welcome mails and
/// confirmations): <c>razors mail list</c> and <c>razors mail show</c>.
/// </summary>
internal sealed class MailClient(Uri baseAddress, TextWriter output, TextWriter error)
{
    /// <summary>The newest <paramref name="limit"/> messages (to <paramref name="to"/> only, if given), oldest first; 0, or 1 when the host refused or cannot be reached.</summary>
    public async Task<int> ListAsync(string? to, int limit, CancellationToken cancellationToken)
    {
        var query = string.Create(CultureInfo.InvariantCulture, $"/admin/mail?limit={limit}") + (to is null ? "" : $"&to={Uri.EscapeDataString(to)}");
        var mails = await GetAsync(query, "the mail list", cancellationToken);
        if (mails is null)
        {
            return 1;
        }

        var list = mails.Value.EnumerateArray().ToList();
        if (list.Count == 0)
        {
            await output.WriteLineAsync(to is null ? "No mail yet." : $"No mail to {to}.");
            return 0;
        }

        await output.WriteLineAsync($"{"Received (UTC)",-19}  {"Id",-55}  {"To",-32}  Subject");
        foreach (var mail in list)
        {
            var received = mail.GetProperty("receivedAt").GetDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            var recipients = string.Join(", ", mail.GetProperty("to").EnumerateArray().Select(a => a.GetString()));
            await output.WriteLineAsync($"{received,-19}  {mail.GetProperty("id").GetString(),-55}  {recipients,-32}  {mail.GetProperty("subject").GetString()}");
        }

        await output.WriteLineAsync($"{list.Count} mail{(list.Count == 1 ? "" : "s")}; show one with: razors mail show <id>");
        return 0;
    }

    /// <summary>One message: its headers, then its plain-text part (or its HTML part).</summary>
    public async Task<int> ShowAsync(string id, bool html, CancellationToken cancellationToken)
    {
        var message = await GetAsync($"/admin/mail/{Uri.EscapeDataString(id)}", $"mail '{id}'", cancellationToken);
        if (message is null)
        {
            return 1;
        }

        var mail = message.Value.GetProperty("mail");
        await output.WriteLineAsync($"From:       {mail.GetProperty("from").GetString()}");
        await output.WriteLineAsync($"To:         {string.Join(", ", mail.GetProperty("to").EnumerateArray().Select(a => a.GetString()))}");
        await output.WriteLineAsync($"Subject:    {mail.GetProperty("subject").GetString()}");
        await output.WriteLineAsync($"Received:   {mail.GetProperty("receivedAt").GetDateTimeOffset().UtcDateTime.ToString("O", CultureInfo.InvariantCulture)}");
        await output.WriteLineAsync($"Message-ID: {Text(mail, "messageId")}");
        await output.WriteLineAsync($"Mail id:    {Text(mail, "mailId")}");
        await output.WriteLineAsync();
        await output.WriteLineAsync(Text(message.Value, html ? "html" : "text") ?? $"(no {(html ? "HTML" : "plain-text")} part)");
        return 0;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private async Task<JsonElement?> GetAsync(string path, string what, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(1) };
        using var response = await LocalHostRequests.SendAsync(baseAddress, error, () => http.GetAsync(path, cancellationToken));
        if (response is null)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            await error.WriteLineAsync($"razors: {what} could not be read ({(int)response.StatusCode}): {await LocalHostRequests.ProblemAsync(response, cancellationToken)}");
            return null;
        }

        return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
    }
}
