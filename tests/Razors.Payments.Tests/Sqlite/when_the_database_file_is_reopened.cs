using Razors.Payments.Ports;
using Razors.Payments.Tests.Backends;

namespace Razors.Payments.Tests.Sqlite;

public sealed class when_the_database_file_is_reopened : IDisposable
{
    private const string Consumer = "payments-outbox-relay";

    private readonly string dataDirectory = Directory.CreateTempSubdirectory("razors-payments-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task payments_outbox_inbox_and_resume_tokens_are_still_there()
    {
        var payment = Samples.Payment();
        var handledEvent = Guid.CreateVersion7();
        var creation = Samples.Creation(payment) with { HandledEventId = handledEvent };
        var cancellation = Samples.Cancellation(payment);
        string token;
        await using (var before = SqliteBackend.Open(dataDirectory))
        {
            await before.Store.SaveAsync(creation, Ct);
            await before.Store.SaveAsync(cancellation, Ct);
            token = (await Take(before.Changes, 1, null)).Single().ResumeToken;
            await before.ResumeTokens.SaveAsync(Consumer, token, Ct);
        }

        await using var after = SqliteBackend.Open(dataDirectory);

        Assert.Equal(cancellation.After, await after.Store.GetAsync(payment.PaymentId, Ct));
        Assert.Equal(cancellation.After, await after.Store.FindBySubscriptionAsync(payment.SubscriptionId, Ct));
        Assert.True(await after.Store.HasHandledAsync(handledEvent, Ct));
        Assert.Equal(token, await after.ResumeTokens.LoadAsync(Consumer, Ct));
        Assert.Equal(cancellation.Outbox, (await Take(after.Changes, 1, token)).Select(c => c.Document.Record));
    }

    [Fact]
    public async Task the_change_log_continues_after_the_last_change_without_reusing_a_token()
    {
        string[] tokensBefore;
        await using (var before = SqliteBackend.Open(dataDirectory))
        {
            await before.Store.SaveAsync(Samples.Creation(Samples.Payment()), Ct);
            await before.Store.SaveAsync(Samples.Creation(Samples.Payment()), Ct);
            tokensBefore = [.. (await Take(before.Changes, 2, null)).Select(c => c.ResumeToken)];
        }

        await using var after = SqliteBackend.Open(dataDirectory);
        var later = Samples.Creation(Samples.Payment());
        await after.Store.SaveAsync(later, Ct);

        var resumed = (await Take(after.Changes, 1, tokensBefore[^1])).Single();
        Assert.Equal(later.Outbox.Single(), resumed.Document.Record);
        Assert.DoesNotContain(resumed.ResumeToken, tokensBefore);
    }

    public void Dispose() => Directory.Delete(dataDirectory, recursive: true);

    private static Task<List<OutboxChange>> Take(IOutboxChanges changes, int count, string? resumeAfter) =>
        Watcher.TakeAsync(changes, count, resumeAfter, Ct);
}
