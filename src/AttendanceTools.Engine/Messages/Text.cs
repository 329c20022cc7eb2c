using System.Globalization;
using Humanizer;

namespace AttendanceTools.Engine.Messages;

/// <summary>
/// Ready-made text for people (progress status, verbose lines). Humanizer lives here only, so the
/// cmdlet assembly needs no third-party reference. Never used for data.
/// </summary>
public static class Text
{
    public static string Count(long count, string noun) => noun.ToQuantity(count, "N0", CultureInfo.InvariantCulture);

    public static string Duration(TimeSpan duration)
        => duration < TimeSpan.FromSeconds(1)
            ? string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMilliseconds:0} ms")
            : duration.Humanize(2, CultureInfo.InvariantCulture);

    /// <summary>"3 of 12 calendars, about 2 minutes left".</summary>
    public static string Progress(int done, int total, string noun, TimeSpan elapsed)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{done:N0} of {Count(total, noun)}");
        if (done <= 0 || done >= total || elapsed < TimeSpan.FromSeconds(2)) return text;
        var left = TimeSpan.FromTicks(elapsed.Ticks * (total - done) / done);
        return $"{text}, about {left.Humanize(1, CultureInfo.InvariantCulture)} left";
    }

    public static string Number(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
