using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Razors.Testing;

namespace Razors.Customers.Tests.Api;

public sealed class when_the_customers_api_is_called(DynamoDbLocalFixture dynamo)
{
    private static object Ada(string email = "ada@example.com") =>
        new { name = "Ada Lovelace", email, state = "Greater London", city = "London", postcode = "SW1A 1AA" };

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, object body, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/customers") { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static Task<HttpResponseMessage> UploadAsync(HttpClient http, string csv, string contentType = "text/csv")
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return http.PostAsync("/customers/imports", content, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task a_registration_is_created_found_by_id_and_address_and_a_second_one_of_the_address_is_a_409_naming_it()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await CustomersApiHost.StartAsync(dynamo, ct);

        using var created = await PostAsync(host.Client, Ada());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var customer = await created.Content.ReadFromJsonAsync<JsonElement>(ct);
        var id = customer.GetProperty("id").GetString();
        Assert.Equal($"/customers/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("SW1A 1AA", customer.GetProperty("postcode").GetString());

        var read = await host.Client.GetFromJsonAsync<JsonElement>($"/customers/{id}", ct);
        Assert.Equal("ada@example.com", read.GetProperty("email").GetString());
        var found = await host.Client.GetFromJsonAsync<JsonElement>("/customers?email=ADA%40example.com", ct);
        Assert.Equal(id, Assert.Single(found.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        Assert.Empty((await host.Client.GetFromJsonAsync<JsonElement>("/customers?email=nobody%40example.com", ct)).GetProperty("items").EnumerateArray());

        using var again = await PostAsync(host.Client, Ada("Ada@Example.COM"));
        var problem = await ProblemAsync(again, HttpStatusCode.Conflict);
        Assert.Equal("Ada@Example.COM", problem.GetProperty("email").GetString());
        Assert.Contains("Ada@Example.COM", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_same_idempotency_key_answers_200_with_the_same_customer_and_a_different_request_under_it_a_422()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await CustomersApiHost.StartAsync(dynamo, ct);

        using var first = await PostAsync(host.Client, Ada(), key: "retry-1");
        using var second = await PostAsync(host.Client, Ada(), key: "retry-1");
        using var other = await PostAsync(host.Client, Ada("grace@example.com"), key: "retry-1");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(
            (await first.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString(),
            (await second.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString());
        Assert.Equal("Idempotency-Key reused.", (await ProblemAsync(other, HttpStatusCode.UnprocessableEntity)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task bad_requests_get_problem_details_naming_what_is_wrong()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await CustomersApiHost.StartAsync(dynamo, ct);

        var invalid = await ProblemAsync(await PostAsync(host.Client, new { name = "", email = "x", state = 1, town = "London" }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["city", "email", "name", "postcode", "state", "town"], invalid.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());

        using var text = new StringContent("name=Ada", Encoding.UTF8, "text/plain");
        await ProblemAsync(await host.Client.PostAsync("/customers", text, ct), HttpStatusCode.UnsupportedMediaType);
        using var big = new StringContent(new string(' ', 5000) + "{}", Encoding.UTF8, "application/json");
        await ProblemAsync(await host.Client.PostAsync("/customers", big, ct), HttpStatusCode.RequestEntityTooLarge);
        await ProblemAsync(await PostAsync(host.Client, Ada(), key: "has space"), HttpStatusCode.BadRequest);

        await ProblemAsync(await host.Client.GetAsync("/customers/not%23an-id", ct), HttpStatusCode.BadRequest);
        await ProblemAsync(await host.Client.GetAsync($"/customers/{Guid.NewGuid():D}", ct), HttpStatusCode.NotFound);

        Assert.True((await ProblemAsync(await host.Client.GetAsync("/customers", ct), HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("state", out _));
        Assert.True((await ProblemAsync(await host.Client.GetAsync("/customers?state=S&limit=0", ct), HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("limit", out _));
        Assert.True((await ProblemAsync(await host.Client.GetAsync("/customers?email=a%40example.com&state=S", ct), HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("email", out _));
        Assert.True((await ProblemAsync(await host.Client.GetAsync("/customers?state=S&town=x", ct), HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("town", out _));
        Assert.True((await ProblemAsync(await host.Client.GetAsync("/customers?state=S&cursor=zzz", ct), HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("cursor", out _));
        Assert.True((await ProblemAsync(await host.Client.GetAsync("/customers/imports/NOT-AN-IMPORT", ct), HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("id", out _));
        await ProblemAsync(await host.Client.GetAsync($"/customers/imports/{new string('0', 32)}", ct), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task an_accepted_file_is_stored_once_and_the_same_file_again_is_the_same_import()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await CustomersApiHost.StartAsync(dynamo, ct);
        const string csv = "name,email,state,city,postcode\nAda,ada@example.com,Greater London,London,SW1A 1AA\nGrace,grace@example.com,Lothian,Edinburgh,EH1 1YZ\n";

        using var accepted = await UploadAsync(host.Client, csv, "text/csv; charset=utf-8");
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var import = await accepted.Content.ReadFromJsonAsync<JsonElement>(ct);
        var id = import.GetProperty("id").GetString()!;
        Assert.Equal((2, 2, "InProgress"), (import.GetProperty("total").GetInt32(), import.GetProperty("pending").GetInt32(), import.GetProperty("status").GetString()));
        Assert.Equal(csv, await new StreamReader((await host.Uploads.OpenAsync($"imports/{id}.csv", ct))!).ReadToEndAsync(ct));

        using var again = await UploadAsync(host.Client, csv);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(id, (await again.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString());
        Assert.Equal(1, host.Uploads.Puts);

        var progress = await host.Client.GetFromJsonAsync<JsonElement>($"/customers/imports/{id}", ct);
        Assert.Equal((0, 0, 2), (progress.GetProperty("registered").GetInt32(), progress.GetProperty("rejected").GetInt32(), progress.GetProperty("pending").GetInt32()));
    }

    [Theory]
    [InlineData("", "The file is empty.")]
    [InlineData("Ada,ada@example.com,S,C,P\n", "The header does not name the import's columns.")]
    [InlineData("name,email,state\nAda,ada@example.com,S\n", "The header does not name the import's columns.")]
    [InlineData("name,email,state,city,postcode\r\nA,a@example.com,S,C,P\nB,b@example.com,S,C,P\n", "The file mixes line endings.")]
    [InlineData("name,email,state,city,postcode\nA\u0000,a@example.com,S,C,P\n", "The file holds a NUL character.")]
    [InlineData("name,email,state,city,postcode\n\"A\nB\",a@example.com,S,C,P\n", "A quoted field spans lines.")]
    [InlineData("name,email,state,city,postcode\n", "The file has no rows.")]
    public async Task a_file_refused_as_a_whole_is_a_422_naming_the_problem_and_nothing_is_stored(string csv, string title)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await CustomersApiHost.StartAsync(dynamo, ct);

        var problem = await ProblemAsync(await UploadAsync(host.Client, csv), HttpStatusCode.UnprocessableEntity);

        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.Equal(0, host.Uploads.Puts);
    }

    [Fact]
    public async Task too_many_rows_too_many_bytes_or_another_media_type_are_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await CustomersApiHost.StartAsync(dynamo, ct);
        var rows = new StringBuilder("name,email,state,city,postcode\n");
        for (var i = 0; i < 50_001; i++)
        {
            rows.Append("A,a").Append(i).Append("@example.com,S,C,P\n");
        }

        Assert.Equal("The file has too many rows.", (await ProblemAsync(await UploadAsync(host.Client, rows.ToString()), HttpStatusCode.UnprocessableEntity)).GetProperty("title").GetString());
        await ProblemAsync(await UploadAsync(host.Client, new string('a', 11 * 1024 * 1024)), HttpStatusCode.RequestEntityTooLarge);
        await ProblemAsync(await UploadAsync(host.Client, "name,email\n", "application/json"), HttpStatusCode.UnsupportedMediaType);
        await ProblemAsync(await UploadAsync(host.Client, "name,email\n", "text/csv; charset=latin1"), HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(0, host.Uploads.Puts);
    }
}
