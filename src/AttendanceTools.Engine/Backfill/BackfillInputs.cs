using System.Data.Common;
using AttendanceTools.Engine.Aggregation;
using AttendanceTools.Engine.Queries;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Backfill;

/// <summary>A stored move with its whole row (for the run journal).</summary>
internal sealed record StoredMove(BackfillMoveRow Move, long? RunId);

/// <summary>A stored <c>BackfillStudentState</c> row.</summary>
internal sealed record StoredState(DateOnly StartDate, string Fingerprint, string ComputedAt);

/// <summary>
/// Everything one school's backfill reads for a window (domain §5.3), loaded once per school: the
/// CE students, their membership days and daily minutes, stored moves and states. Class minutes
/// come from the stored day aggregates, overlaid with an aggregation plan not yet written.
/// </summary>
internal sealed class BackfillInputs
{
    public required BackfillSettings Settings { get; init; }
    public required DateOnly WindowEnd { get; init; }
    /// <summary>Students with a program association overlapping the window.</summary>
    public required HashSet<int> ProgramStudents { get; init; }
    public required Dictionary<int, string> StudentIds { get; init; }
    public required Dictionary<int, List<StoredMove>> Moves { get; init; }
    public required Dictionary<int, StoredState> States { get; init; }
    private Dictionary<int, List<(int Calendar, int Entry, int? Exit)>> Enrollments { get; init; } = [];
    private Dictionary<int, List<(int Begin, int? End)>> Programs { get; init; } = [];
    private Dictionary<int, HashSet<int>> InSession { get; init; } = [];
    private Dictionary<(int Calendar, int Date, int Student), int> ClassMinutes { get; init; } = [];
    private Dictionary<(int Student, int Date), (int Is, int We)> Time { get; init; } = [];

    public DateOnly WindowStart => Settings.Rules.StartDate;

    /// <summary>Moves whose recipient week ends before the start date: kept as they are (choice C4).</summary>
    public bool IsFrozen(BackfillMoveRow m) => m.RecipientWeek.AddDays(6) < WindowStart;

    /// <summary>Non-frozen moves whose donor week has begun by the window's end: what a run clears or recomputes.</summary>
    public bool InScope(BackfillMoveRow m) => !IsFrozen(m) && m.DonorWeek <= BackfillCore.Monday(WindowEnd);

    /// <summary>Domain §5.3: the CE students of the window, and anybody still holding moves or state here (so orphans are found).</summary>
    public IEnumerable<int> CeStudents() => ProgramStudents
        .Concat(Moves.Where(kv => kv.Value.Any(m => InScope(m.Move))).Select(kv => kv.Key))
        .Concat(States.Keys).Distinct().Order();

    /// <summary>Class minutes as they will be once a planned (not yet written) aggregation refresh is applied.</summary>
    public void Overlay(IReadOnlyList<CalendarPlan> pendingAggregation)
    {
        foreach (var plan in pendingAggregation)
        {
            var cal = plan.Calendar.CalendarRef;
            foreach (var row in plan.Changes.Deletes) ClassMinutes.Remove((cal, row.Date, row.StudentRef));
            foreach (var row in plan.Changes.Inserts.Concat(plan.Changes.Updates)) ClassMinutes[(cal, row.Date, row.StudentRef)] = row.Scheduled - row.Absent;
        }
    }

