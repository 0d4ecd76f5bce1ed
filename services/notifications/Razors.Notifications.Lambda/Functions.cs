namespace Razors.Notifications.Lambda;

/// <summary>The notifications service's Lambda entry points (handler strings in <c>NotificationsTopology</c>).</summary>
public static class Functions
{
}
