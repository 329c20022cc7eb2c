namespace AttendanceTools.Engine.Aggregation;

/// <summary>What makes a day "absent" for chronic absenteeism (domain §7.5, choice C13).</summary>
public enum DayAbsentRule
{
    /// <summary>1 when at least half the scheduled minutes were missed, else 0 (the default).</summary>
    HalfDay,
    /// <summary>Absent minutes ÷ scheduled minutes.</summary>
    Fractional,
    /// <summary>1 at or above the calendar's whole-day minutes, 0.5 at or above its half-day minutes, else 0.</summary>
    WholeHalf,
}

/// <summary>The chronic-absenteeism verdict for one student at one school over a date range.</summary>
public readonly record struct ChronicVerdict(int EnrolledDays, decimal DaysAbsent, decimal Rate, bool IsChronic, string? Reason);

/// <summary>
/// The pure rule of §7.5: enrolled days are aggregate rows; days absent sum the chosen rule's day
/// values; chronic is a rate at or above the threshold with at least the minimum enrolled days.
/// Comparisons use exact values; only what is shown is rounded (4 decimals, half away from zero).
/// </summary>
public static class ChronicAbsenteeism
{
    public const decimal DefaultThreshold = 0.10m;
    public const int DefaultMinimumEnrolledDays = 10;

    public static decimal DayValue(DayAbsentRule rule, int scheduled, int absent, int? wholeDayMinutes, int? halfDayMinutes) => rule switch
    {
        DayAbsentRule.HalfDay => absent * 2 >= scheduled ? 1m : 0m,
        DayAbsentRule.Fractional => scheduled == 0 ? 0m : (decimal)absent / scheduled,
        _ => absent >= wholeDayMinutes ? 1m : absent >= halfDayMinutes ? 0.5m : 0m,
    };

    public static ChronicVerdict Evaluate(int enrolledDays, decimal daysAbsent, decimal threshold = DefaultThreshold, int minimumEnrolledDays = DefaultMinimumEnrolledDays)
    {
        var rate = enrolledDays == 0 ? 0m : daysAbsent / enrolledDays;
        var meetsMinimum = enrolledDays >= minimumEnrolledDays;
        var chronic = meetsMinimum && rate >= threshold;
        return new ChronicVerdict(enrolledDays, Round(daysAbsent), Round(rate), chronic, meetsMinimum ? null : "BelowMinimumDays");
    }

    public static decimal Round(decimal value) => Math.Round(value, 4, MidpointRounding.AwayFromZero);
}
