using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.SNS.Subscriptions;

namespace Razors.Infra;

/// <summary>
/// The SNS topic every alarm of a stack notifies (<c>razors-&lt;service&gt;-alarms</c>),
/// mailed to <see cref="InfraSettings.AlarmEmail"/> if one is given, and its ARN as the output
/// <c>AlarmTopicArn</c> for other subscriptions.
/// </summary>
public sealed class AlarmTopic
{
    public AlarmTopic(Stack stack, string service, InfraSettings settings)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(settings);
        Topic = new Topic(stack, "AlarmTopic", new TopicProps
        {
            TopicName = $"razors-{service}-alarms",
            DisplayName = $"Razors {service} alarms",
        });
        if (settings.AlarmEmail.Length > 0)
        {
            // The address must confirm the subscription from the mail SNS sends it.
            Topic.AddSubscription(new EmailSubscription(settings.AlarmEmail));
        }

        OldestMessageAlarmSeconds = settings.OldestMessageAlarmSeconds;
        _ = new CfnOutput(stack, "AlarmTopicArn", new CfnOutputProps { Value = Topic.TopicArn, Description = $"The topic every {service} alarm notifies." });
    }

    public Topic Topic { get; }

    /// <summary>The age of the oldest message above which a queue a function reads alarms.</summary>
    public int OldestMessageAlarmSeconds { get; }

    /// <summary>An alarm that notifies the topic when it fires (not when it recovers).</summary>
    public Alarm Add(Stack stack, string id, AlarmProps props)
    {
        var alarm = new Alarm(stack, id, props);
        alarm.AddAlarmAction(new SnsAction(Topic));
        return alarm;
    }
}
