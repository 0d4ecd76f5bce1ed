using System.Text.Json.Nodes;
using Amazon.CDK;
using Amazon.CDK.AWS.Apigatewayv2;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AwsApigatewayv2Authorizers;
using Amazon.CDK.AwsApigatewayv2Integrations;
using Razors.Topology;
using Function = Amazon.CDK.AWS.Lambda.Function;

namespace Razors.Infra;

/// <summary>
/// A service's HTTP API (API Gateway v2): its function, the <c>$default</c> route to it by Lambda
/// proxy, authorized with AWS IAM (SigV4-signed requests only); the <c>$default</c> stage throttled
/// and writing access logs to <c>/aws/apigateway/&lt;api&gt;</c>; a managed policy that allows
/// <c>execute-api:Invoke</c> on the API, to attach to whoever calls it. Outputs <c>ApiUrl</c> and
/// <c>ApiInvokePolicyArn</c>; returns the function.
/// </summary>
public static class ServiceHttpApi
{
    /// <summary>One JSON object per request (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html).</summary>
    public static readonly string AccessLogFormat = new JsonObject
    {
        ["requestId"] = "$context.requestId",
        ["requestTime"] = "$context.requestTime",
        ["sourceIp"] = "$context.identity.sourceIp",
        ["caller"] = "$context.identity.userArn",
        ["routeKey"] = "$context.routeKey",
        ["method"] = "$context.httpMethod",
        ["path"] = "$context.path",
        ["status"] = "$context.status",
        ["responseLength"] = "$context.responseLength",
        ["latencyMs"] = "$context.responseLatency",
        ["integrationStatus"] = "$context.integrationStatus",
        ["error"] = "$context.error.message",
        ["authorizerError"] = "$context.authorizer.error",
    }.ToJsonString();

    public static Function Add(Stack stack, HttpApiDefinition api, LambdaAssets assets, FunctionAccess access, InfraSettings settings)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(settings);
        var function = ServiceFunction.Add(stack, api.Function, assets, access);
        var id = Names.Id(api.Name);
        var httpApi = new HttpApi(stack, id + "HttpApi", new HttpApiProps
        {
            ApiName = api.Name,
            Description = $"The {api.OwnerService} service's API; requests signed with AWS SigV4 only.",
            DefaultIntegration = new HttpLambdaIntegration(id + "Integration", function),
            DefaultAuthorizer = new HttpIamAuthorizer(),
        });

        var accessLog = new LogGroup(stack, id + "AccessLogs", new LogGroupProps
        {
            LogGroupName = $"/aws/apigateway/{api.Name}",
            Retention = RetentionDays.ONE_MONTH,
            RemovalPolicy = RemovalPolicy.DESTROY,
        });
        // The stage HttpApi creates takes no throttle settings, and CDK 2.160's HttpStage has no access logs.
        var stage = (CfnStage)httpApi.DefaultStage!.Node.DefaultChild!;
        stage.AccessLogSettings = new CfnStage.AccessLogSettingsProperty { DestinationArn = accessLog.LogGroupArn, Format = AccessLogFormat };
        stage.DefaultRouteSettings = new CfnStage.RouteSettingsProperty
        {
            ThrottlingRateLimit = settings.ApiRateLimit,
            ThrottlingBurstLimit = settings.ApiBurstLimit,
        };

        var invoke = new ManagedPolicy(stack, id + "InvokePolicy", new ManagedPolicyProps
        {
            Description = $"Call every route of {api.Name} (execute-api:Invoke).",
            Statements =
            [
                new PolicyStatement(new PolicyStatementProps
                {
                    Actions = ["execute-api:Invoke"],
                    Resources = [httpApi.ArnForExecuteApi()],
                }),
            ],
        });
        _ = new CfnOutput(stack, "ApiUrl", new CfnOutputProps { Value = httpApi.Url!, Description = $"{api.Name} base URL." });
        _ = new CfnOutput(stack, "ApiInvokePolicyArn", new CfnOutputProps
        {
            Value = invoke.ManagedPolicyArn,
            Description = $"Managed policy allowing execute-api:Invoke on {api.Name}; attach it to the callers' roles or users.",
        });
        return function;
    }
}
