using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Razors.Payments.Sqlite;
using Razors.Payments.Lambda;
using Razors.Topology;
using static Razors.Lambda.Tests.HttpApiRequests;
using static Razors.Lambda.Tests.Invocations;

namespace Razors.Lambda.Tests.Payments;

/// <summary>
/// The payments API and inbound functions are composed over DocumentDB; with the store swapped for
/// the embedded one (no cluster here) the same entries serve API Gateway payloads.
/// </summary>
public sealed class when_api_gateway_invokes_the_payments_api : IAsyncLifetime
{
    private readonly string bundle = Path.Combine(Path.GetTempPath(), $"razors-ca-{Guid.NewGuid():N}.pem");
    private LambdaFunctionHost? host;

    private LambdaFunctionHost Host => host ?? throw new InvalidOperationException("Not started.");

    public ValueTask InitializeAsync()
    {
        using var key = ECDsa.Create();
        var request = new CertificateRequest("CN=Razors test root", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var root = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(bundle, root.ExportCertificatePem());
        host = PaymentsFunctionHosts.Api(DocumentDbSettings(bundle), services => services.AddPaymentsSqlite(dataDirectory: null));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        File.Delete(bundle);
    }

    private static Microsoft.Extensions.Configuration.IConfiguration DocumentDbSettings(string caBundle) => Settings(
        (CloudSettings.PaymentsDatabaseSecretArn, "arn:aws:secretsmanager:eu-west-1:123456789012:secret:razors-payments-docdb"),
        (CloudSettings.PaymentsDatabaseName, "razors-payments"),
        (CloudSettings.PaymentsDatabaseCaBundleFile, caBundle));

    private Task<JsonNode> SendAsync(string request) => InvokeAsync(LambdaEntries.HttpApiAsync, Host, request);

    [Fact]
    public async Task an_unknown_payment_is_a_404_problem_and_cancelling_it_changes_nothing()
    {
        var id = Guid.CreateVersion7();

        var get = await SendAsync(Request("GET", $"/payments/{id}"));
        var cancel = await SendAsync(Request("POST", $"/payments/{id}/cancel"));

        Assert.Equal(404, get["statusCode"]!.GetValue<int>());
        Assert.Equal("application/problem+json", get["headers"]!["Content-Type"].Text());
        Assert.Equal(404, cancel["statusCode"]!.GetValue<int>());
    }

    [Fact]
    public async Task a_search_by_subscription_answers_json_and_a_bad_id_is_a_400_problem()
    {
        var found = await SendAsync(Request("GET", "/payments", rawQueryString: $"subscriptionId={Guid.CreateVersion7()}"));
        var bad = await SendAsync(Request("GET", "/payments", rawQueryString: "subscriptionId=not-a-guid"));

        Assert.Equal(200, found["statusCode"]!.GetValue<int>());
        Assert.Equal("array", BodyKind(found));
        Assert.Equal(400, bad["statusCode"]!.GetValue<int>());
    }

    private static string BodyKind(JsonNode response) => JsonNode.Parse(response["body"].Text())!.GetValueKind().ToString().ToLowerInvariant();
}

/// <summary>A payments function whose stack left out the DocumentDB settings fails at cold start, naming them.</summary>
public sealed class when_the_payments_functions_lack_their_documentdb_settings
{
    [Fact]
    public void the_api_and_the_inbound_function_name_every_missing_setting()
    {
        foreach (var compose in new Func<LambdaFunctionHost>[] { () => PaymentsFunctionHosts.Api(Settings()), () => PaymentsFunctionHosts.Inbound(Settings()) })
        {
            var error = Assert.Throws<InvalidOperationException>(compose);

            Assert.Contains(CloudSettings.PaymentsDatabaseSecretArn, error.Message, StringComparison.Ordinal);
            Assert.Contains(CloudSettings.EnvironmentVariable(CloudSettings.PaymentsDatabaseName), error.Message, StringComparison.Ordinal);
        }
    }
}
