using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Razors.Aws.SecretsManager;
using Razors.Payments.Mongo;
using Razors.Payments.Ports;
using Razors.Testing;

namespace Razors.Payments.Tests.Mongo;

public sealed class when_the_documentdb_store_is_composed : IDisposable
{
    private const string SecretArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:razors-payments-docdb";

    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("razors-ca-");
    private readonly StubHttpServer secretsManager = new();
    private readonly HttpClient http = new();
    private readonly string bundle;

    public when_the_documentdb_store_is_composed()
    {
        using var root = TestCertificates.Authority("Test RDS Root");
        bundle = TestCertificates.WriteBundle(directory.FullName, root);
    }

    [Fact]
    public async Task the_store_connects_to_the_cluster_the_secret_names_without_connecting_yet()
    {
        secretsManager.ResponseBody = """
            {"ARN":"arn","Name":"n","SecretString":"{\"username\":\"razors\",\"password\":\"hunter2\",\"host\":\"razors.cluster-abc.docdb.test\",\"port\":27017,\"engine\":\"docdb\"}"}
            """;
        var builder = Builder(Settings());

        builder.AddPaymentsDocumentDb();
        await using var provider = builder.Services.BuildServiceProvider();
        var database = provider.GetRequiredService<MongoPaymentsDatabase>();

        Assert.IsType<MongoPaymentStore>(provider.GetRequiredService<IPaymentStore>());
        Assert.IsType<MongoOutboxChanges>(provider.GetRequiredService<IOutboxChanges>());
        Assert.IsType<MongoResumeTokenStore>(provider.GetRequiredService<IResumeTokenStore>());
        Assert.Equal("payments", database.Database.DatabaseNamespace.DatabaseName);
        var client = database.Client.Settings;
        Assert.Equal("razors.cluster-abc.docdb.test", Assert.Single(client.Servers).Host);
        Assert.Equal("razors", client.Credential.Username);
        Assert.True(client.UseTls);
        Assert.False(client.RetryWrites);
        Assert.Equal("rs0", client.ReplicaSetName);
        Assert.Contains(SecretArn, Assert.Single(secretsManager.Requests).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_secret_it_may_not_read_fails_when_the_store_is_first_resolved_with_the_reason()
    {
        secretsManager.ResponseStatus = HttpStatusCode.BadRequest;
        secretsManager.ResponseBody = """{"__type":"AccessDeniedException","Message":"not authorized"}""";
        var builder = Builder(Settings());

        builder.AddPaymentsDocumentDb();
        await using var provider = builder.Services.BuildServiceProvider();

        var error = Assert.Throws<AmazonSecretsManagerException>(() => provider.GetRequiredService<IPaymentStore>());
        Assert.Contains("secretsmanager:GetSecretValue", error.Message, StringComparison.Ordinal);
        Assert.Contains(SecretArn, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void missing_settings_fail_at_composition_naming_each_and_its_environment_variable()
    {
        var builder = Builder(new() { ["Payments:DocumentDb:CaBundleFile"] = bundle });

        var error = Assert.Throws<InvalidOperationException>(builder.AddPaymentsDocumentDb);

        Assert.Contains("Payments:DocumentDb:SecretArn, Payments:DocumentDb:Database, AWS_REGION", error.Message, StringComparison.Ordinal);
        Assert.Contains("Payments__DocumentDb__SecretArn", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void without_a_bundle_setting_the_bundle_beside_the_app_is_required()
    {
        var settings = Settings();
        settings.Remove("Payments:DocumentDb:CaBundleFile");
        var builder = Builder(settings);

        var error = Assert.Throws<InvalidOperationException>(builder.AddPaymentsDocumentDb);

        Assert.Contains(Path.Combine(AppContext.BaseDirectory, "rds-global-bundle.pem"), error.Message, StringComparison.Ordinal);
        Assert.Contains("Payments:DocumentDb:CaBundleFile", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_secrets_manager_endpoint_override_that_is_not_a_url_fails_naming_it()
    {
        var settings = Settings();
        settings["AWS_ENDPOINT_URL_SECRETS_MANAGER"] = "localhost:4566";
        var builder = Builder(settings);

        var error = Assert.Throws<InvalidOperationException>(builder.AddPaymentsDocumentDb);

        Assert.Contains("AWS_ENDPOINT_URL_SECRETS_MANAGER", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        http.Dispose();
        secretsManager.Dispose();
        directory.Delete(recursive: true);
    }

    private Dictionary<string, string?> Settings() => new()
    {
        ["Payments:DocumentDb:SecretArn"] = SecretArn,
        ["Payments:DocumentDb:Database"] = "payments",
        ["Payments:DocumentDb:CaBundleFile"] = bundle,
        ["AWS_REGION"] = "eu-west-1",
    };

    private HostApplicationBuilder Builder(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<IAmazonSecretsManager>(new AmazonSecretsManagerClient(http, secretsManager.Url));
        return builder;
    }
}