    public static BackfillInputs Load(DbConnection c, BackfillSettings settings, DateOnly windowEnd)
    {
        (string, object?) s = ("s", settings.SchoolRef), f = ("f", DbValue.Date(settings.Rules.StartDate)), t = ("t", DbValue.Date(windowEnd));
        var programStudents = new Dictionary<int, List<(int, int?)>>();
        foreach (var (student, begin, end) in c.Query(
                     "SELECT StudentRef, BeginDate, EndDate FROM StudentProgramAssociation WHERE ProgramRef = @p AND BeginDate <= @t AND (EndDate IS NULL OR EndDate >= @f)",
                     r => (r.GetInt32(0), r.GetInt32(1), r.NullableInt(2)), null, ("p", settings.ProgramRef), f, t))
        {
            if (!programStudents.TryGetValue(student, out var list)) programStudents[student] = list = [];
            list.Add((begin, end));
        }
        var moves = c.Query("SELECT StudentRef, DonorWeek, RecipientWeek, Category, Minutes, RunId FROM BackfillMove WHERE SchoolRef = @s",
                r => (r.GetInt32(0), new StoredMove(new BackfillMoveRow(r.GetDate(1), r.GetDate(2), Enum.Parse<BackfillCategory>(r.GetString(3)), r.GetInt32(4)), r.NullableLong(5))), null, s)
            .GroupBy(p => p.Item1).ToDictionary(g => g.Key, g => g.Select(p => p.Item2).ToList());
        var states = c.Query("SELECT StudentRef, BackfillStartDate, Fingerprint, ComputedAt FROM BackfillStudentState WHERE SchoolRef = @s",
            r => (r.GetInt32(0), new StoredState(r.GetDate(1), r.GetString(2), r.GetString(3))), null, s).ToDictionary(p => p.Item1, p => p.Item2);
        var enrollments = c.Query(
                "SELECT StudentRef, CalendarRef, EntryDate, ExitWithdrawDate FROM StudentSchoolAssociation WHERE SchoolRef = @s AND EntryDate <= @t AND (ExitWithdrawDate IS NULL OR ExitWithdrawDate >= @f)",
                r => (r.GetInt32(0), (r.GetInt32(1), r.GetInt32(2), r.NullableInt(3))), null, s, f, t)
            .GroupBy(p => p.Item1).ToDictionary(g => g.Key, g => g.Select(p => p.Item2).ToList());
        var inSession = c.Query(
                "SELECT d.CalendarRef, d.Date FROM CalendarDate d WHERE d.CalendarRef IN (SELECT CalendarRef FROM Calendar WHERE SchoolRef = @s) AND d.InSession = 1 AND d.Date BETWEEN @f AND @t",
                r => (r.GetInt32(0), r.GetInt32(1)), null, s, f, t)
            .GroupBy(p => p.Item1).ToDictionary(g => g.Key, g => g.Select(p => p.Item2).ToHashSet());
        var classMinutes = c.Query(
                "SELECT a.CalendarRef, a.Date, a.StudentRef, a.ScheduledMinutes - a.AbsentMinutes FROM DayAggregate a " +
                "WHERE a.CalendarRef IN (SELECT CalendarRef FROM Calendar WHERE SchoolRef = @s) AND a.Date BETWEEN @f AND @t",
                r => ((r.GetInt32(0), r.GetInt32(1), r.GetInt32(2)), r.GetInt32(3)), null, s, f, t)
            .ToDictionary(p => p.Item1, p => p.Item2);
        var time = new Dictionary<(int, int), (int Is, int We)>();
        foreach (var (student, date, kind, minutes) in c.Query(
                     "SELECT StudentRef, Date, Kind, SUM(Minutes) FROM AttendanceTime WHERE SchoolRef = @s AND Date BETWEEN @f AND @t GROUP BY StudentRef, Date, Kind",
                     r => (r.GetInt32(0), r.GetInt32(1), r.GetString(2), r.GetInt32(3)), null, s, f, t))
        {
            var v = time.GetValueOrDefault((student, date));
            time[(student, date)] = kind == nameof(Model.AttendanceTimeKind.WorkExperience) ? (v.Is, v.We + minutes) : (v.Is + minutes, v.We);
        }
        var refs = programStudents.Keys.Concat(moves.Keys).Concat(states.Keys).Distinct().ToList();
        var ids = c.Query($"SELECT StudentRef, StudentUniqueId FROM Student WHERE {Lookups.InSet(c, "StudentRef", "r")}", r => (r.GetInt32(0), r.GetString(1)), null,
            ("r", Lookups.Json(refs))).ToDictionary(p => p.Item1, p => p.Item2);
        return new BackfillInputs
        {
            Settings = settings, WindowEnd = windowEnd, ProgramStudents = [.. programStudents.Keys], StudentIds = ids, Moves = moves, States = states,
            Enrollments = enrollments, Programs = programStudents, InSession = inSession, ClassMinutes = classMinutes, Time = time,
        };
    }

    /// <summary>The student's membership days in the window with their minutes (domain §5.3).</summary>
    public List<BackfillDay> Days(int student)
    {
        var days = new List<BackfillDay>();
        if (!Programs.TryGetValue(student, out var programs) || !Enrollments.TryGetValue(student, out var enrollments)) return days;
        for (var date = WindowStart; date <= WindowEnd; date = date.AddDays(1))
        {
            var d = DbValue.Date(date);
            if (!programs.Any(p => p.Begin <= d && (p.End is null || p.End >= d))) continue;
            var calendar = 0;
            foreach (var e in enrollments)
                if (e.Entry <= d && (e.Exit is null || e.Exit >= d) && InSession.TryGetValue(e.Calendar, out var dates) && dates.Contains(d))
                {
                    calendar = e.Calendar;
                    break;
                }
            if (calendar == 0) continue;
            var time = Time.GetValueOrDefault((student, d));
            days.Add(new BackfillDay(date, ClassMinutes.GetValueOrDefault((calendar, d, student)), time.Is, time.We));
        }
        return days;
    }

    /// <summary>The student's weeks, frozen moves counted out of their donor weeks.</summary>
    public List<BackfillWeekInput> Weeks(int student)
        => BackfillCore.Weeks(Days(student), Moves.GetValueOrDefault(student, []).Select(m => m.Move).Where(IsFrozen));

    public List<StoredMove> StoredInScope(int student) => Moves.GetValueOrDefault(student, []).Where(m => InScope(m.Move)).ToList();
}
