namespace Razors.LocalHost;

/// <summary>What <c>./run.sh</c> prints once everything answers.</summary>
internal static class Banner
{
    public static void Print(LocalHost host, LocalHostOptions options)
    {
        var api = host.BaseAddress.ToString().TrimEnd('/');
        Console.WriteLine($$"""

            Razors is running.
              APIs         {{api}}   (/subscriptions, /stock/{productId}, /payments, /customers)
              Admin        {{api}}/admin/buses   {{api}}/admin/queues   {{api}}/admin/status
              DynamoDB     {{host.DynamoDbServiceUrl}} (DynamoDB Local, pid {{host.DynamoDbProcessId}})
              State        {{options.DataDirectory ?? "in memory (gone on exit)"}}
              Mappings     {{(options.MappingsEnabled ? "enabled" : "DISABLED (--disable-mappings): nothing is relayed")}}

            Create a subscription:
              curl -s -X POST {{api}}/subscriptions -H 'Content-Type: application/json' \
                -d '{"customerId":"cust-1","productId":"razor-classic","monthlyPrice":9.99}'
            Within a second it is Active (stock allocated, payment created):
              curl -s {{api}}/subscriptions/<id>
            Restock a product (the units are added to what is on hand):
              curl -s -X POST {{api}}/stock/razor-classic/restock -H 'Content-Type: application/json' -d '{"units":100}'
            Import customers from a CSV, then list them by region:
              .tools/bin/razors import customers samples/customers.csv
              .tools/bin/razors customers list --state "West Yorkshire"
            Every event on the subscription bus, and every DLQ (all empty when all is well):
              curl -s {{api}}/admin/buses/razors-subscription/events
              .tools/bin/razors dlq list

            Ctrl-C stops everything.
            """);
    }
}
