using AttendanceTools.Engine.Backfill;
using C = AttendanceTools.Engine.Backfill.BackfillCategory;

namespace AttendanceTools.Engine.Tests.Backfill;

/// <summary>The pure core of domain §5.4 with the worked examples B1–B3 of §5.8, field by field.</summary>
public sealed class BackfillCoreTests
{
    // §5.8: target 3 h/day, work experience 1 h/day.
    private static BackfillRules Rules(string start) => new(180, 60, D(start));

    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Weekdays from <paramref name="monday"/> with the given class minutes (null: not a membership day).</summary>
    private static IEnumerable<BackfillDay> Week(string monday, params int?[] classMinutes)
        => classMinutes.Select((m, i) => (m, i)).Where(p => p.m is not null).Select(p => new BackfillDay(D(monday).AddDays(p.i), p.m!.Value, 0, 0));

    private static (List<BackfillMoveRow> Moves, List<BackfillWeekOutcome> Before, List<BackfillWeekOutcome> After) Run(IEnumerable<BackfillDay> days, BackfillRules rules)
    {
        var weeks = BackfillCore.Weeks(days, []);
        var moves = BackfillCore.Moves(weeks, rules);
        return (moves, BackfillCore.Evaluate(weeks, rules, []), BackfillCore.Evaluate(weeks, rules, moves));
    }

    private static (int Out, int In, int Post, int Claimable, int Unused, int Short) Row(BackfillWeekOutcome w)
        => (w.MovedOut, w.MovedIn, w.PostTotal, w.Claimable, w.UnusedExcess, w.Short);

    [Fact]
    public void B1_one_long_week_repays_an_earlier_short_week()
    {
        var days = Week("2025-09-08", 180, 120, 180, 120, 120).Concat(Week("2025-09-15", 180, 180, 180, 180, 180)).Concat(Week("2025-09-22", 240, 240, 240, 180, 240));
        var (moves, before, after) = Run(days, Rules("2025-09-08"));

        Assert.Equal([new BackfillMoveRow(D("2025-09-22"), D("2025-09-08"), C.Class, 180)], moves);
        Assert.Equal([(720, 900, 720), (900, 900, 900), (1140, 900, 900)], before.Select(w => (w.Countable, w.Target, w.Claimable)));
        Assert.Equal((0, 180, 900, 900, 0, 0), Row(after[0]));
        Assert.Equal((0, 0, 900, 900, 0, 0), Row(after[1]));
        Assert.Equal((180, 0, 960, 900, 60, 0), Row(after[2]));
        Assert.Equal((2520, 2700), (before.Sum(w => w.Claimable), after.Sum(w => w.Claimable)));
        Assert.Equal((42m, 45m), (BackfillHours.Hours(2520), BackfillHours.Hours(2700)));
        Assert.Equal((14m, 15m), (BackfillHours.Ada(2520), BackfillHours.Ada(2700)));
    }

    [Fact]
    public void B2_a_holiday_week_and_the_work_experience_cap()
    {
        // Tuesday 2025-11-11 (Veterans Day) is not in session: week 11-10 has four days.
        var days = new List<BackfillDay>();
        foreach (var d in new[] { "2025-11-10", "2025-11-12", "2025-11-13", "2025-11-14" }) days.Add(new BackfillDay(D(d), 120, 15, 0));
        for (var i = 0; i < 5; i++) days.Add(new BackfillDay(D("2025-11-17").AddDays(i), 180, 0, 80));
        var (moves, before, after) = Run(days, Rules("2025-11-10"));

        var w1 = before[0];
        Assert.Equal((4, 480, 60, 0, 0, 540, 720), (w1.Days, w1.BaselineClass, w1.BaselineIndependentStudy, w1.BaselineWorkExperience, w1.WorkExperienceOverCap, w1.Countable, w1.Target));
        var w2 = before[1];
        Assert.Equal((5, 900, 0, 300, 100, 1200, 900), (w2.Days, w2.BaselineClass, w2.BaselineIndependentStudy, w2.BaselineWorkExperience, w2.WorkExperienceOverCap, w2.Countable, w2.Target));

        Assert.Equal([new BackfillMoveRow(D("2025-11-17"), D("2025-11-10"), C.WorkExperience, 180)], moves);
        Assert.Equal((720, 480, 60, 180, 720, 0, 0), (after[0].PostTotal, after[0].PostClass, after[0].PostIndependentStudy, after[0].PostWorkExperience, after[0].Claimable, after[0].UnusedExcess, after[0].Short));
        Assert.Equal((1020, 900, 0, 120, 900, 120, 0), (after[1].PostTotal, after[1].PostClass, after[1].PostIndependentStudy, after[1].PostWorkExperience, after[1].Claimable, after[1].UnusedExcess, after[1].Short));
        Assert.Equal((1440, 1620, 9m), (before.Sum(w => w.Claimable), after.Sum(w => w.Claimable), BackfillHours.Ada(1620)));
    }

