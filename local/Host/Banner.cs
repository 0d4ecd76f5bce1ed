namespace Razors.LocalHost;

/// <summary>What <c>./run.sh</c> prints once everything answers.</summary>
internal static class Banner
{
    public static void Print(LocalHost host, LocalHostOptions options)
    {
        var api = host.BaseAddress.ToString().TrimEnd('/');
        Console.WriteLine($"""

            Razors is running.
              APIs         {api}   (POST/GET/DELETE /subscriptions)
              Admin        {api}/admin/buses   {api}/admin/queues   {api}/admin/status
              DynamoDB     {host.DynamoDbServiceUrl} (DynamoDB Local, pid {host.DynamoDbProcessId})
              State        {options.DataDirectory ?? "in memory (gone on exit)"}
              Mappings     {(options.MappingsEnabled ? "enabled" : "DISABLED (--disable-mappings): nothing is relayed")}

            Create a subscription:
              curl -s -X POST {api}/subscriptions -H 'Content-Type: application/json' \
                -d '{"customerId":"cust-1","productId":"razor-classic","monthlyPrice":9.99}'
            See its SubscriptionCreated event on the subscription bus:
              curl -s {api}/admin/buses/razors-subscription/events

            Ctrl-C stops everything.
            """);
    }
}
