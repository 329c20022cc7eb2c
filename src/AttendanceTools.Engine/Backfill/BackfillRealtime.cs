using System.Data.Common;
using AttendanceTools.Engine.Messages;
using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Queries;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Backfill;

/// <summary>
/// Realtime backfill (domain §5.5): after an attendance write, in the writer's transaction, steps 2
/// and 3 run for the touched CE students of schools whose preferences turn realtime on, when the
/// touched date is in the window. It writes its own run-log row and journal, so it can be undone.
/// </summary>
public static class BackfillRealtime
{
    public static void AfterAttendanceWrite(DbConnection c, DbTransaction tx, IReadOnlyCollection<AttendanceTouch> touched, TimeProvider clock,
        IOperationObserver observer)
    {
        var realtime = c.Query("SELECT SchoolRef, SchoolYear FROM BackfillPreference WHERE Enabled = 1 AND RealtimeEnabled = 1",
            r => (r.GetInt32(0), r.GetInt32(1)), tx);
        if (realtime.Count == 0) return;
        var utcNow = clock.GetUtcNow();
        var localNow = TimeZoneInfo.ConvertTime(utcNow, StoreSettings.GetTimeZone(c)).DateTime;
        var today = DateOnly.FromDateTime(localNow);
        var years = c.Query("SELECT SchoolYear, BeginDate, EndDate FROM SchoolYear", r => (r.GetInt32(0), r.GetDate(1), r.GetDate(2)), tx);
        var schools = Lookups.Schools(c).ToDictionary(s => s.SchoolRef);
        var plans = new List<BackfillSchoolPlan>();
        foreach (var (schoolRef, year) in realtime)
        {
            var bounds = years.FirstOrDefault(y => y.Item1 == year);
            var touches = touched.Where(t => t.SchoolRef == schoolRef && t.Date >= bounds.Item2 && t.Date <= bounds.Item3).ToList();
            if (touches.Count == 0 || !schools.TryGetValue(schoolRef, out var school)) continue;
            BackfillSettings settings;
            try
            {
                settings = BackfillPreferences.Settings(c, tx, school, year);
            }
            catch (AttendanceException ex)
            {
                observer.Warning(ex.ErrorId, $"Realtime backfill skipped {school.Name} ({school.SchoolId}): {ex.Message}");
                continue;
            }
            var windowEnd = today < settings.YearEnd ? today : settings.YearEnd;
            var students = touches.Where(t => t.Date >= settings.Rules.StartDate && t.Date <= windowEnd).Select(t => t.StudentRef).ToHashSet();
            if (students.Count == 0) continue;
            var request = new BackfillRequest { Step = BackfillStep.Validate, RecalculateAll = true, SchoolYear = year, AsOf = localNow };
            var plan = BackfillOperation.PlanSchool(c, settings, windowEnd, localNow, utcNow, request, students, CancellationToken.None);
            if (plan.MoveWrites > 0 || plan.Aggregation.Any(a => a.Changes.Total > 0) || plan.Students.Any(s => s.StateChanges)) plans.Add(plan);
        }
        if (plans.Count == 0) return;
        var scope = $"Realtime: {string.Join(", ", plans.Select(p => p.Settings.ToString()))}; {Text.Count(plans.Sum(p => p.Students.Count), "student")}";
        BackfillOperation.Write(c, tx, clock, BackfillStep.Validate, plans, scope, utcNow, observer, CancellationToken.None);
    }
}