    [Fact]
    public void B3_hours_never_move_forward()
    {
        var days = Week("2025-12-01", 240, 240, 240, 240, 240).Concat(Week("2025-12-08", 120, 120, 120, 120, 120)).Concat(Week("2025-12-15", 200, 200, 200, 200, 200));
        var (moves, _, after) = Run(days, Rules("2025-12-01"));

        Assert.Equal([new BackfillMoveRow(D("2025-12-15"), D("2025-12-08"), C.Class, 100)], moves);
        Assert.Equal([1200, 600, 1000], after.Select(w => w.Countable));
        Assert.Equal((0, 0, 1200, 900, 300, 0), Row(after[0]));
        Assert.Equal((0, 100, 700, 700, 0, 200), Row(after[1]));
        Assert.Equal((100, 0, 900, 900, 0, 0), Row(after[2]));
        Assert.Equal(2500, after.Sum(w => w.Claimable));
        Assert.Equal(13.8889m, Math.Round(BackfillHours.Ada(2500), 4, MidpointRounding.AwayFromZero));
    }

    [Fact]
    public void Excess_fills_the_earliest_short_week_first_and_one_donor_can_fill_several()
    {
        // Weeks 1 and 2 short by 100 and 200; week 3 has 250 excess: 100 to week 1, then 150 to week 2 (choice C3).
        var days = Week("2026-02-02", 160, 160, 160, 160, 160).Concat(Week("2026-02-09", 140, 140, 140, 140, 140)).Concat(Week("2026-02-16", 230, 230, 230, 230, 230));
        var (moves, _, after) = Run(days, Rules("2026-02-02"));

        Assert.Equal([new BackfillMoveRow(D("2026-02-16"), D("2026-02-02"), C.Class, 100), new BackfillMoveRow(D("2026-02-16"), D("2026-02-09"), C.Class, 150)], moves);
        Assert.Equal([0, 50, 0], after.Select(w => w.Short));
    }

    [Fact]
    public void A_donor_gives_work_experience_then_independent_study_then_class_across_its_moves()
    {
        // Week 2: class 1000, IS 100, WE 5 × 30 = 150 (under the 300 cap): excess 350 goes to weeks 0 and 1 (short 200 each).
        var days = new List<BackfillDay>();
        days.AddRange(Week("2026-03-02", 140, 140, 140, 140, 140));
        days.AddRange(Week("2026-03-09", 140, 140, 140, 140, 140));
        for (var i = 0; i < 5; i++) days.Add(new BackfillDay(D("2026-03-16").AddDays(i), 200, 20, 30));
        var (moves, _, after) = Run(days, Rules("2026-03-02"));

        Assert.Equal(
        [
            new BackfillMoveRow(D("2026-03-16"), D("2026-03-02"), C.WorkExperience, 150),
            new BackfillMoveRow(D("2026-03-16"), D("2026-03-02"), C.IndependentStudy, 50),
            new BackfillMoveRow(D("2026-03-16"), D("2026-03-09"), C.IndependentStudy, 50),
            new BackfillMoveRow(D("2026-03-16"), D("2026-03-09"), C.Class, 100),
        ], moves);
        Assert.Equal((900, 900, 0, 0), (after[2].PostTotal, after[2].PostClass, after[2].PostIndependentStudy, after[2].PostWorkExperience));
        Assert.Equal((800, 50, 50), (after[1].PostClass, after[1].PostIndependentStudy, after[1].Short));
    }

    [Fact]
    public void A_partial_week_targets_only_the_students_membership_days()
    {
        // Joins on Wednesday: three membership days, target 540 (choice C17).
        var weeks = BackfillCore.Weeks(Week("2026-01-05", null, null, 180, 180, 180), []);
        var w = Assert.Single(BackfillCore.Evaluate(weeks, Rules("2026-01-05"), []));
        Assert.Equal((3, 540, 540, 0), (w.Days, w.Target, w.Claimable, w.Short));
    }

    [Fact]
    public void Frozen_moves_stay_spent_in_their_donor_week()
    {
        // A move from week 01-12 into a week before the start date (frozen, choice C4) took 200 minutes.
        var frozen = new BackfillMoveRow(D("2026-01-12"), D("2025-12-15"), C.Class, 200);
        var days = Week("2026-01-05", 150, 150, 150, 150, 150).Concat(Week("2026-01-12", 240, 240, 240, 240, 240));
        var weeks = BackfillCore.Weeks(days, [frozen]);
        var moves = BackfillCore.Moves(weeks, Rules("2026-01-05"));
        var after = BackfillCore.Evaluate(weeks, Rules("2026-01-05"), moves);

        // Week 01-12: 1200 − 200 frozen = 1000, excess 100 → week 01-05.
        Assert.Equal([new BackfillMoveRow(D("2026-01-12"), D("2026-01-05"), C.Class, 100)], moves);
        Assert.Equal((200, 100, 900, 900), (after[1].FrozenOut, after[1].MovedOut, after[1].PostTotal, after[1].Claimable));
        Assert.Equal(850, after[0].PostTotal);
    }

