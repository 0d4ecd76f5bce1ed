using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Razors.EndToEnd.Tests;

/// <summary>Import files with known flaws, and the reading of an import's progress.</summary>
internal static class CustomerFiles
{
    private static readonly (string State, string City)[] Regions =
    [
        ("Greater London", "London"), ("Greater London", "Croydon"), ("West Yorkshire", "Leeds"), ("West Yorkshire", "Bradford"),
        ("Greater Manchester", "Manchester"), ("Lothian", "Edinburgh"), ("Merseyside", "Liverpool"),
    ];

    /// <summary>
    /// How long a thousand-row import may take to finish: deadlines, not expectations (it takes about
    /// a minute here), set for a machine busy with other work. Every row also raises a welcome mail,
    /// which shares DynamoDB Local with the import.
    /// </summary>
    public static readonly TimeSpan ImportTimeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long until the consumers of a thousand registrations are done (the notifications consumer,
    /// like the inserter, takes one batch at a time: a welcome per row); a deadline for a busy machine.
    /// </summary>
    public static readonly TimeSpan WelcomeTimeout = TimeSpan.FromMinutes(15);

    /// <summary>
    /// <paramref name="rows"/> rows after the header, CRLF, columns in an unusual order; 20 of them
    /// bad in 6 ways and 5 repeating an earlier row's address in another case: the lines of those 25.
    /// </summary>
    public static (byte[] File, IReadOnlySet<int> Rejected) WithFlaws(string tag, int rows = 1000)
    {
        var text = new StringBuilder("email,name,city,state,postcode\r\n");
        var rejected = new HashSet<int>();
        for (var i = 0; i < rows; i++)
        {
            var line = i + 2;
            var (state, city) = Regions[i % Regions.Length];
            var email = $"{tag}.customer{i}@example.com";
            var name = $"Customer {i}";
            var postcode = $"AB{i % 90 + 10} {i % 9}CD";
            string row;
            switch (i % 50)
            {
                case 7 when i < 250:
                    row = $"{tag}.customer{i}.example.com,{name},{city},{state},{postcode}";
                    break;
                case 7 when i < 450:
                    row = $"{email},,{city},{state},{postcode}";
                    break;
                case 7 when i < 650:
                    row = $"{email},{name},{city},{state}";
                    break;
                case 7 when i < 800:
                    row = $"{email},Customer \"{i}\",{city},{state},{postcode}";
                    break;
                case 7 when i < 900:
                    row = $"{email},{name},{city},{state},AB1;2CD";
                    break;
                case 7:
                    row = $"{email},{name},{city}#2,{state},{postcode}";
                    break;
                case 23 when i < 250:
                    // The address of the row 20 before, in capitals: a duplicate.
                    row = $"{tag.ToUpperInvariant()}.CUSTOMER{i - 20}@EXAMPLE.COM,Someone Else,{city},{state},{postcode}";
                    break;
                default:
                    row = $"{email},\"{name}, Esq.\",{city},{state},{postcode}";
                    break;
            }

            if (i % 50 == 7 || (i % 50 == 23 && i < 250))
            {
                rejected.Add(line);
            }

            text.Append(row).Append("\r\n");
        }

        return (Encoding.UTF8.GetBytes(text.ToString()), rejected);
    }

    public static async Task<HttpResponseMessage> UploadAsync(HttpClient http, byte[] file, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return await http.PostAsync("/customers/imports", content, cancellationToken);
    }

    /// <summary>The import once every row has an outcome.</summary>
    public static async Task<JsonElement> CompletedAsync(HttpClient http, string importId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var import = await http.GetFromJsonAsync<JsonElement>($"/customers/imports/{importId}", cancellationToken);
            if (import.GetProperty("status").GetString() == "Completed")
            {
                return import;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Import {importId} was not done after {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s: {import}");
            await Task.Delay(200, cancellationToken);
        }
    }
}
