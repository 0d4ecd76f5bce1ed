using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using static Razors.Lambda.Tests.HttpApiRequests;
using static Razors.Lambda.Tests.Invocations;

namespace Razors.Lambda.Tests.HttpApi;

/// <summary>
/// The payload ↔ ASP.NET Core translation, through a real pipeline whose endpoints echo what they
/// were given and answer what the payload format must carry (cookies, repeated headers, bytes).
/// </summary>
public sealed class when_api_gateway_invokes_an_api_through_the_adapter : IAsyncDisposable
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0xFF];

    private readonly LambdaFunctionHost host = LambdaFunctionHost.CreateHttpApi(Settings(), _ => { }, Map);

    private static void Map(WebApplication app)
    {
        app.MapMethods("/echo/{**rest}", ["GET", "POST"], async (HttpContext context) =>
        {
            var request = context.Request;
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var echo = new JsonObject
            {
                ["method"] = request.Method,
                ["scheme"] = request.Scheme,
                ["pathBase"] = request.PathBase.Value,
                ["path"] = request.Path.Value,
                ["tags"] = new JsonArray([.. request.Query["tag"].Select(t => JsonValue.Create(t))]),
                ["q"] = request.Query["q"].ToString(),
                ["accept"] = new JsonArray([.. request.GetTypedHeaders().Accept.Select(a => JsonValue.Create(a.MediaType.Value))]),
                ["theme"] = request.Cookies["theme"],
                ["session"] = request.Cookies["session"],
                ["remoteIp"] = context.Connection.RemoteIpAddress?.ToString(),
                ["traceIdentifier"] = context.TraceIdentifier,
                ["contentLength"] = request.ContentLength,
                ["body"] = await reader.ReadToEndAsync(context.RequestAborted),
            };
            return Results.Json(echo);
        });
        app.MapGet("/answer", (HttpContext context) =>
        {
            context.Response.Headers.Append("X-Tag", new StringValues(["a", "b"]));
            context.Response.Cookies.Append("session", "abc", new CookieOptions { Path = "/", HttpOnly = true });
            context.Response.Cookies.Append("theme", "dark");
            return Results.Bytes(Png, "image/png");
        });
        app.MapGet("/fails", IResult () => throw new InvalidOperationException("boom"));
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();

    private Task<JsonNode> SendAsync(string request) => InvokeAsync(LambdaEntries.HttpApiAsync, host, request);

    private static JsonNode Body(JsonNode answer) => JsonNode.Parse(answer["body"].Text())!;

    [Fact]
    public async Task method_path_query_cookies_source_ip_and_request_id_reach_the_endpoint()
    {
        var answer = await SendAsync(Request(
            "GET", "/echo/a%20b", rawQueryString: "tag=a&tag=b&q=hello%20world", cookies: ["session=abc", "theme=dark"], requestId: "req-42"));

        Assert.Equal(200, answer["statusCode"]!.GetValue<int>());
        var echo = Body(answer);
        Assert.Equal(("GET", "https", "", "/echo/a b"), (echo["method"].Text(), echo["scheme"].Text(), echo["pathBase"].Text(), echo["path"].Text()));
        Assert.Equal(["a", "b"], echo["tags"]!.AsArray().Select(t => t.Text()));
        Assert.Equal("hello world", echo["q"].Text());
        Assert.Equal(("dark", "abc"), (echo["theme"].Text(), echo["session"].Text()));
        Assert.Equal("198.51.100.7", echo["remoteIp"].Text());
        Assert.Equal("req-42", echo["traceIdentifier"].Text());
    }

    [Fact]
    public async Task a_comma_joined_header_reads_as_its_several_values()
    {
        var answer = await SendAsync(Request("GET", "/echo/x", headers: new() { ["accept"] = "application/json,text/plain" }));

        Assert.Equal(["application/json", "text/plain"], Body(answer)["accept"]!.AsArray().Select(a => a.Text()));
    }

    [Fact]
    public async Task a_base64_body_arrives_decoded_with_its_length()
    {
        var text = "{\"n\":\"é\"}";
        var answer = await SendAsync(Request("POST", "/echo/x", Convert.ToBase64String(Encoding.UTF8.GetBytes(text)), base64: true));

        var echo = Body(answer);
        Assert.Equal(text, echo["body"].Text());
        Assert.Equal(Encoding.UTF8.GetByteCount(text), echo["contentLength"]!.GetValue<long>());
    }

    [Fact]
    public async Task on_a_named_stage_the_stage_is_the_path_base()
    {
        var answer = await SendAsync(Request("GET", "/prod/echo/x", stage: "prod"));

        var echo = Body(answer);
        Assert.Equal(("/prod", "/echo/x"), (echo["pathBase"].Text(), echo["path"].Text()));
    }

    [Fact]
    public async Task repeated_headers_go_comma_joined_cookies_apart_and_bytes_as_base64()
    {
        var answer = await SendAsync(Request("GET", "/answer"));

        Assert.Equal(200, answer["statusCode"]!.GetValue<int>());
        Assert.Equal("a,b", answer["headers"]!["X-Tag"].Text());
        Assert.Null(answer["headers"]!["Set-Cookie"]);
        Assert.Equal(["session=abc; path=/; httponly", "theme=dark; path=/"], answer["cookies"]!.AsArray().Select(c => c.Text()));
        Assert.True(answer["isBase64Encoded"]!.GetValue<bool>());
        Assert.Equal(Png, Convert.FromBase64String(answer["body"].Text()));
    }

    [Fact]
    public async Task an_endpoint_that_throws_is_a_500_problem()
    {
        var answer = await SendAsync(Request("GET", "/fails"));

        Assert.Equal(500, answer["statusCode"]!.GetValue<int>());
        Assert.StartsWith("application/problem+json", answer["headers"]!["Content-Type"].Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_answer_is_written_without_needless_escapes()
    {
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(Request("GET", "/echo/a+b")));
        await using var output = await LambdaEntries.HttpApiAsync(host, input);
        var payload = await new StreamReader(output).ReadToEndAsync(Ct);

        Assert.DoesNotContain("\\u00", payload, StringComparison.Ordinal);
        Assert.Contains("\\\"path\\\":\\\"/echo/a+b\\\"", payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_payload_without_a_method_is_refused_naming_the_field()
    {
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => SendAsync("""{ "version": "1.0", "path": "/echo/x" }"""));

        Assert.Contains("requestContext.http.method", error.Message, StringComparison.Ordinal);
    }
}
