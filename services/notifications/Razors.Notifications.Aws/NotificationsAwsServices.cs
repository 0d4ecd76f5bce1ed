using System.Globalization;
using System.Net;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.Runtime.Credentials;
using MailKit.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Razors.Aws;
using Razors.Aws.SecretsManager;
using Razors.Notifications.Ports;
using Razors.Topology;

namespace Razors.Notifications.Aws;

public static class NotificationsAwsServices
{
    /// <summary>Stores contacts, facts and mails in the table named by <c>Notifications:TableName</c>; fails now if it is not set.</summary>
    public static IHostApplicationBuilder AddNotificationsDynamoDb(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddNotificationsDynamoDb(LambdaFunctions.Required(builder.Configuration, CloudSettings.NotificationsTable, "name the notifications service's DynamoDB table"));
        return builder;
    }

    /// <summary>Stores contacts, facts and mails in <paramref name="tableName"/>, through the host's <see cref="IAmazonDynamoDB"/>.</summary>
    public static IServiceCollection AddNotificationsDynamoDb(this IServiceCollection services, string tableName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        services.AddSingleton<INotificationsStore>(provider => new DynamoDbNotificationsStore(
            provider.GetService<IAmazonDynamoDB>()
                ?? throw new InvalidOperationException("The notifications store needs an IAmazonDynamoDB: register one in the host before AddNotificationsDynamoDb."),
            tableName));
        return services;
    }

    /// <summary>
    /// Sends mail through Amazon SES's SMTP interface: <c>Notifications:Smtp:Host</c> (e.g.
    /// <c>email-smtp.eu-west-1.amazonaws.com</c>), <c>Notifications:Smtp:Port</c> (587 by default) with
    /// STARTTLS, and the SMTP credentials in the Secrets Manager secret <c>Notifications:Smtp:CredentialsSecretArn</c>
    /// (JSON with <c>username</c> and <c>password</c>), read when the first mail is sent. A host that
    /// registered its own <see cref="IAmazonSecretsManager"/> keeps it.
    /// </summary>
    public static IHostApplicationBuilder AddSesSmtpMailSender(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var host = LambdaFunctions.Required(configuration, CloudSettings.NotificationsSmtpHost, "name the SMTP server (SES: email-smtp.<region>.amazonaws.com)");
        var secretArn = LambdaFunctions.Required(configuration, CloudSettings.NotificationsSmtpSecretArn, "name the secret with the SES SMTP credentials");
        var port = 587;
        if (configuration[CloudSettings.NotificationsSmtpPort] is { Length: > 0 } text
            && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            throw new InvalidOperationException($"The setting {CloudSettings.NotificationsSmtpPort} is '{text}'; it must be a port number, 1 to 65535 (SES: 587 or 2587).");
        }

        var region = LambdaFunctions.Region(configuration);
        builder.Services.TryAddSingleton<IAmazonSecretsManager>(_ => AmazonSecretsManagerClient.CreateSigned(
            AmazonSecretsManagerClient.ServiceUrl(region), DefaultAWSCredentialsIdentityResolver.GetCredentials(), region));
        // The secret (and the AWS credentials that read it) only when the first mail is sent: a function that has no mail to send never needs them.
        builder.Services.AddSingleton<IMailSender>(provider => new SmtpMailSender(new SmtpSettings(
            host, port, SecureSocketOptions.StartTls, ct => ReadCredentialsAsync(provider.GetRequiredService<IAmazonSecretsManager>(), secretArn, ct))));
        return builder;
    }

    /// <summary>Sends mail to an SMTP server that needs neither TLS nor a login: the local host's sink on the loopback address.</summary>
    public static IServiceCollection AddPlainSmtpMailSender(this IServiceCollection services, string host, int port)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        services.AddSingleton<IMailSender>(new SmtpMailSender(new SmtpSettings(host, port, SecureSocketOptions.None, Credentials: null)));
        return services;
    }

    private static async Task<NetworkCredential> ReadCredentialsAsync(IAmazonSecretsManager secrets, string secretArn, CancellationToken cancellationToken)
    {
        var response = await secrets.GetSecretValueAsync(new GetSecretValueRequest { SecretId = secretArn }, cancellationToken);
        try
        {
            using var json = JsonDocument.Parse(response.SecretString ?? "");
            var root = json.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("username", out var user) && user.ValueKind == JsonValueKind.String
                && root.TryGetProperty("password", out var password) && password.ValueKind == JsonValueKind.String)
            {
                return new NetworkCredential(user.GetString(), password.GetString());
            }
        }
        catch (JsonException)
        {
            // Reported below, without the secret's text.
        }

        throw new InvalidOperationException($"The secret {secretArn} must be a JSON object with string fields 'username' and 'password' (SES SMTP credentials).");
    }
}
