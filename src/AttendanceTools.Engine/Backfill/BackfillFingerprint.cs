using System.Globalization;

namespace AttendanceTools.Engine.Backfill;

/// <summary>Why a student's moves changed (domain §5.5); <see cref="Unchanged"/> when the run writes no move for the student.</summary>
public enum BackfillReason { Unchanged, NeverApplied, StartDateChanged, MembershipChanged, AttendanceChanged, NewWeeks, Cleared }

/// <summary>
/// The stored summary of the inputs a student's moves were computed from (domain §5.5): the rules
/// and, per window week, membership days and the minutes of each category (and frozen minutes out).
/// Equal fingerprints and start dates mean equal moves, which lets realtime Validate skip a student.
/// Text form: <c>T,W|yyyymmdd:days:class:is:we:frozen;…</c>.
/// </summary>
public sealed record BackfillFingerprint(int TargetPerDay, int WorkExperienceCapPerDay, IReadOnlyList<BackfillFingerprint.Week> Weeks)
{
    public readonly record struct Week(int Monday, int Days, int Class, int IndependentStudy, int WorkExperience, int Frozen)
    {
        public bool SameMinutes(Week o) => Class == o.Class && IndependentStudy == o.IndependentStudy && WorkExperience == o.WorkExperience && Frozen == o.Frozen;
    }

    public static BackfillFingerprint Of(IReadOnlyList<BackfillWeekInput> weeks, BackfillRules rules) => new(rules.TargetPerDay, rules.WorkExperienceCapPerDay,
        [.. weeks.Select(w => new Week(Storage.DbValue.Date(w.Monday), w.Days, w.Class, w.IndependentStudy, w.WorkExperience, w.Frozen))]);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{TargetPerDay},{WorkExperienceCapPerDay}|{string.Join(";", Weeks.Select(w => string.Create(CultureInfo.InvariantCulture, $"{w.Monday}:{w.Days}:{w.Class}:{w.IndependentStudy}:{w.WorkExperience}:{w.Frozen}")))}");

    /// <summary>Reads the stored text; null when it is not in the current format (then the student counts as never applied).</summary>
    public static BackfillFingerprint? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var bar = text.IndexOf('|', StringComparison.Ordinal);
        if (bar < 0) return null;
        var head = text[..bar].Split(',');
        if (head.Length != 2 || !int.TryParse(head[0], CultureInfo.InvariantCulture, out var t) || !int.TryParse(head[1], CultureInfo.InvariantCulture, out var w)) return null;
        var weeks = new List<Week>();
        foreach (var part in text[(bar + 1)..].Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = part.Split(':');
            if (f.Length != 6) return null;
            var v = new int[6];
            for (var i = 0; i < 6; i++)
                if (!int.TryParse(f[i], CultureInfo.InvariantCulture, out v[i])) return null;
            weeks.Add(new Week(v[0], v[1], v[2], v[3], v[4], v[5]));
        }
        return new BackfillFingerprint(t, w, weeks);
    }

    public bool SameAs(BackfillFingerprint other) => ToString() == other.ToString();

    /// <summary>The first reason of domain §5.5 that applies, for a student whose moves changed.</summary>
    public static BackfillReason ReasonFor(BackfillFingerprint? stored, DateOnly? storedStart, BackfillFingerprint current, DateOnly currentStart)
    {
        if (stored is null || storedStart is null) return BackfillReason.NeverApplied;
        if (storedStart != currentStart) return BackfillReason.StartDateChanged;
        var now = current.Weeks.ToDictionary(w => w.Monday);
        var membership = false;
        var minutes = false;
        foreach (var old in stored.Weeks)
        {
            if (!now.TryGetValue(old.Monday, out var cur)) membership = true;
            else if (cur.Days != old.Days) membership = true;
            else if (!cur.SameMinutes(old)) minutes = true;
        }
        if (membership) return BackfillReason.MembershipChanged;
        if (minutes) return BackfillReason.AttendanceChanged;
        var added = current.Weeks.Any(w => stored.Weeks.All(o => o.Monday != w.Monday));
        // Same weeks and minutes but other moves: the rules (preferences) or the stored moves themselves changed.
        return added ? BackfillReason.NewWeeks : BackfillReason.AttendanceChanged;
    }
}
