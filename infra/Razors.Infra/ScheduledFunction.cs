using Amazon.CDK;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Events.Targets;
using Razors.Topology;
using Function = Amazon.CDK.AWS.Lambda.Function;

namespace Razors.Infra;

/// <summary>
/// A function an EventBridge schedule rule invokes every few minutes (the outbox sweeper). A
/// failed invocation is retried twice within the hour; the next tick tries again anyway, so a
/// sweep that fails loses nothing.
/// </summary>
public static class ScheduledFunction
{
    public static Function Add(Stack stack, FunctionDefinition definition, ScheduleDefinition schedule, LambdaAssets assets, FunctionAccess access)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(schedule);
        var function = ServiceFunction.Add(stack, definition, assets, access);
        _ = new Rule(stack, Names.Id(definition.Name) + "Schedule", new RuleProps
        {
            Description = schedule.RateMinutes == 1 ? $"Invokes {definition.Name} every minute." : $"Invokes {definition.Name} every {schedule.RateMinutes} minutes.",
            Schedule = Schedule.Rate(Duration.Minutes(schedule.RateMinutes)),
            Targets = [new LambdaFunction(function, new LambdaFunctionProps { RetryAttempts = 2, MaxEventAge = Duration.Hours(1) })],
        });
        return function;
    }
}
