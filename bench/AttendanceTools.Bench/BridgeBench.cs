using System.Diagnostics;
using AttendanceTools.Engine;
using AttendanceTools.Engine.Bridge;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Bench;

/// <summary>
/// The bridge scenarios of issue 12: a whole-year Sync-AttendanceBridge for the largest school of the
/// district, in both directions, cold (every record to create) and again (nothing to create).
/// The school's recording method is set for each direction, as a school that switched would have it.
/// </summary>
internal static class BridgeBench
{
    public static void Run(AttendanceStore store, int repeat)
    {
        string school;
        using (var c = store.OpenConnection())
            school = c.ScalarString("SELECT s.SchoolId FROM StudentSchoolAssociation e JOIN School s ON s.SchoolRef = e.SchoolRef WHERE e.SchoolYear = 2026 " +
                                    "GROUP BY s.SchoolId ORDER BY COUNT(DISTINCT e.StudentRef) DESC LIMIT 1")!;
        var from = new DateOnly(2025, 7, 1);
        var to = new DateOnly(2026, 6, 30);
        foreach (var (direction, method, marks) in new[]
                 {
                     (BridgeDirection.MeetingToDaily, "Meeting", AbsentDailyMarks.BridgePeriodOnly),
                     (BridgeDirection.DailyToMeeting, "Daily", AbsentDailyMarks.AllPeriods),
                 })
        {
            using (var c = store.OpenConnection())
                c.Execute("UPDATE AttendanceSettings SET RecordingMethod = @m, BridgeMode = 'TwoWay' WHERE SchoolYear = 2026 AND SchoolRef = (SELECT SchoolRef FROM School WHERE SchoolId = @s)",
                    null, ("m", method), ("s", school));
            var request = new BridgeSyncRequest { School = school, Direction = direction, AbsentDailyMarks = marks, From = from, To = to };
            Measure($"{direction} whole year, cold", repeat, () => Reset(store), () => Sync(store, request));
            Measure($"{direction} whole year, nothing to create", repeat, null, () => Sync(store, request));
            Reset(store);
        }
    }

    private static void Reset(AttendanceStore store)
    {
        using var c = store.OpenConnection();
        c.Execute("DELETE FROM DailyAttendance WHERE Origin = 'Sync'; DELETE FROM MeetingAttendance WHERE Origin = 'Sync'; DELETE FROM RunChange;");
    }

    private static BridgeSyncResult Sync(AttendanceStore store, BridgeSyncRequest request)
    {
        var plan = BridgeSyncOperation.Plan(store, request, NullObserver.Instance, default);
        return BridgeSyncOperation.Apply(store, plan, NullObserver.Instance, default, out var runId).ToResult(runId);
    }

    private static void Measure(string name, int times, Action? setup, Func<BridgeSyncResult> work)
    {
        var runs = new List<(double Seconds, BridgeSyncResult Result)>();
        for (var i = 0; i < times; i++)
        {
            setup?.Invoke();
            var sw = Stopwatch.StartNew();
            var r = work();
            runs.Add((sw.Elapsed.TotalSeconds, r));
        }
        var median = runs.OrderBy(r => r.Seconds).ElementAt(runs.Count / 2);
        var r0 = median.Result;
        Console.WriteLine($"| {name} | {r0.School} | {r0.DaysProcessed} | {r0.Created:N0} | {r0.AlreadyPresent:N0} | {r0.Conflicts:N0} | {median.Seconds:0.00} s |");
    }
}
