using System.Collections.Concurrent;
using Razors.Payments.Ports;

namespace Razors.Payments.Service.Tests.Fakes;

internal sealed class InMemoryResumeTokenStore : IResumeTokenStore
{
    private readonly ConcurrentDictionary<string, string> tokens = new(StringComparer.Ordinal);
    private int failuresToInject;

    /// <summary>Makes the next <paramref name="saves"/> saves throw, as a store that is down would.</summary>
    public void FailNextSaves(int saves) => Interlocked.Exchange(ref failuresToInject, saves);

    public string? this[string consumer] => tokens.GetValueOrDefault(consumer);

    public Task<string?> LoadAsync(string consumer, CancellationToken cancellationToken) => Task.FromResult(tokens.GetValueOrDefault(consumer));

    public Task SaveAsync(string consumer, string resumeToken, CancellationToken cancellationToken)
    {
        if (Interlocked.Decrement(ref failuresToInject) >= 0)
        {
            throw new IOException("The token store is unavailable.");
        }

        tokens[consumer] = resumeToken;
        return Task.CompletedTask;
    }
}
