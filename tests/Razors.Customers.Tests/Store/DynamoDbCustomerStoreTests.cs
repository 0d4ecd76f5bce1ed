using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using Razors.Customers.Domain;
using Razors.Customers.Features.BulkImport;
using Razors.Customers.Features.Register;
using Razors.Customers.Ports;
using Razors.Testing;

namespace Razors.Customers.Tests.Store;

public sealed class when_customers_are_registered_in_dynamodb(DynamoDbLocalFixture dynamo)
{
    private static readonly CustomerDetails Ada = new("Ada Lovelace", "Ada@Example.com", "Greater London", "London", "SW1A 1AA");

    private async Task<List<Dictionary<string, AttributeValue>>> ItemsAsync(CustomersStoreHost host) =>
        (await dynamo.Client.ScanAsync(new ScanRequest { TableName = host.Table, ConsistentRead = true }, TestContext.Current.CancellationToken)).Items;

    [Fact]
    public async Task a_registration_writes_the_customer_its_address_guard_and_one_pending_event_without_the_postcode()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await CustomersStoreHost.StartAsync(dynamo, ct);

        var registered = Assert.IsType<RegistrationResult.Registered>(await host.Registration.RegisterAsync(Ada, idempotencyKey: null, ct));

        Assert.Equal(registered.Customer, await host.Store.GetAsync(registered.Customer.Id, ct));
        Assert.Equal(registered.Customer, await host.Store.FindByEmailAsync("ada@EXAMPLE.com", ct));
        var items = await ItemsAsync(host);
        Assert.Equal(["customer", "email", "outbox"], items.Select(i => i["kind"].S).Order());
        var outbox = items.Single(i => i["kind"].S == "outbox");
        Assert.True(outbox.ContainsKey("outboxPending"));
        using var detail = JsonDocument.Parse(outbox["detail"].S);
        var data = detail.RootElement.GetProperty("data");
        Assert.Equal(registered.Customer.Id, data.GetProperty("customerId").GetGuid());
        Assert.Equal("Ada@Example.com", data.GetProperty("email").GetString());
        Assert.Equal("London", data.GetProperty("city").GetString());
        Assert.False(data.TryGetProperty("postcode", out _));
        Assert.DoesNotContain("SW1A", outbox["detail"].S, StringComparison.Ordinal);
        Assert.Equal("razors.customers.registered.v1", detail.RootElement.GetProperty("metadata").GetProperty("eventType").GetString());
    }

    [Fact]
    public async Task a_second_registration_of_the_address_in_any_case_writes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await CustomersStoreHost.StartAsync(dynamo, ct);
        await host.Registration.RegisterAsync(Ada, null, ct);

        var taken = await host.Registration.RegisterAsync(Ada with { Name = "Someone Else", Email = "ADA@example.COM" }, null, ct);

        Assert.Equal(new RegistrationResult.EmailTaken("ADA@example.COM"), taken);
        Assert.Equal(3, (await ItemsAsync(host)).Count);
    }

    [Fact]
    public async Task an_idempotency_key_replays_the_same_customer_and_refuses_another_request()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await CustomersStoreHost.StartAsync(dynamo, ct);
        var first = Assert.IsType<RegistrationResult.Registered>(await host.Registration.RegisterAsync(Ada, "key-1", ct));

        var again = Assert.IsType<RegistrationResult.Replayed>(await host.Registration.RegisterAsync(Ada, "key-1", ct));
        var other = await host.Registration.RegisterAsync(Ada with { Postcode = "EC1A 1BB" }, "key-1", ct);

        Assert.Equal(first.Customer.Id, again.Customer.Id);
        Assert.IsType<RegistrationResult.KeyReused>(other);
        Assert.Single(await ItemsAsync(host), i => i["kind"].S == "outbox");
    }

    [Fact]
    public async Task an_import_row_registers_once_however_often_it_is_delivered()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await CustomersStoreHost.StartAsync(dynamo, ct);
        var import = new ImportRecord(new string('a', 32), Total: 2, SizeBytes: 100, host.Time.GetUtcNow());
        Assert.True(await host.Store.AddImportAsync(import, ct));
        Assert.False(await host.Store.AddImportAsync(import, ct));
        var row = Row(import.Id, 2, "ada@example.com");

        Assert.Equal(RowOutcome.Registered, await host.Rows.HandleAsync(row, ct));
        Assert.Equal(RowOutcome.AlreadyHandled, await host.Rows.HandleAsync(row, ct));

        var report = await host.Store.GetImportReportAsync(import.Id, ct);
        Assert.Equal((1, 0, 1, ImportStatus.InProgress), (report!.Registered, report.Rejected, report.Pending, report.Status));
        Assert.Single(await ItemsAsync(host), i => i["kind"].S == "customer");
        var customer = await host.Store.FindByEmailAsync("ada@example.com", ct);
        Assert.Equal(import.Id, customer!.ImportId);
    }

    [Fact]
    public async Task a_row_with_a_registered_address_or_bad_fields_is_rejected_once_with_its_field_and_reason()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await CustomersStoreHost.StartAsync(dynamo, ct);
        var import = new ImportRecord(new string('b', 32), Total: 4, SizeBytes: 100, host.Time.GetUtcNow());
        await host.Store.AddImportAsync(import, ct);
        await host.Registration.RegisterAsync(Ada, null, ct);

        Assert.Equal(RowOutcome.Rejected, await host.Rows.HandleAsync(Row(import.Id, 2, "ADA@example.com"), ct));
        Assert.Equal(RowOutcome.AlreadyHandled, await host.Rows.HandleAsync(Row(import.Id, 2, "ADA@example.com"), ct));
        Assert.Equal(RowOutcome.Rejected, await host.Rows.HandleAsync(Row(import.Id, 3, "not an address") with { Fields = Fields("not an address", name: "") }, ct));
        Assert.Equal(RowOutcome.Rejected, await host.Rows.HandleAsync(new ImportRowMessage(import.Id, 4, null, new ImportRejection("row", "has 4 fields; the header names 5.")), ct));
        Assert.Equal(RowOutcome.Registered, await host.Rows.HandleAsync(Row(import.Id, 5, "grace@example.com"), ct));

        var report = (await host.Store.GetImportReportAsync(import.Id, ct))!;
        Assert.Equal((1, 3, 0, ImportStatus.Completed), (report.Registered, report.Rejected, report.Pending, report.Status));
        Assert.Equal([2, 3, 4], report.Rejections.Select(r => r.Line));
        Assert.Equal("email", report.Rejections[0].Field);
        Assert.Contains("registered already", report.Rejections[0].Reason, StringComparison.Ordinal);
        Assert.Equal("name", report.Rejections[1].Field);
        Assert.Contains("Also email", report.Rejections[1].Reason, StringComparison.Ordinal);
        Assert.Equal(("row", "has 4 fields; the header names 5."), (report.Rejections[2].Field, report.Rejections[2].Reason));
    }

    [Fact]
    public async Task an_unknown_import_has_no_report()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await CustomersStoreHost.StartAsync(dynamo, ct);

        Assert.Null(await host.Store.GetImportReportAsync(new string('c', 32), ct));
        Assert.Null(await host.Store.GetAsync(Guid.NewGuid(), ct));
        Assert.Null(await host.Store.FindByEmailAsync("nobody@example.com", ct));
    }

    private static Dictionary<string, string?> Fields(string email, string name = "Row Person") => new()
    {
        ["name"] = name, ["email"] = email, ["state"] = "West Yorkshire", ["city"] = "Leeds", ["postcode"] = "LS1 4DY",
    };

    private static ImportRowMessage Row(string importId, int line, string email) => new(importId, line, Fields(email), null);
}
