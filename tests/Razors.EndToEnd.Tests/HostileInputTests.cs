using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.DependencyInjection;
using Razors.Topology;

namespace Razors.EndToEnd.Tests;

/// <summary>
/// Every bad input gets a clear answer. Hundreds of hostile requests go to every endpoint
/// of the four services and the admin API, over HttpClient and, for what HttpClient will not send
/// (a short body, a malformed chunk), a bare socket.
/// </summary>
public sealed class when_hostile_input_is_sent_to_every_endpoint(LocalHostFixture fixture)
{
    private const string Problem = "application/problem+json";
    private const string ValidCreate = """{"customerId":"cust-hostile","productId":"razor-classic","monthlyPrice":9.99}""";

    /// <summary>Route ids outside the id charset, percent-encoded as a path segment or query value.</summary>
    private static readonly string[] HostileIds =
    [
        "PRODUCT%23x", // '#', the tables' key separator
        "..%2f..%2fx", // a path
        "..%5C..%5Cx", // '\'
        "a%2Fb",
        "a%0Ab", // a newline
        "a%0D%0Ab",
        "a%09b",
        "%E2%80%AEx", // right-to-left override (Cf)
        "a%E2%80%8Bb", // zero-width space (Cf)
        "%EF%BB%BFa", // byte-order mark (Cf)
        "%F0%9F%AA%92", // an emoji
        "caf%C3%A9", // non-ASCII
        "%D0%B0bc", // Cyrillic a, a look-alike
        "%FF", // not UTF-8
        "%C0%AF", // an overlong '/'
        "%ED%A0%80", // a surrogate in UTF-8
        "%20",
        "%20a",
        ".hidden",
        "-x",
        "a%25b",
        "a%3Ab",
        "x%22%3E%3Cscript%3E",
        new string('p', 65),
    ];

    /// <summary>JSON string literals for ids in a body; each is refused as customerId and as productId.</summary>
    private static readonly string[] HostileJsonIds =
    [
        "\"PRODUCT#x\"", "\"../../x\"", "\"..\\\\..\\\\x\"", "\"a/b\"", "\"a\\nb\"", "\"a\\r\\nb\"", "\"a\\tb\"", "\"a\\u0000b\"",
        "\"\\u202Ex\"", "\"a\\u200Bb\"", "\"\\uFEFFa\"", "\"\uD83E\uDE92\"", "\"\\ud83e\\ude92\"", "\"café\"", "\"\u0430bc\"",
        "\"\"", "\" \"", "\" a\"", "\".hidden\"", "\"-x\"", "\"a%2fb\"", "\"a:b\"", $"\"{new string('c', 65)}\"", "42", "[]",
    ];

    /// <summary>Field values (JSON) a registration refuses, each named in a 422.</summary>
    private static readonly (string Field, string Value)[] HostileCustomerFields =
    [
        ("name", "42"), ("name", "[]"), ("name", "{}"), ("name", "true"), ("name", "\"\""), ("name", "\" \""), ("name", "\"a\\u0000b\""),
        ("name", "\"a\\nb\""), ("name", "\"a\\u001bb\""), ("name", $"\"{new string('n', 101)}\""),
        ("email", "\"plain\""), ("email", "\"a@b\""), ("email", "\"Ada <ada@example.com>\""), ("email", "\"a b@example.com\""), ("email", "\"a\\n@example.com\""),
        ("email", $"\"{new string('e', 250)}@example.com\""), ("email", "\"a@@example.com\""), ("email", "7"),
        ("state", "\"\""), ("state", "\"a\\tb\""), ("state", $"\"{new string('s', 65)}\""), ("city", "\"Leith#1\""), ("city", "null"),
        ("postcode", "\"EH6;6QU\""), ("postcode", "\"<script>\""), ("postcode", $"\"{new string('1', 17)}\""), ("postcode", "\"EH6\\u00006QU\""),
    ];

