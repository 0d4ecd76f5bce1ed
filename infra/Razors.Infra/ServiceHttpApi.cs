using Amazon.CDK;
using Amazon.CDK.AWS.Apigatewayv2;
using Amazon.CDK.AwsApigatewayv2Integrations;
using Razors.Topology;
using Function = Amazon.CDK.AWS.Lambda.Function;

namespace Razors.Infra;

/// <summary>
/// A service's public HTTP API (API Gateway v2): its function, the <c>$default</c> route to it by
/// Lambda proxy, and the URL as the output <c>ApiUrl</c>. Returns the function.
/// </summary>
public static class ServiceHttpApi
{
    public static Function Add(Stack stack, HttpApiDefinition api, LambdaAssets assets, FunctionAccess access)
    {
        ArgumentNullException.ThrowIfNull(api);
        var function = ServiceFunction.Add(stack, api.Function, assets, access);
        var httpApi = new HttpApi(stack, Names.Id(api.Name) + "HttpApi", new HttpApiProps
        {
            ApiName = api.Name,
            Description = $"The {api.OwnerService} service's public API.",
            DefaultIntegration = new HttpLambdaIntegration(Names.Id(api.Name) + "Integration", function),
        });
        _ = new CfnOutput(stack, "ApiUrl", new CfnOutputProps { Value = httpApi.Url!, Description = $"{api.Name} base URL." });
        return function;
    }
}
