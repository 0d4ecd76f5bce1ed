using Razors.Messaging;

namespace Razors.Payments.Service.Tests.Fakes;

/// <summary>Ids 00000000-0000-7000-8000-000000000001, …0002, …: predictable and recognisable in failures.</summary>
internal sealed class SequentialIdGenerator : IIdGenerator
{
    private long next;

    public Guid NewId() => Guid.Parse($"00000000-0000-7000-8000-{Interlocked.Increment(ref next):D12}");
}
