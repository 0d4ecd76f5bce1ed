using System.Text.Json.Nodes;

namespace Razors.Lambda.Tests.Compliance;

/// <summary>PutEvents response bodies, entry by entry as EventBridge answers them.</summary>
internal static class PutEventsResponse
{
    public static string Accepted(int count) => Of([.. Enumerable.Repeat(true, count)]);

    /// <summary>One result per entry of the call: an event id when accepted, an error code when not.</summary>
    public static string Of(params bool[] accepted)
    {
        var entries = new JsonArray();
        for (var i = 0; i < accepted.Length; i++)
        {
            entries.Add(accepted[i]
                ? new JsonObject { ["EventId"] = $"e-{Guid.NewGuid():N}" }
                : new JsonObject { ["ErrorCode"] = "InternalFailure", ["ErrorMessage"] = "try again" });
        }

        return new JsonObject { ["FailedEntryCount"] = accepted.Count(a => !a), ["Entries"] = entries }.ToJsonString();
    }
}
