using System.Globalization;

namespace Razors.Topology;

/// <summary>
/// Where the event lake keeps an event: <c>bus=&lt;bus&gt;/year=YYYY/month=MM/day=DD/</c> by the UTC
/// time it arrived, the same under the S3 bucket (a Firehose custom prefix) and under <c>.data/lake/</c>.
/// What Firehose cannot deliver goes under <see cref="ErrorPrefix"/>.
/// </summary>
public static class LakeLayout
{
    /// <summary>The Firehose <c>Prefix</c> of a bus's delivery stream (its <c>!{timestamp:…}</c> is the arrival time in UTC).</summary>
    public static string Prefix(string bus) => $"bus={bus}/year=!{{timestamp:yyyy}}/month=!{{timestamp:MM}}/day=!{{timestamp:dd}}/";

    /// <summary>The Firehose <c>ErrorOutputPrefix</c> of a bus's delivery stream.</summary>
    public static string ErrorPrefix(string bus) => $"errors/bus={bus}/!{{firehose:error-output-type}}/year=!{{timestamp:yyyy}}/month=!{{timestamp:MM}}/day=!{{timestamp:dd}}/";

    /// <summary>The folder (or key prefix) of one bus and one day: what <see cref="Prefix"/> expands to.</summary>
    public static string Partition(string bus, DateOnly day) =>
        string.Create(CultureInfo.InvariantCulture, $"bus={bus}/year={day.Year:D4}/month={day.Month:D2}/day={day.Day:D2}/");
}
