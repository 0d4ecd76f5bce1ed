using Razors.LocalCloud.Patterns;

namespace Razors.LocalCloud.Tests.Patterns;

internal static class Match
{
    public static bool Of(string pattern, string @event) => EventPattern.Parse(pattern).Matches(@event);

    public static string ErrorOf(string pattern)
    {
        Assert.False(EventPattern.TryParse(pattern, out _, out var error), $"accepted {pattern}");
        return error;
    }
}
