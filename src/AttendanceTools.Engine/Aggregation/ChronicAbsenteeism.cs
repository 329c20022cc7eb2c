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

/// <summary>
/// The chronic-absenteeism verdict for one student at one school over a date range. <see cref="DaysAbsent"/>
/// and <see cref="Rate"/> are the exact values as decimals (28 significant digits; a Fractional sum such as
/// 11/6 has no finite decimal); <see cref="IsChronic"/> was decided on the exact fractions.
/// </summary>
public readonly record struct ChronicVerdict(int EnrolledDays, decimal DaysAbsent, decimal Rate, bool IsChronic, string? Reason);

/// <summary>
/// The pure rule of §7.5: enrolled days are aggregate rows; days absent sum the chosen rule's day
/// values; chronic is a rate at or above the threshold with at least the minimum enrolled days.
/// Everything is exact (integer and rational arithmetic); only views round.
/// </summary>
public static class ChronicAbsenteeism
{
    public const decimal DefaultThreshold = 0.10m;
    public const int DefaultMinimumEnrolledDays = 10;

    public static Rational DayValue(DayAbsentRule rule, int scheduled, int absent, int? wholeDayMinutes, int? halfDayMinutes) => rule switch
    {
        DayAbsentRule.HalfDay => absent * 2 >= scheduled ? 1 : 0,
        DayAbsentRule.Fractional => scheduled == 0 ? 0 : new Rational(absent, scheduled),
        _ => absent >= wholeDayMinutes ? 1 : absent >= halfDayMinutes ? new Rational(1, 2) : 0,
    };

    public static ChronicVerdict Evaluate(int enrolledDays, decimal daysAbsent, decimal threshold = DefaultThreshold, int minimumEnrolledDays = DefaultMinimumEnrolledDays)
        => Evaluate(enrolledDays, Rational.FromDecimal(daysAbsent), threshold, minimumEnrolledDays);

    public static ChronicVerdict Evaluate(int enrolledDays, Rational daysAbsent, decimal threshold = DefaultThreshold, int minimumEnrolledDays = DefaultMinimumEnrolledDays)
    {
        var rate = enrolledDays == 0 ? Rational.Zero : daysAbsent / enrolledDays;
        var meetsMinimum = enrolledDays >= minimumEnrolledDays;
        var chronic = meetsMinimum && rate >= Rational.FromDecimal(threshold);
        return new ChronicVerdict(enrolledDays, daysAbsent.ToDecimal(), rate.ToDecimal(), chronic, meetsMinimum ? null : "BelowMinimumDays");
    }

    /// <summary>How a value is displayed (domain §2.4): 4 decimals, half away from zero.</summary>
    public static decimal Round(decimal value) => Math.Round(value, 4, MidpointRounding.AwayFromZero);
}

/// <summary>
/// One student's days absent at one school, summed exactly and cheaply: whole and half days as a count
/// of halves; Fractional as absent minutes per distinct scheduled-minutes value (Σ absent ÷ scheduled,
/// one fraction per value), so a year of rows costs integer additions, not fraction arithmetic.
/// </summary>
public sealed class AbsenceTally
{
    private long _halves;
    private Dictionary<int, long>? _absentByScheduled;

    public int EnrolledDays { get; private set; }

    public void Add(DayAbsentRule rule, int scheduled, int absent, int? wholeDayMinutes, int? halfDayMinutes)
    {
        EnrolledDays++;
        switch (rule)
        {
            case DayAbsentRule.HalfDay:
                if (absent * 2 >= scheduled) _halves += 2;
                break;
            case DayAbsentRule.Fractional:
                if (scheduled == 0 || absent == 0) break;
                _absentByScheduled ??= [];
                _absentByScheduled[scheduled] = _absentByScheduled.GetValueOrDefault(scheduled) + absent;
                break;
            default:
                _halves += absent >= wholeDayMinutes ? 2 : absent >= halfDayMinutes ? 1 : 0;
                break;
        }
    }

    public Rational DaysAbsent
    {
        get
        {
            var total = new Rational(_halves, 2);
            if (_absentByScheduled is not null)
                foreach (var (scheduled, absent) in _absentByScheduled) total += new Rational(absent, scheduled);
            return total;
        }
    }
}
