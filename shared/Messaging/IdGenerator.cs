namespace Razors.Messaging;

/// <summary>New ids for aggregates and events; tests substitute a predictable sequence.</summary>
public interface IIdGenerator
{
    Guid NewId();
}

/// <summary>Time-ordered UUIDv7 ids (RFC 9562): ids sort by creation time in logs and timelines.</summary>
public sealed class Version7IdGenerator : IIdGenerator
{
    public Guid NewId() => Guid.CreateVersion7();
}
