using System.Data.Common;
using AttendanceTools.Engine.Queries;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Bridge;

/// <summary>A bell schedule with its periods, bridge period and default times (Get-/Set-AttendanceBellSchedule).</summary>
public sealed record BellScheduleInfo
{
    public required string School { get; init; }
    public required string SchoolId { get; init; }
    public required string Name { get; init; }
    /// <summary>The period that links daily and meeting attendance; null when none is set.</summary>
    public string? BridgePeriod { get; init; }
    /// <summary>Default time in of a daily record (the school day's start).</summary>
    public TimeSpan? DailyTimeIn { get; init; }
    /// <summary>Default time out of a daily record (the school day's end).</summary>
    public TimeSpan? DailyTimeOut { get; init; }
    /// <summary>The periods in bell order.</summary>
    public IReadOnlyList<string> Periods { get; init; } = [];
    /// <summary>The periods with their times, as text: "P1 08:00-08:55, P2 09:00-09:55".</summary>
    public string PeriodTimes { get; init; } = "";
    /// <summary>False when the bridge period is missing or is not one of the schedule's periods, or the default times are missing or reversed.</summary>
    public bool IsReadyForBridge { get; init; }

    public override string ToString() => $"{School} / {Name}";
}

/// <summary>What Set-AttendanceBellSchedule changes; null values stay as they are.</summary>
public sealed record BellScheduleChange
{
    public required string School { get; init; }
    public required string Name { get; init; }
    public string? BridgePeriod { get; init; }
    public int? DailyTimeIn { get; init; }
    public int? DailyTimeOut { get; init; }
    public string? LockToken { get; init; }
}

/// <summary>Reads and writes bell schedules' bridge settings (domain §3.1 BellSchedule).</summary>
public static class BellSchedules
{
    public const string OperationName = "BellSchedule";

    /// <summary>The bell schedules of the selected schools whose names match; a literal school or schedule name that matches nothing is reported.</summary>
    public static List<BellScheduleInfo> Find(AttendanceStore store, IReadOnlyList<string> schools, IReadOnlyList<string> names, Action<AttendanceException>? notFound)
    {
        using var c = store.OpenConnection();
        var all = Lookups.Schools(c);
        var refs = Lookups.ResolveSchools(schools, all, notFound);
        var result = new List<BellScheduleInfo>();
        foreach (var s in all.Where(s => refs is null || refs.Contains(s.SchoolRef)))
            result.AddRange(Read(c, null, new BridgeSchoolRow(s.SchoolRef, s.SchoolId, s.Name, s.IsDistrictOffice)).Where(b => NameMatch.Any(names, b.Name)));
        foreach (var n in names.Where(NameMatch.IsLiteral))
            if (!result.Any(b => NameMatch.Matches(n, b.Name)))
                notFound?.Invoke(new AttendanceException("BellScheduleNotFound", FailureKind.NotFound,
                    $"No bell schedule '{n}' was found{(schools.Count > 0 ? $" at {string.Join(", ", schools)}" : "")}.", n,
                    "Run Get-AttendanceBellSchedule -School <school> to see its bell schedules."));
        return result;
    }

    internal static List<BellScheduleInfo> Read(DbConnection c, DbTransaction? tx, BridgeSchoolRow school)
    {
        var periods = c.Query(
                "SELECT p.BellScheduleRef, cp.ClassPeriodName, p.StartTime, p.EndTime FROM BellSchedulePeriod p JOIN BellSchedule b ON b.BellScheduleRef = p.BellScheduleRef " +
                "JOIN ClassPeriod cp ON cp.ClassPeriodRef = p.ClassPeriodRef WHERE b.SchoolRef = @s ORDER BY p.BellScheduleRef, COALESCE(p.StartTime, 100000), p.ClassPeriodRef",
                r => (Bell: r.GetInt32(0), Name: r.GetString(1), Start: r.NullableInt(2), End: r.NullableInt(3)), tx, ("s", school.SchoolRef))
            .ToLookup(p => p.Bell);
        return BridgeLoader.Bells(c, tx, school.SchoolRef).Values.OrderBy(b => b.Name, StringComparer.OrdinalIgnoreCase).Select(b => new BellScheduleInfo
        {
            School = school.Name, SchoolId = school.SchoolId, Name = b.Name, BridgePeriod = b.BridgePeriodName,
            DailyTimeIn = b.TimeIn is { } i ? TimeSpan.FromMinutes(i) : null, DailyTimeOut = b.TimeOut is { } o ? TimeSpan.FromMinutes(o) : null,
            Periods = [.. periods[b.BellRef].Select(p => p.Name)],
            PeriodTimes = string.Join(", ", periods[b.BellRef].Select(p => p.Start is { } s && p.End is { } e
                ? $"{p.Name} {BridgeSyncOperation.Clock(s)}-{BridgeSyncOperation.Clock(e)}" : p.Name)),
            IsReadyForBridge = b.HasValidBridgePeriod && b.HasValidDefaultTimes,
        }).ToList();
    }

