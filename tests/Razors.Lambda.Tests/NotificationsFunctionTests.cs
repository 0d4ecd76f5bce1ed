using Microsoft.Extensions.DependencyInjection;
using Razors.Lambda.Events;
using Razors.Messaging.Consumers;
using Razors.Notifications.Aws;
using Razors.Notifications.Lambda;
using Razors.Notifications.Ports;
using Razors.Topology;
using static Razors.Lambda.Tests.Invocations;

namespace Razors.Lambda.Tests;

public sealed class when_the_notifications_function_starts
{
    private static readonly (string, string)[] Complete =
    [
        (CloudSettings.NotificationsTable, "razors-notifications"),
        (CloudSettings.NotificationsSender, "hello@razors.example"),
        (CloudSettings.NotificationsSmtpHost, $"email-smtp.{Region}.amazonaws.com"),
        (CloudSettings.NotificationsSmtpSecretArn, $"arn:aws:secretsmanager:{Region}:123456789012:secret:razors-ses-smtp"),
    ];

    [Theory]
    [InlineData(CloudSettings.NotificationsTable)]
    [InlineData(CloudSettings.NotificationsSender)]
    [InlineData(CloudSettings.NotificationsSmtpHost)]
    [InlineData(CloudSettings.NotificationsSmtpSecretArn)]
    public void a_missing_setting_is_named_with_its_environment_variable(string setting)
    {
        var error = Assert.Throws<InvalidOperationException>(() => NotificationsFunctionHosts.Inbound(InboundSettings([.. Complete.Where(s => s.Item1 != setting)])));

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
        Assert.Contains(CloudSettings.EnvironmentVariable(setting), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CloudSettings.NotificationsSender, "not an address")]
    [InlineData(CloudSettings.NotificationsSmtpPort, "25x")]
    [InlineData(CloudSettings.NotificationsSmtpPort, "70000")]
    public void a_bad_setting_is_named_with_its_value(string setting, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => NotificationsFunctionHosts.Inbound(
            InboundSettings([.. Complete.Where(s => s.Item1 != setting), (setting, value)])));

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task with_its_settings_it_routes_every_consumed_event_and_sends_through_smtp()
    {
        await using var host = NotificationsFunctionHosts.Inbound(InboundSettings(Complete));

        var function = Assert.IsType<SqsEventQueueFunction>(host.Services.GetRequiredService<ISqsFunction>());
        var processor = Assert.IsType<EventQueueFunction>(function.Processor);
        Assert.Equal(NotificationsTopology.Consumes.Select(e => e.DetailType).Order(), processor.DetailTypes.Order());
        Assert.IsType<SmtpMailSender>(host.Services.GetRequiredService<IMailSender>());
        Assert.IsType<DynamoDbNotificationsStore>(host.Services.GetRequiredService<INotificationsStore>());
    }
}
