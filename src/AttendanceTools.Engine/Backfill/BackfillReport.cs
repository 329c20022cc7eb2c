using System.Data.Common;
using AttendanceTools.Engine.Queries;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Backfill;

/// <summary>One student-week as Get-BackfillReport shows it (domain §5.6): hours, the same fields in minutes, and ADA days.</summary>
public sealed record BackfillWeekReport
{
    public required string School { get; init; }
    public required string SchoolId { get; init; }
    public required string Student { get; init; }
    /// <summary>The Monday of the week.</summary>
    public required DateTime Week { get; init; }
    public int Days { get; init; }
    public int TargetMinutes { get; init; }
    public int BaselineClassMinutes { get; init; }
    public int BaselineIndependentStudyMinutes { get; init; }
    /// <summary>Work experience credited before backfill (at most the cap).</summary>
    public int BaselineWorkExperienceMinutes { get; init; }
    public int WorkExperienceOverCapMinutes { get; init; }
    public int CountableMinutes { get; init; }
    public int FrozenOutMinutes { get; init; }
    public int MovedOutMinutes { get; init; }
    public int MovedInMinutes { get; init; }
    public int PostClassMinutes { get; init; }
    public int PostIndependentStudyMinutes { get; init; }
    public int PostWorkExperienceMinutes { get; init; }
    public int PostTotalMinutes { get; init; }
    public int ClaimableMinutes { get; init; }
    public int UnusedExcessMinutes { get; init; }
    public int ShortMinutes { get; init; }
    public decimal Target => BackfillHours.Hours(TargetMinutes);
    public decimal BaselineClass => BackfillHours.Hours(BaselineClassMinutes);
    public decimal BaselineIndependentStudy => BackfillHours.Hours(BaselineIndependentStudyMinutes);
    public decimal BaselineWorkExperience => BackfillHours.Hours(BaselineWorkExperienceMinutes);
    public decimal WorkExperienceOverCap => BackfillHours.Hours(WorkExperienceOverCapMinutes);
    public decimal Countable => BackfillHours.Hours(CountableMinutes);
    public decimal FrozenOut => BackfillHours.Hours(FrozenOutMinutes);
    public decimal MovedOut => BackfillHours.Hours(MovedOutMinutes);
    public decimal MovedIn => BackfillHours.Hours(MovedInMinutes);
    public decimal PostClass => BackfillHours.Hours(PostClassMinutes);
    public decimal PostIndependentStudy => BackfillHours.Hours(PostIndependentStudyMinutes);
    public decimal PostWorkExperience => BackfillHours.Hours(PostWorkExperienceMinutes);
    public decimal PostTotal => BackfillHours.Hours(PostTotalMinutes);
    public decimal Claimable => BackfillHours.Hours(ClaimableMinutes);
    public decimal UnusedExcess => BackfillHours.Hours(UnusedExcessMinutes);
    public decimal Short => BackfillHours.Hours(ShortMinutes);
    /// <summary>Claimable minutes ÷ 180.</summary>
    public decimal AdaDays => BackfillHours.Ada(ClaimableMinutes);

    public override string ToString() => $"{Student} {Week:yyyy-MM-dd}";
}

/// <summary>What the report and move listing cover.</summary>
public sealed record BackfillReportRequest
{
    public IReadOnlyList<string> Schools { get; init; } = [];
    public IReadOnlyList<string> Students { get; init; } = [];
    public int? SchoolYear { get; init; }
    /// <summary>District-local time: the window's end. Default: now.</summary>
    public DateTime? AsOf { get; init; }
}

