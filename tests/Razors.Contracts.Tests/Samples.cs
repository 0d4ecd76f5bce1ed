namespace Razors.Contracts.Tests;

/// <summary>One fixed, realistic instance of every event, so their JSON can be pinned.</summary>
internal static class Samples
{
    public static readonly Guid SubscriptionId = Guid.Parse("0193a5f0-8f3e-7c1a-9d2b-5b8e4f6a7c01");
    public static readonly Guid PaymentId = Guid.Parse("0193a5f0-9a11-7e22-8c33-4d44e55f6a02");
    public static readonly Guid CustomerId = Guid.Parse("0193a5f0-7b00-7d11-8e22-3f33a44b5c03");
    public static readonly DateTimeOffset At = new(2026, 11, 23, 9, 30, 15, 123, TimeSpan.Zero);

    public static readonly IReadOnlyDictionary<EventType, object> Data = new Dictionary<EventType, object>
    {
        [EventTypes.SubscriptionCreated] = new SubscriptionCreated
        {
            SubscriptionId = SubscriptionId, CustomerId = "cust-42", ProductId = "razor-classic",
            UnitsPerMonth = 1, Months = 12, MonthlyPrice = 9.99m, Currency = "GBP",
        },
        [EventTypes.SubscriptionActivated] = new SubscriptionActivated { SubscriptionId = SubscriptionId, PaymentId = PaymentId },
        [EventTypes.SubscriptionCancelled] = new SubscriptionCancelled { SubscriptionId = SubscriptionId, Reason = CancellationReasons.CustomerRequested },
        [EventTypes.StockAllocated] = new StockAllocated { SubscriptionId = SubscriptionId, ProductId = "razor-classic", Units = 12 },
        [EventTypes.StockAllocationFailed] = new StockAllocationFailed
        {
            SubscriptionId = SubscriptionId, ProductId = "razor-classic", UnitsRequested = 12, UnitsAvailable = 5,
            Reason = "Only 5 units of razor-classic on hand; 12 requested.",
        },
        [EventTypes.StockDeallocated] = new StockDeallocated { SubscriptionId = SubscriptionId, ProductId = "razor-classic", Units = 12 },
        [EventTypes.PaymentCreated] = new PaymentCreated
        {
            PaymentId = PaymentId, SubscriptionId = SubscriptionId, CustomerId = "cust-42", InstalmentAmount = 9.99m,
            Currency = "GBP", Instalments = 12, FirstCollectionOn = new DateOnly(2026, 12, 1),
        },
        [EventTypes.PaymentCancelled] = new PaymentCancelled { PaymentId = PaymentId, SubscriptionId = SubscriptionId, Reason = CancellationReasons.CustomerRequested },
        [EventTypes.CustomerRegistered] = new CustomerRegistered
        {
            CustomerId = CustomerId, Name = "Ada Lovelace", Email = "ada@example.com", State = "Greater London", City = "London",
            ImportId = "5d41402abc4b2a76b9719d911017c592",
        },
    };

    public static EventMetadata Metadata(EventType type) => new()
    {
        EventId = Guid.Parse("0193a5f0-aaaa-7bbb-8ccc-000000000001"),
        EventType = type.Id,
        OccurredAt = At,
        CorrelationId = SubscriptionId.ToString(),
        CausationId = "0193a5f0-aaaa-7bbb-8ccc-000000000000",
        Traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        AggregateId = type.Source switch
        {
            EventSources.Payments => PaymentId.ToString(),
            EventSources.Customers => CustomerId.ToString(),
            _ => SubscriptionId.ToString(),
        },
        AggregateVersion = 2,
    };

    /// <summary>The envelope of <paramref name="type"/>'s sample, built through the generic type the JSON context knows.</summary>
    public static object Envelope(EventType type)
    {
        var envelopeType = typeof(EventEnvelope<>).MakeGenericType(type.ClrType);
        var envelope = Activator.CreateInstance(envelopeType)!;
        envelopeType.GetProperty(nameof(EventEnvelope<>.Metadata))!.SetValue(envelope, Metadata(type));
        envelopeType.GetProperty(nameof(EventEnvelope<>.Data))!.SetValue(envelope, Data[type]);
        return envelope;
    }
}
