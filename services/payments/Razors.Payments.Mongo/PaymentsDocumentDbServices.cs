using Amazon;
using Amazon.Runtime.Credentials;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using MongoDB.Driver;
using Razors.Aws.SecretsManager;
using Razors.Topology;

namespace Razors.Payments.Mongo;

public static class PaymentsDocumentDbServices
{
    /// <summary>Where the region comes from; ECS and Lambda set it in every container.</summary>
    public const string RegionSetting = "AWS_REGION";

    /// <summary>
    /// The AWS SDKs' endpoint overrides, service-specific first
    /// (https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html); unset in AWS.
    /// </summary>
    public static readonly IReadOnlyList<string> SecretsManagerEndpointSettings = ["AWS_ENDPOINT_URL_SECRETS_MANAGER", "AWS_ENDPOINT_URL"];

    private static readonly TimeSpan SecretTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The payments store on the DocumentDB cluster whose credentials and address are in the
    /// secret <c>Payments:DocumentDb:SecretArn</c>, database <c>Payments:DocumentDb:Database</c>,
    /// TLS trusted by the RDS CA bundle at <c>Payments:DocumentDb:CaBundleFile</c> (default
    /// <c>rds-global-bundle.pem</c> beside the app). Missing settings and a missing bundle fail
    /// here; the secret is read when the store is first resolved (at start-up in the worker).
    /// A host that registered its own <see cref="IAmazonSecretsManager"/> keeps it.
    /// </summary>
    public static IHostApplicationBuilder AddPaymentsDocumentDb(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var missing = new[] { CloudSettings.PaymentsDatabaseSecretArn, CloudSettings.PaymentsDatabaseName, RegionSetting }
            .Where(setting => string.IsNullOrWhiteSpace(configuration[setting]))
            .ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"Payments on DocumentDB needs the setting(s) {string.Join(", ", missing)} "
                + $"(environment variables {string.Join(", ", missing.Select(CloudSettings.EnvironmentVariable))}).");
        }

        var secretArn = configuration[CloudSettings.PaymentsDatabaseSecretArn]!;
        var databaseName = configuration[CloudSettings.PaymentsDatabaseName]!;
        var region = RegionEndpoint.GetBySystemName(configuration[RegionSetting]);
        var bundle = Path.Combine(AppContext.BaseDirectory, configuration[CloudSettings.PaymentsDatabaseCaBundleFile] is { Length: > 0 } file ? file : RdsCertificateAuthority.DefaultFileName);
        var authority = RdsCertificateAuthority.Load(bundle, CloudSettings.PaymentsDatabaseCaBundleFile);

        var secretsManagerUrl = SecretsManagerUrl(configuration, region);

        builder.Services.AddSingleton(authority);
        builder.Services.TryAddSingleton<IAmazonSecretsManager>(_ => AmazonSecretsManagerClient.CreateSigned(
            secretsManagerUrl, DefaultAWSCredentialsIdentityResolver.GetCredentials(), region));
        builder.Services.AddPaymentsStore(services =>
        {
            var secret = ReadSecret(services.GetRequiredService<IAmazonSecretsManager>(), secretArn);
            return new MongoPaymentsDatabase(new MongoClient(DocumentDbConnection.Settings(secret, authority)), databaseName);
        });
        return builder;
    }

    private static Uri SecretsManagerUrl(IConfiguration configuration, RegionEndpoint region)
    {
        foreach (var setting in SecretsManagerEndpointSettings)
        {
            if (configuration[setting] is { Length: > 0 } value)
            {
                return Uri.TryCreate(value, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
                    ? url
                    : throw new InvalidOperationException($"The setting {setting} is '{value}', which is not an http(s) URL.");
            }
        }

        return AmazonSecretsManagerClient.ServiceUrl(region);
    }

    private static DocumentDbSecret ReadSecret(IAmazonSecretsManager secrets, string secretArn)
    {
        using var timeout = new CancellationTokenSource(SecretTimeout);

        // Dependency injection builds singletons synchronously; this runs once, at start-up, on a
        // thread with no synchronization context, so blocking on the call cannot deadlock.
        var response = secrets.GetSecretValueAsync(new GetSecretValueRequest { SecretId = secretArn }, timeout.Token).GetAwaiter().GetResult();
        return DocumentDbSecret.Parse(response.SecretString, secretArn);
    }
}
