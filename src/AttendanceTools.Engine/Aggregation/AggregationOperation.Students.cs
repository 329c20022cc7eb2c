using System.Data.Common;
using AttendanceTools.Engine.Queries;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Aggregation;

// The "student" refresh of domain §7.3 for callers that already hold a connection (and maybe the
// write transaction): backfill's step 2, Validate and realtime backfill. Same scope and rules as
// Plan (BuildScope, PlanGroup), so every fix to those reaches these callers too.
public static partial class AggregationOperation
{
    /// <summary>
    /// Plans the refresh of <paramref name="request"/>'s students and dates in every calendar of one
    /// school and year, reading through <paramref name="c"/> (inside its transaction, if any).
    /// <paramref name="localNow"/> is the district-local clock the 11 AM cut-off follows.
    /// </summary>
    public static IReadOnlyList<CalendarPlan> PlanStudents(DbConnection c, int schoolRef, int schoolYear, AggregationRequest request, DateTime localNow,
        CancellationToken ct)
    {
        if (request.Students.Count == 0) return [];
        var failures = new List<AttendanceException>();
        var students = ResolveStudents(c, request.Students, failures);
        var calendars = c.Query(
            "SELECT c.CalendarRef, c.CalendarCode, s.SchoolRef, s.SchoolId, s.Name, c.SchoolYear, " +
            "(SELECT MIN(Date) FROM CalendarDate d WHERE d.CalendarRef = c.CalendarRef), (SELECT MAX(Date) FROM CalendarDate d WHERE d.CalendarRef = c.CalendarRef) " +
            "FROM Calendar c JOIN School s ON s.SchoolRef = c.SchoolRef WHERE c.SchoolRef = @s AND c.SchoolYear = @y ORDER BY c.CalendarCode",
            r => new CalendarInfo
            {
                CalendarRef = r.GetInt32(0), Name = r.GetString(1), SchoolRef = r.GetInt32(2), SchoolId = r.GetString(3), School = r.GetString(4),
                SchoolYearNumber = r.GetInt32(5), FirstDay = r.NullableDate(6), LastDay = r.NullableDate(7),
            }, null, ("s", schoolRef), ("y", schoolYear));
        if (calendars.Count == 0 || students.Count == 0) return [];
        var context = new PlanContext(request, AggregationMode.Manual, localNow, students, new Dictionary<int, CalendarState>(), []);
        var plans = new List<CalendarPlan>();
        foreach (var (plan, failure) in PlanGroup(c, calendars, context, ct))
        {
            if (failure is not null) throw failure;
            if (plan is not null) plans.Add(plan);
        }
        return plans;
    }

    /// <summary>Writes planned calendar changes inside the caller's transaction (no run log: the caller's run owns them).</summary>
    public static void WriteChanges(DbConnection c, DbTransaction tx, IReadOnlyList<CalendarPlan> plans, DateTimeOffset now, CancellationToken ct)
    {
        if (plans.All(p => p.Changes.Total == 0)) return;
        using var writer = new AggregateWriter(c, tx);
        foreach (var plan in plans) writer.Write(plan.Calendar.CalendarRef, plan.Changes, now.ToUnixTimeMilliseconds(), ct);
    }
}