    /// <summary>Region queries refused with a 400 naming the parameter.</summary>
    private static readonly (string Query, string Field)[] HostileRegionQueries =
    [
        ("", "state"), ("?state=", "state"), ("?state=%20", "state"), ("?state=a&state=b", "state"), ("?state=a%00b", "state"), ("?state=a%0Ab", "state"),
        ($"?state={new string('s', 65)}", "state"), ("?state=S&city=a%23b", "city"), ("?state=S&city=a%09b", "city"), ("?city=Leeds", "state"),
        ("?state=S&limit=0", "limit"), ("?state=S&limit=101", "limit"), ("?state=S&limit=-1", "limit"), ("?state=S&limit=1e3", "limit"), ("?state=S&limit=%20", "limit"),
        ("?email=a%40example.com&state=S", "email"), ("?email=", "email"), ("?state=S&sort=name", "sort"), ("?STATE=S", "STATE"),
    ];

    /// <summary>Import files refused as a whole.</summary>
    private static readonly (string Name, byte[] Csv)[] HostileFiles =
    [
        ("empty", []),
        ("no header", "Ada,ada@example.com,S,C,P\n"u8.ToArray()),
        ("the wrong columns", "name,mail,state,city,postcode\nAda,ada@example.com,S,C,P\n"u8.ToArray()),
        ("mixed line endings", "name,email,state,city,postcode\r\nA,a@example.com,S,C,P\nB,b@example.com,S,C,P\n"u8.ToArray()),
        ("a bare CR", "name,email,state,city,postcode\rA,a@example.com,S,C,P\r"u8.ToArray()),
        ("an embedded NUL", "name,email,state,city,postcode\nA\0,a@example.com,S,C,P\n"u8.ToArray()),
        ("a quoted field over lines", "name,email,state,city,postcode\n\"A\nB\",a@example.com,S,C,P\n"u8.ToArray()),
        ("an unclosed quote", "name,email,state,city,postcode\n\"A,a@example.com,S,C,P\n"u8.ToArray()),
        ("not UTF-8", [.. "name,email,state,city,postcode\nJos"u8.ToArray(), 0xE9, .. ",j@example.com,S,C,P\n"u8.ToArray()]),
        ("binary", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00]),
        ("a header only", "name,email,state,city,postcode\n"u8.ToArray()),
    ];

    /// <summary>Bodies that are not a JSON object of Unicode text.</summary>
    private static readonly byte[][] MalformedBodies =
    [
        .. new[]
        {
            """{"customerId":"\ud800","productId":"razor-classic","monthlyPrice":9.99}""",
            """{"customerId":"\udc00x","productId":"razor-classic","monthlyPrice":9.99}""",
            """{"customerId":"\udc00\ud800","productId":"razor-classic","monthlyPrice":9.99}""",
            """{"customerId":"c","productId":"razor-classic","monthlyPrice":9.99,"\ud800":1}""",
            """{"\udbff":1,"unitsOnHand":1}""",
            """{""",
            """nul""",
            """[]""",
            "\"text\"",
            """{"unitsOnHand":1}{""",
            """{"unitsOnHand":1,}""",
            """{"unitsOnHand":NaN}""",
            """{"unitsOnHand":1 /* comment */}""",
            new string('[', 70) + new string(']', 70), // deeper than the reader's 64 levels
            "",
        }.Select(Encoding.UTF8.GetBytes),
        .. new[]
        {
            new byte[] { 0xFF, 0xFE },
            [0xC0, 0xAF],
            [0xE2, 0x82],
            [0xED, 0xA0, 0x80],
            [0xF8, 0x88, 0x80, 0x80, 0x80],
        }.SelectMany(bad => new[]
        {
            Concat("{\"customerId\":\"c", bad, "\",\"productId\":\"razor-classic\",\"monthlyPrice\":9.99}"),
            Concat("{\"", bad, "\":1,\"unitsOnHand\":1}"),
        }),
    ];

    private static readonly string[] HostileLimits =
        ["0", "-1", "1001", "abc", "1.5", "", "1e3", "+5", "%205", "99999999999", "0x10", "1&limit=2"];

    private static readonly string[] HostileSubscriptionQueries =
    [
        "", "?subscriptionId=", "?subscriptionId=0199b6a5-1d2c-7000-8000-000000000000&subscriptionId=0199b6a5-1d2c-7000-8000-000000000001",
        "?subscriptionId=0199b6a51d2c70008000000000000000", "?subscriptionId=%7B0199b6a5-1d2c-7000-8000-000000000000%7D",
    ];

    private static readonly string[] MalformedChunks = ["zz\r\n{}\r\n0\r\n\r\n", "-1\r\n{}\r\n0\r\n\r\n", "fffffffffffffffffff\r\n{}\r\n0\r\n\r\n", "2\r\n{}xx\r\n0\r\n\r\n", "2{}\r\n0\r\n\r\n"];

    /// <summary>
    /// Requests Kestrel refuses while it reads the request line or the headers, before any of the
    /// host's code runs: it answers 400 itself, with no body.
    /// </summary>
    private static readonly string[] RefusedByKestrel =
    [
        "GET /stock/a%00b HTTP/1.1", "GET /payments/a%00b HTTP/1.1", "GET /stock/razor-pro HTTP/1.1 junk", "GET /stock/raz or HTTP/1.1",
        "GET /stock/razor-pro HTTP/1.1\r\nBad Header: x",
        "POST /subscriptions HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6", "POST /subscriptions HTTP/1.1\r\nContent-Length: -1",
    ];

    /// <summary>One hostile request and the statuses it may get; <c>ByKestrel</c>: answered before the host's code, with no body.</summary>
    private sealed record Probe(string Name, Func<CancellationToken, Task<RawAnswer>> Send, int[] Statuses, string? Field = null, bool ByKestrel = false);

    [Fact]
    public async Task every_answer_is_a_4xx_problem_naming_the_field_and_nothing_is_stored_or_published()
    {
        var ct = TestContext.Current.CancellationToken;
        await fixture.Host.Cloud.WaitUntilIdleAsync(TimeSpan.FromSeconds(60), ct);
        var before = await StateAsync(ct);
        var probes = Probes().ToList();

        var wrong = new List<string>();
        foreach (var probe in probes)
        {
            var answer = await probe.Send(ct);
            if (Check(probe, answer) is { } why)
            {
                wrong.Add($"{probe.Name}: {why} ({answer.Status} {answer.MediaType} {answer.Body})");
            }
        }

        await fixture.Host.Cloud.WaitUntilIdleAsync(TimeSpan.FromSeconds(60), ct);
        Assert.True(probes.Count >= 300, $"Only {probes.Count} hostile requests.");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.Equal(before, await StateAsync(ct));
    }

    private IEnumerable<Probe> Probes()
    {
        foreach (var id in HostileIds)
        {
            yield return Http($"GET /stock/{id}", HttpMethod.Get, $"/stock/{id}", 400, "productId");
            yield return Http($"PUT /stock/{id}", HttpMethod.Put, $"/stock/{id}", 422, "productId", Json("""{"unitsOnHand":1}"""));
            yield return Http($"GET /stock/allocations/{id}", HttpMethod.Get, $"/stock/allocations/{id}", 400, "subscriptionId");
            yield return Http($"GET /subscriptions/{id}", HttpMethod.Get, $"/subscriptions/{id}", 400, "id");
            yield return Http($"DELETE /subscriptions/{id}", HttpMethod.Delete, $"/subscriptions/{id}", 400, "id");
            yield return Http($"GET /payments/{id}", HttpMethod.Get, $"/payments/{id}", 400, "id");
            yield return Http($"POST /payments/{id}/cancel", HttpMethod.Post, $"/payments/{id}/cancel", 400, "id");
            yield return Http($"GET /payments?subscriptionId={id}", HttpMethod.Get, $"/payments?subscriptionId={id}", 400, "subscriptionId");
            yield return Http($"GET /customers/{id}", HttpMethod.Get, $"/customers/{id}", 400, "id");
            yield return Http($"GET /customers/imports/{id}", HttpMethod.Get, $"/customers/imports/{id}", 400, "id");
            yield return Http($"GET /customers?state=S&cursor={id}", HttpMethod.Get, $"/customers?state=S&cursor={id}", 400, "cursor");
            // Admin names are not client ids: an unknown one is not found (or refused by the queue service).
            yield return Http($"GET /admin/buses/{id}/events", HttpMethod.Get, $"/admin/buses/{id}/events", [404]);
            yield return Http($"GET /admin/queues/{id}/messages", HttpMethod.Get, $"/admin/queues/{id}/messages", [400, 404]);
            yield return Http($"POST /admin/queues/{id}/redrive", HttpMethod.Post, $"/admin/queues/{id}/redrive", [400, 404]);
        }

        foreach (var id in HostileJsonIds)
        {
            yield return Http($"POST /subscriptions customerId={id}", HttpMethod.Post, "/subscriptions", 422, "customerId",
                Json($$"""{"customerId":{{id}},"productId":"razor-classic","monthlyPrice":9.99}"""));
            yield return Http($"POST /subscriptions productId={id}", HttpMethod.Post, "/subscriptions", 422, "productId",
                Json($$"""{"customerId":"cust-hostile","productId":{{id}},"monthlyPrice":9.99}"""));
        }

        foreach (var (field, value) in HostileCustomerFields)
        {
            var fields = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["name"] = "\"Hostile Person\"", ["email"] = "\"hostile@example.com\"", ["state"] = "\"Lothian\"", ["city"] = "\"Leith\"", ["postcode"] = "\"EH6 6QU\"",
            };
            fields[field] = value;
            yield return Http($"POST /customers {field}={value}", HttpMethod.Post, "/customers", 422, field,
                Json("{" + string.Join(",", fields.Select(f => $"\"{f.Key}\":{f.Value}")) + "}"));
        }

        foreach (var query in HostileRegionQueries)
        {
            yield return Http($"GET /customers{query.Query}", HttpMethod.Get, $"/customers{query.Query}", 400, query.Field);
        }

        yield return Http("POST /customers as text/plain", HttpMethod.Post, "/customers", 415, content: new StringContent("""{"name":"x"}"""));
        yield return Http("POST /customers over 4 KB", HttpMethod.Post, "/customers", 413, content: Json($"{{\"name\":\"{new string('n', 5000)}\"}}"));
        yield return Http("POST /customers/imports as JSON", HttpMethod.Post, "/customers/imports", 415, content: Json("""{"name":"x"}"""));
        yield return Http("POST /customers/imports latin1", HttpMethod.Post, "/customers/imports", 415,
            content: new ByteArrayContent("name\n"u8.ToArray()) { Headers = { ContentType = MediaTypeHeaderValue.Parse("text/csv; charset=iso-8859-1") } });
        foreach (var (name, csv) in HostileFiles)
        {
            yield return Http($"POST /customers/imports {name}", HttpMethod.Post, "/customers/imports", 422,
                content: new ByteArrayContent(csv) { Headers = { ContentType = MediaTypeHeaderValue.Parse("text/csv") } });
        }

        foreach (var body in MalformedBodies)
        {
            var name = Convert.ToHexString(body.AsSpan(0, Math.Min(body.Length, 24)));
            yield return Http($"POST /customers body {name}", HttpMethod.Post, "/customers", 400, content: Bytes(body));
            yield return Http($"POST /subscriptions body {name}", HttpMethod.Post, "/subscriptions", 400, content: Bytes(body));
            yield return Http($"PUT /stock/razor-pro body {name}", HttpMethod.Put, "/stock/razor-pro", 400, content: Bytes(body));
        }

        yield return Http("PUT /stock/razor-pro unitsOnHand 1e400", HttpMethod.Put, "/stock/razor-pro", 422, "unitsOnHand", Json("""{"unitsOnHand":1e400}"""));
        yield return Http("POST /subscriptions monthlyPrice 1e400", HttpMethod.Post, "/subscriptions", 422, "monthlyPrice",
            Json("""{"customerId":"c","productId":"razor-classic","monthlyPrice":1e400}"""));
        yield return Http("POST /subscriptions as text/plain", HttpMethod.Post, "/subscriptions", 415, content: new StringContent(ValidCreate));
        yield return Http("PUT /stock/razor-pro as a form", HttpMethod.Put, "/stock/razor-pro", 415,
            content: new FormUrlEncodedContent([new("unitsOnHand", "1")]));
        yield return Http("POST /subscriptions over 16 KB", HttpMethod.Post, "/subscriptions", 413,
            content: Json(ValidCreate.Replace("}", $",\"pad\":\"{new string(' ', 17 * 1024)}\"}}", StringComparison.Ordinal)));
        yield return Http("PUT /stock/razor-pro over 1 KB", HttpMethod.Put, "/stock/razor-pro", 413,
            content: Json($"{{\"unitsOnHand\":1,\"pad\":\"{new string(' ', 2048)}\"}}"));

        foreach (var (header, value) in new[]
        {
            ("Idempotency-Key", new string('k', 256)), ("Idempotency-Key", "a b"), ("Idempotency-Key", ""),
            ("X-Correlation-Id", new string('c', 129)), ("X-Correlation-Id", "a b"), ("X-Correlation-Id", ""),
        })
        {
            yield return Http($"POST /subscriptions {header} '{value[..Math.Min(value.Length, 8)]}'", HttpMethod.Post, "/subscriptions", 400, header,
                Json(ValidCreate), (header, [value]));
        }

        yield return Http("POST /subscriptions two Idempotency-Keys", HttpMethod.Post, "/subscriptions", 400, "Idempotency-Key",
            Json(ValidCreate), ("Idempotency-Key", ["k1", "k2"]));

        foreach (var limit in HostileLimits)
        {
            yield return Http($"GET bus events limit={limit}", HttpMethod.Get, $"/admin/buses/{SubscriptionTopology.Bus.Name}/events?limit={limit}", 400, "limit");
            yield return Http($"GET DLQ messages limit={limit}", HttpMethod.Get, $"/admin/queues/{StockTopology.InboundDeadLetterQueue.Name}/messages?limit={limit}", 400, "limit");
        }

        foreach (var query in HostileSubscriptionQueries)
        {
            yield return Http($"GET /payments{query}", HttpMethod.Get, $"/payments{query}", 400, "subscriptionId");
        }

        foreach (var head in RefusedByKestrel)
        {
            yield return Raw(head.ReplaceLineEndings(" "), head, "", halfClose: false, [400]) with { ByKestrel = true };
        }

        foreach (var (path, method) in new[] { ("/subscriptions", "POST"), ("/stock/razor-pro", "PUT"), ("/customers", "POST") })
        {
            // Kestrel waits for the missing bytes until they arrive too slowly (MinRequestBodyDataRate), then answers 408.
            yield return Raw($"{method} {path} shorter than its Content-Length", $"{method} {path} HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 100",
                """{"unitsOnHand":""", halfClose: false, [408]);
            // A client that says it has sent everything has gone: Kestrel closes without an answer, or answers 400.
            yield return Raw($"{method} {path} shorter than its Content-Length, then closed", $"{method} {path} HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 100",
                """{"unitsOnHand":""", halfClose: true, [0, 400]);
            foreach (var chunk in MalformedChunks)
            {
                yield return Raw($"{method} {path} chunked {chunk[..4].ReplaceLineEndings("\\n")}", $"{method} {path} HTTP/1.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked",
                    chunk, halfClose: false, [400]);
            }
        }
    }

    private static string? Check(Probe probe, RawAnswer answer)
    {
        if (!probe.Statuses.Contains(answer.Status))
        {
            return $"expected {string.Join(" or ", probe.Statuses)}";
        }

        if (answer.Status == 0 || (probe.ByKestrel && answer.Body.Length == 0))
        {
            return null;
        }

        if (answer.MediaType != Problem)
        {
            return "not problem details";
        }

        using var problem = JsonDocument.Parse(answer.Body);
        if (!problem.RootElement.TryGetProperty("status", out var status) || status.GetInt32() != answer.Status)
        {
            return "the problem's status is not the response's";
        }

        if (probe.Field is not null
            && !(problem.RootElement.TryGetProperty("errors", out var errors) && errors.TryGetProperty(probe.Field, out _)))
        {
            return $"{probe.Field} is not named in errors";
        }

        return null;
    }

    private Probe Http(string name, HttpMethod method, string path, int status, string? field = null, HttpContent? content = null, (string Header, string[] Values)? header = null) =>
        Http(name, method, path, [status], field, content, header);

    private Probe Http(string name, HttpMethod method, string path, int[] statuses, string? field = null, HttpContent? content = null, (string Header, string[] Values)? header = null) =>
        new(name, async ct =>
        {
            using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
            if (header is { } sent)
            {
                request.Headers.TryAddWithoutValidation(sent.Header, sent.Values);
            }

            using var response = await fixture.Http.SendAsync(request, ct);
            return new RawAnswer((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(ct));
        }, statuses, field);

    private Probe Raw(string name, string head, string body, bool halfClose, int[] statuses) =>
        new(name, ct => RawHttp.SendAsync(fixture.Host.BaseAddress, head, Encoding.UTF8.GetBytes(body), halfClose, ct), statuses);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static ByteArrayContent Bytes(byte[] body) => new(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };

    private static byte[] Concat(string head, byte[] middle, string tail) =>
        [.. Encoding.UTF8.GetBytes(head), .. middle, .. Encoding.UTF8.GetBytes(tail)];

    /// <summary>
    /// What a hostile request could have changed: the items of both tables, every bus's archive
    /// (newest 1000 event ids), every queue's depth and the seeded products' units.
    /// </summary>
    private async Task<string> StateAsync(CancellationToken ct)
    {
        var state = new StringBuilder();
        var dynamoDb = fixture.Host.Services.GetRequiredService<IAmazonDynamoDB>();
        foreach (var table in new[] { SubscriptionTopology.Table.Name, StockTopology.Table.Name, CustomersTopology.Table.Name, CustomersTopology.RegionTable.Name })
        {
            var scan = await dynamoDb.ScanAsync(new ScanRequest { TableName = table, Select = Select.COUNT }, ct);
            state.AppendLine($"{table}: {scan.Count} items");
        }

        foreach (var bus in new[] { SubscriptionTopology.Bus.Name, StockTopology.Bus.Name, PaymentsTopology.Bus.Name, CustomersTopology.Bus.Name })
        {
            var events = await Admin.BusEventsAsync(fixture.Http, bus, ct);
            state.AppendLine($"{bus}: {string.Join(",", events.Select(e => e.EventId()))}");
        }

        foreach (var queue in fixture.Host.Cloud.Queues.ListQueues())
        {
            state.AppendLine($"{queue}: {fixture.Host.Cloud.Queues.GetStats(queue).Total}");
        }

        foreach (var product in new[] { "razor-classic", "razor-pro", "razor-travel" })
        {
            state.AppendLine($"{product}: {await Saga.UnitsOnHandAsync(fixture.Http, product, ct)}");
        }

        return state.ToString();
    }
}
