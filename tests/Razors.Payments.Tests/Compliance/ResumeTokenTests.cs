using Razors.Payments.Tests.Backends;

namespace Razors.Payments.Tests.Compliance;

public abstract class when_a_resume_token_is_saved(Implementation implementation) : PaymentStoreTest(implementation)
{
    private const string Consumer = "payments-outbox-relay";

    [Fact]
    public async Task it_loads_back_and_the_stream_resumes_after_it()
    {
        var first = Samples.Creation(Samples.Payment());
        var second = Samples.Creation(Samples.Payment());
        await SaveAsync(first);
        await SaveAsync(second);
        var change = (await TakeAsync(1, resumeAfter: null)).Single();

        await Backend.ResumeTokens.SaveAsync(Consumer, change.ResumeToken, Ct);
        var loaded = await Backend.ResumeTokens.LoadAsync(Consumer, Ct);

        Assert.Equal(change.ResumeToken, loaded);
        Assert.Equal(EventIds(second), EventIds(await TakeAsync(1, loaded)));
    }

    [Fact]
    public async Task a_later_token_replaces_it_and_other_consumers_keep_their_own()
    {
        await Backend.ResumeTokens.SaveAsync(Consumer, "first", Ct);
        await Backend.ResumeTokens.SaveAsync("another-consumer", "theirs", Ct);

        await Backend.ResumeTokens.SaveAsync(Consumer, "second", Ct);

        Assert.Equal("second", await Backend.ResumeTokens.LoadAsync(Consumer, Ct));
        Assert.Equal("theirs", await Backend.ResumeTokens.LoadAsync("another-consumer", Ct));
        Assert.Null(await Backend.ResumeTokens.LoadAsync("a-consumer-that-never-saved", Ct));
    }

    public sealed class in_the_embedded_store() : when_a_resume_token_is_saved(Implementation.Sqlite);

    public sealed class on_mongodb() : when_a_resume_token_is_saved(Implementation.MongoDb);
}
