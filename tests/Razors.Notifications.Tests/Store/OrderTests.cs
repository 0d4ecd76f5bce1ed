using Razors.Testing;
using static Razors.Notifications.Tests.Samples;

namespace Razors.Notifications.Tests.Store;

/// <summary>The events of one customer and one subscription in every order, some twice: the same mails, each once.</summary>
public sealed class OrderTests(DynamoDbLocalFixture dynamo) : NotificationsTest(dynamo)
{
    public static TheoryData<int[]> Orders()
    {
        var data = new TheoryData<int[]>();
        foreach (var order in Permutations([0, 1, 2, 3]))
        {
            data.Add(order);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task every_order_of_registration_creation_activation_and_cancellation_sends_the_three_mails_once(int[] order)
    {
        var handlers = Build();
        var customer = Guid.CreateVersion7();
        var subscription = Guid.CreateVersion7();
        object[] events =
        [
            Envelope(Registered(customer)), Envelope(Created(subscription, customer)), Envelope(Activated(subscription)), Envelope(Cancelled(subscription)),
        ];

        foreach (var index in order)
        {
            await handlers.HandleAsync(events[index]);
        }

        // A replay of everything, in the same order.
        foreach (var index in order)
        {
            await handlers.HandleAsync(events[index]);
        }

        Assert.Equal(
            [$"activated-{subscription:D}", $"cancelled-{subscription:D}", $"welcome-{customer:D}"],
            Mails().Select(m => m.MailId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task a_registration_and_a_creation_racing_each_other_confirm_the_activation_once()
    {
        const int Customers = 20;
        var handlers = Build();
        var pairs = Enumerable.Range(0, Customers).Select(_ => (Customer: Guid.CreateVersion7(), Subscription: Guid.CreateVersion7())).ToList();
        foreach (var (_, subscription) in pairs)
        {
            await handlers.HandleAsync(Envelope(Activated(subscription)));
        }

        await Task.WhenAll(pairs.SelectMany(p => new[]
        {
            Task.Run(() => handlers.HandleAsync(Envelope(Registered(p.Customer))), Ct),
            Task.Run(() => handlers.HandleAsync(Envelope(Created(p.Subscription, p.Customer))), Ct),
        }));

        var confirmations = Mails().Where(m => m.MailId!.StartsWith("activated-", StringComparison.Ordinal)).ToList();
        Assert.Equal(Customers, confirmations.Count);
        Assert.Equal(Customers, confirmations.Select(m => m.MailId).Distinct().Count());
    }

    private static IEnumerable<int[]> Permutations(int[] items) =>
        items.Length <= 1
            ? [items]
            : items.SelectMany(first => Permutations([.. items.Where(i => i != first)]).Select(rest => (int[])[first, .. rest]));
}
