using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Razors.Aws;
using Razors.Lambda;
using Razors.Notifications.Aws;

namespace Razors.Notifications.Lambda;

/// <summary>
/// What the notifications service's function runs, composed from settings: the entry point builds
/// it from environment variables, tests from their own configuration.
/// </summary>
public static class NotificationsFunctionHosts
{
    /// <summary>The inbound queue's customer and subscription events → contacts, facts and mails through SES's SMTP interface.</summary>
    public static LambdaFunctionHost Inbound(IConfiguration configuration, Action<IServiceCollection>? configureServices = null) =>
        LambdaFunctionHost.Create(
            configuration,
            builder => builder.AddAmazonDynamoDB().AddNotifications().AddNotificationsDynamoDb().AddSesSmtpMailSender()
                .AddEventQueueFunction((function, services) => function.OnNotificationsEvents(services)),
            configureServices);
}
