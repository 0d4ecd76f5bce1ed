using Razors.Testing;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Razors.Contracts;
using Razors.Messaging;
using Razors.Messaging.Consumers;
using Razors.Lambda;
using Razors.Lambda.Events;
using Razors.Messaging.Outbox;
using Razors.Payments.Features.CancelPayment;
using Razors.Payments.Features.RelayOutbox;
using Razors.Payments.Ports;
using Razors.Payments.Service.Tests.Fakes;
using Razors.Topology;

namespace Razors.Payments.Service.Tests.Unit;

public sealed class when_the_host_composes_the_service
{
    private static ServiceProvider Build(Action<IServiceCollection> configure)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        configure(builder.Services);
        return builder.Services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public async Task the_inbound_queue_function_creates_a_payment_from_a_subscription_created_bus_event()
    {
        var store = new InMemoryPaymentStore();
        using var services = Build(s => s.AddSingleton<IPaymentStore>(store).AddPayments());
        var function = new SqsEventQueueFunction(new EventQueueFunction(NullLogger<EventQueueFunction>.Instance).OnPaymentsEvents(services), new RecordingDeadLetters(), new RecordingDeadLetters(), 5, NullLogger<SqsEventQueueFunction>.Instance);
        var created = Incoming.Created(Guid.CreateVersion7());
        var busEvent = new JsonObject
        {
            ["source"] = EventSources.Subscription,
            ["detail-type"] = nameof(SubscriptionCreated),
            ["detail"] = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(created, EventTypes.SubscriptionCreated.EnvelopeTypeInfo)),
        };

        var response = await function.HandleAsync(
            new SQSEvent { Records = [new SQSEvent.SQSMessage { MessageId = "m-1", Body = busEvent.ToJsonString() }] },
            TestContext.Current.CancellationToken);

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal(created.Data.SubscriptionId, Assert.Single(store.Payments).SubscriptionId);
    }

    [Fact]
    public void the_inbound_function_handles_exactly_the_events_the_topology_routes_to_payments()
    {
        using var services = Build(s => s.AddSingleton<IPaymentStore>(new InMemoryPaymentStore()).AddPayments());

        var function = new EventQueueFunction(NullLogger<EventQueueFunction>.Instance).OnPaymentsEvents(services);

        Assert.Equal(PaymentsTopology.Consumes.Select(t => t.DetailType).Order(), function.DetailTypes.Order());
    }

    [Fact]
    public void a_host_that_brings_its_own_clock_and_ids_keeps_them()
    {
        var ids = new SequentialIdGenerator();
        using var services = Build(s => s
            .AddSingleton<TimeProvider>(new Microsoft.Extensions.Time.Testing.FakeTimeProvider())
            .AddSingleton<IIdGenerator>(ids)
            .AddSingleton<IPaymentStore>(new InMemoryPaymentStore())
            .AddPayments());

        Assert.Same(ids, services.GetRequiredService<IIdGenerator>());
        Assert.IsType<Microsoft.Extensions.Time.Testing.FakeTimeProvider>(services.GetRequiredService<TimeProvider>());
        Assert.NotNull(services.GetRequiredService<CancelPaymentHandler>());
    }

    [Fact]
    public void the_outbox_worker_is_built_over_the_adapters_ports()
    {
        var outbox = new InMemoryOutboxChanges();
        using var services = Build(s => s
            .AddSingleton<IOutboxChanges>(outbox)
            .AddSingleton<IPendingOutbox>(outbox)
            .AddSingleton<IDeadLetterQueue>(new RecordingDeadLetters())
            .AddSingleton<IResumeTokenStore>(new InMemoryResumeTokenStore())
            .AddSingleton<IOutboxQueue>(new RecordingOutboxQueue())
            .AddPaymentsOutboxWorker(new OutboxChangeWorkerOptions { ConsumerName = "worker-1" }));

        Assert.NotNull(services.GetRequiredService<OutboxChangeWorker>());
        Assert.Equal("worker-1", services.GetRequiredService<OutboxChangeWorkerOptions>().ConsumerName);
    }
}
