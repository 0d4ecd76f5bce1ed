namespace Razors.Insights.Lambda;

/// <summary>The insights service's Lambda entry points (handler strings in <c>InsightsTopology</c>).</summary>
public static class Functions
{
}