/// <summary>Read-only views of the stored backfill: the week report and the moves (domain §5.6).</summary>
public static class BackfillReport
{
    /// <summary>Per CE student and window week: the stored day aggregates and time entries with the stored moves.</summary>
    public static List<BackfillWeekReport> Weeks(AttendanceStore store, BackfillReportRequest request, Action<AttendanceException> failure)
    {
        var rows = new List<BackfillWeekReport>();
        Each(store, request, failure, (inputs, student, id) =>
        {
            var s = inputs.Settings;
            var outcome = BackfillCore.Evaluate(inputs.Weeks(student), s.Rules, inputs.StoredInScope(student).Select(m => m.Move));
            rows.AddRange(outcome.Select(w => new BackfillWeekReport
            {
                School = s.SchoolName, SchoolId = s.SchoolId, Student = id, Week = w.Monday.ToDateTime(TimeOnly.MinValue), Days = w.Days,
                TargetMinutes = w.Target, BaselineClassMinutes = w.BaselineClass, BaselineIndependentStudyMinutes = w.BaselineIndependentStudy,
                BaselineWorkExperienceMinutes = w.BaselineWorkExperience, WorkExperienceOverCapMinutes = w.WorkExperienceOverCap, CountableMinutes = w.Countable,
                FrozenOutMinutes = w.FrozenOut, MovedOutMinutes = w.MovedOut, MovedInMinutes = w.MovedIn, PostClassMinutes = w.PostClass,
                PostIndependentStudyMinutes = w.PostIndependentStudy, PostWorkExperienceMinutes = w.PostWorkExperience, PostTotalMinutes = w.PostTotal,
                ClaimableMinutes = w.Claimable, UnusedExcessMinutes = w.UnusedExcess, ShortMinutes = w.Short,
            }));
        });
        return rows;
    }

    /// <summary>The stored moves of the schools' students (frozen ones included), by student, donor and recipient week.</summary>
    public static List<BackfillMoveInfo> Moves(AttendanceStore store, BackfillReportRequest request, Action<AttendanceException> failure)
    {
        var rows = new List<BackfillMoveInfo>();
        Each(store, request, failure, (inputs, student, id) =>
        {
            var s = inputs.Settings;
            rows.AddRange(inputs.Moves.GetValueOrDefault(student, []).OrderBy(m => m.Move.DonorWeek).ThenBy(m => m.Move.RecipientWeek).ThenBy(m => m.Move.Category)
                .Select(m => new BackfillMoveInfo
                {
                    School = s.SchoolName, SchoolId = s.SchoolId, Student = id, DonorWeek = m.Move.DonorWeek.ToDateTime(TimeOnly.MinValue),
                    RecipientWeek = m.Move.RecipientWeek.ToDateTime(TimeOnly.MinValue), Category = m.Move.Category.ToString(), Minutes = m.Move.Minutes,
                    IsFrozen = inputs.IsFrozen(m.Move), RunId = m.RunId,
                }));
        }, withMoves: true);
        return rows;
    }

    private static void Each(AttendanceStore store, BackfillReportRequest request, Action<AttendanceException> failure, Action<BackfillInputs, int, string> row,
        bool withMoves = false)
    {
        using var c = store.OpenConnection();
        var localNow = request.AsOf ?? DistrictClock.LocalNow(store, c);
        var failures = new List<AttendanceException>();
        var asOf = DateOnly.FromDateTime(localNow);
        var year = BackfillOperation.YearOf(c, request.SchoolYear, asOf);
        var selected = BackfillOperation.ResolveStudents(c, request.Students, failures);
        var covered = new HashSet<int>();
        foreach (var s in BackfillOperation.ResolveSchools(c, new BackfillRequest { Schools = request.Schools }, year, failures))
        {
            var end = asOf < s.YearEnd ? asOf : s.YearEnd;
            if (end < s.Rules.StartDate) end = s.Rules.StartDate.AddDays(-1); // an empty window: no weeks, moves still listed
            var inputs = BackfillInputs.Load(c, s, end);
            var students = withMoves ? inputs.CeStudents().Concat(inputs.Moves.Keys).Distinct().Order() : inputs.CeStudents();
            foreach (var student in students.Where(r => selected.Count == 0 || selected.ContainsValue(r)))
            {
                covered.Add(student);
                row(inputs, student, inputs.StudentIds.GetValueOrDefault(student, $"#{student}"));
            }
        }
        foreach (var (id, _) in selected.Where(p => !covered.Contains(p.Value)))
            failures.Add(BackfillOperation.NotInProgram(id, "the chosen schools"));
        foreach (var f in failures) failure(f);
    }

    internal static string Describe(DbConnection c) => c.Database;
}