    [Fact]
    public void Fingerprint_round_trips_and_names_the_first_reason_that_applies()
    {
        var rules = Rules("2026-01-05");
        var old = BackfillFingerprint.Of(BackfillCore.Weeks(Week("2026-01-05", 120, 120, 120, 120, 120).Concat(Week("2026-01-12", 240, 240, 240, 240, 240)), []), rules);
        Assert.Equal("180,60|20260105:5:600:0:0:0;20260112:5:1200:0:0:0", old.ToString());
        Assert.True(BackfillFingerprint.Parse(old.ToString())!.SameAs(old));

        var edited = BackfillFingerprint.Of(BackfillCore.Weeks(Week("2026-01-05", 120, 120, 120, 120, 120).Concat(Week("2026-01-12", 240, 240, 240, 180, 180)), []), rules);
        var withdrawn = BackfillFingerprint.Of(BackfillCore.Weeks(Week("2026-01-05", 120, 120, 120, 120, 120).Concat(Week("2026-01-12", 240, 240, 240, null, null)), []), rules);
        var longer = BackfillFingerprint.Of(BackfillCore.Weeks(Week("2026-01-05", 120, 120, 120, 120, 120).Concat(Week("2026-01-12", 240, 240, 240, 240, 240)).Concat(Week("2026-01-19", 200)), []), rules);

        Assert.Equal(BackfillReason.NeverApplied, BackfillFingerprint.ReasonFor(null, null, edited, D("2026-01-05")));
        Assert.Equal(BackfillReason.StartDateChanged, BackfillFingerprint.ReasonFor(old, D("2025-12-01"), edited, D("2026-01-05")));
        Assert.Equal(BackfillReason.AttendanceChanged, BackfillFingerprint.ReasonFor(old, D("2026-01-05"), edited, D("2026-01-05")));
        Assert.Equal(BackfillReason.MembershipChanged, BackfillFingerprint.ReasonFor(old, D("2026-01-05"), withdrawn, D("2026-01-05")));
        Assert.Equal(BackfillReason.NewWeeks, BackfillFingerprint.ReasonFor(old, D("2026-01-05"), longer, D("2026-01-05")));
        Assert.Null(BackfillFingerprint.Parse("garbage"));
    }

    [Fact]
    public void Invariants_hold_on_random_students()
    {
        var random = new Random(20261129);
        for (var n = 0; n < 500; n++)
        {
            var rules = new BackfillRules(180, random.Next(0, 3) * 30, D("2025-09-01"));
            var days = new List<BackfillDay>();
            for (var d = 0; d < 7 * 12; d++)
                if (random.NextDouble() < 0.6)
                    days.Add(new BackfillDay(D("2025-09-01").AddDays(d), random.Next(0, 300), random.NextDouble() < 0.3 ? random.Next(0, 90) : 0,
                        random.NextDouble() < 0.3 ? random.Next(0, 120) : 0));
            BackfillInvariants.Check(BackfillCore.Weeks(days, []), rules);
        }
    }
}

/// <summary>The invariants §5.4 lists, asserted on any student's weeks (also over the demo district).</summary>
internal static class BackfillInvariants
{
    public static void Check(IReadOnlyList<BackfillWeekInput> weeks, BackfillRules rules)
    {
        var moves = BackfillCore.Moves(weeks, rules);
        var before = BackfillCore.Evaluate(weeks, rules, []);
        var after = BackfillCore.Evaluate(weeks, rules, moves);
        Assert.Equal(after.Sum(w => w.MovedIn), after.Sum(w => w.MovedOut));
        Assert.All(moves, m => Assert.True(m.DonorWeek > m.RecipientWeek && m.Minutes > 0, $"move {m} must go to an earlier week"));
        Assert.All(moves, m => Assert.True(m.RecipientWeek.AddDays(6) >= rules.StartDate, $"move {m} must not reach before the start date"));
        Assert.All(after, w =>
        {
            Assert.True(w.Claimable <= w.Target);
            if (w.MovedOut > 0) Assert.True(w.PostTotal >= w.Target, $"donor week {w.Monday} fell below its target");
            if (w.MovedIn > 0) Assert.True(w.PostTotal <= w.Target, $"recipient week {w.Monday} got more than its target");
            Assert.Equal(w.PostTotal, w.PostClass + w.PostIndependentStudy + w.PostWorkExperience);
            Assert.Equal(w.PostTotal, w.Countable - w.FrozenOut + w.MovedIn - w.MovedOut);
            Assert.True(w.PostWorkExperience >= 0 && w.PostIndependentStudy >= 0 && w.PostClass >= 0);
        });
        Assert.True(after.Sum(w => w.Claimable) >= before.Sum(w => w.Claimable));
        var weekSet = weeks.Select(w => w.Monday).ToHashSet();
        Assert.All(moves, m => Assert.True(weekSet.Contains(m.DonorWeek) && weekSet.Contains(m.RecipientWeek), "moves stay within the student's membership weeks"));
    }
}
