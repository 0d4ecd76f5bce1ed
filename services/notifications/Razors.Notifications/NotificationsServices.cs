using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Razors.Messaging.Consumers;
using Razors.Notifications.Features;
using Razors.Topology;

namespace Razors.Notifications;

public static class NotificationsServices
{
    /// <summary>
    /// The service's own parts on the host, sending from the address in <c>Notifications:Mail:From</c>
    /// (fails now if it is not set or not an address); add a store and a mail sender next
    /// (<c>AddNotificationsDynamoDb</c>, <c>AddSmtpMailSender</c>).
    /// </summary>
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddNotifications(SenderFrom(builder.Configuration));
        return builder;
    }

    /// <summary>
    /// The event handlers, the templates and the mail outbox, sending from <paramref name="from"/>;
    /// a host that registers its own <see cref="TimeProvider"/> first keeps it.
    /// </summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, string from)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(from);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new MailOptions(from));
        services.AddSingleton(MailTemplates.Load());
        services.AddSingleton<MailOutbox>();
        services.AddSingleton<Confirmations>();
        services.AddSingleton<CustomerRegisteredHandler>();
        services.AddSingleton<SubscriptionCreatedHandler>();
        services.AddSingleton<SubscriptionActivatedHandler>();
        services.AddSingleton<SubscriptionCancelledHandler>();
        return services;
    }

    /// <summary>
    /// Routes the events the service consumes (<see cref="NotificationsTopology.Consumes"/>, from which
    /// its rules are built too) to their handlers, resolved from <paramref name="services"/>.
    /// </summary>
    public static EventQueueFunction OnNotificationsEvents(this EventQueueFunction function, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(services);
        return function.OnEach(
            NotificationsTopology.Consumes,
            services.GetRequiredService<CustomerRegisteredHandler>(),
            services.GetRequiredService<SubscriptionCreatedHandler>(),
            services.GetRequiredService<SubscriptionActivatedHandler>(),
            services.GetRequiredService<SubscriptionCancelledHandler>());
    }

    private static string SenderFrom(IConfiguration configuration)
    {
        var from = configuration[CloudSettings.NotificationsSender];
        if (string.IsNullOrWhiteSpace(from) || !System.Net.Mail.MailAddress.TryCreate(from, out _))
        {
            throw new InvalidOperationException(
                $"The setting {CloudSettings.NotificationsSender} (environment variable {CloudSettings.EnvironmentVariable(CloudSettings.NotificationsSender)}) "
                + $"is '{from}': set it to the address mail is sent from (an identity verified in Amazon SES).");
        }

        return from;
    }
}