    /// <summary>The schedule as it is and as the change would make it, checked, without writing.</summary>
    public static (BellScheduleInfo Before, BellScheduleInfo After) Plan(AttendanceStore store, BellScheduleChange change)
    {
        using var c = store.OpenConnection();
        return Resolve(c, null, change);
    }

    /// <summary>Writes the change through the engine's <see cref="WriteProtocol"/> (the store's writer lease, one transaction with the run log).</summary>
    public static BellScheduleInfo Apply(AttendanceStore store, BellScheduleChange change, IOperationObserver? observer = null)
        => WriteProtocol.Apply(store, OperationName, change.LockToken, tx =>
        {
            var (before, after) = Resolve(tx.Connection, tx.Transaction, change);
            if (before == after) return after;
            var started = store.Clock.GetUtcNow();
            var school = BridgeLoader.FindSchool(tx.Connection, tx.Transaction, change.School)!;
            tx.Connection.Execute("UPDATE BellSchedule SET BridgePeriodName = @p, DailyTimeIn = @i, DailyTimeOut = @o WHERE SchoolRef = @s AND BellScheduleName = @n",
                tx.Transaction, ("p", after.BridgePeriod), ("i", (int?)after.DailyTimeIn?.TotalMinutes), ("o", (int?)after.DailyTimeOut?.TotalMinutes),
                ("s", school.SchoolRef), ("n", after.Name));
            RunLog.Write(tx.Connection, tx.Transaction, new RunInfo
            {
                Operation = OperationName, Scope = $"{after.School} / {after.Name}: bridge period {after.BridgePeriod}, {after.DailyTimeIn:hh\\:mm}-{after.DailyTimeOut:hh\\:mm}",
                StartedBy = RunLog.CurrentUser, Host = RunLog.CurrentHost, StartedAt = started, FinishedAt = store.Clock.GetUtcNow(), Updated = 1,
            });
            return after;
        }, observer ?? NullObserver.Instance, CancellationToken.None);

    private static (BellScheduleInfo, BellScheduleInfo) Resolve(DbConnection c, DbTransaction? tx, BellScheduleChange change)
    {
        var school = BridgeLoader.FindSchool(c, tx, change.School) ?? throw NotFound.School(change.School);
        var before = Read(c, tx, school).FirstOrDefault(b => string.Equals(b.Name, change.Name, StringComparison.OrdinalIgnoreCase))
            ?? throw new AttendanceException("BellScheduleNotFound", FailureKind.NotFound, $"{school.Name} has no bell schedule '{change.Name}'.", change.Name,
                "Run Get-AttendanceBellSchedule -School <school> to see its bell schedules.");
        var bridge = before.BridgePeriod;
        if (change.BridgePeriod is { } p)
        {
            bridge = before.Periods.FirstOrDefault(x => string.Equals(x, p, StringComparison.OrdinalIgnoreCase))
                ?? throw new AttendanceException("BridgePeriodNotInBellSchedule", FailureKind.InvalidArgument,
                    $"Period '{p}' is not one of the periods of bell schedule '{before.Name}' at {school.Name} ({string.Join(", ", before.Periods)}).", p);
        }
        var timeIn = change.DailyTimeIn is { } i ? TimeSpan.FromMinutes(i) : before.DailyTimeIn;
        var timeOut = change.DailyTimeOut is { } o ? TimeSpan.FromMinutes(o) : before.DailyTimeOut;
        if (timeIn is { } a && timeOut is { } b && b <= a)
            throw new AttendanceException("DailyTimesInvalid", FailureKind.InvalidArgument,
                $"Bell schedule '{before.Name}' at {school.Name}: the default time out {b:hh\\:mm} is not after the time in {a:hh\\:mm}.", before.Name);
        var after = before with
        {
            BridgePeriod = bridge, DailyTimeIn = timeIn, DailyTimeOut = timeOut,
            IsReadyForBridge = bridge is not null && timeIn is not null && timeOut is not null,
        };
        return (before, after);
    }
}
