using AttendanceTools.Engine.Messages;
using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Bridge;

/// <summary>What one sync run would write (read-only), and the result it reports.</summary>
public sealed class BridgeSyncPlan
{
    public required BridgeSyncRequest Request { get; init; }
    public required BridgeSchoolRow School { get; init; }
    public required int SchoolYear { get; init; }
    public required DateOnly From { get; init; }
    public required DateOnly To { get; init; }
    public required BridgeSyncComputation Changes { get; init; }
    /// <summary>Rows of the target table (daily or meeting) the school already has in range: the change guard's base.</summary>
    public required long ExistingTargetRows { get; init; }
    /// <summary>Where the store stood when the plan read it: the apply plans again when it moved.</summary>
    internal StoreStamp Stamp { get; init; }

    /// <summary>What a person confirms ("3 records to create in DailyAttendance, 4 already present, 1 conflict"); a re-plan with other counts is asked again.</summary>
    public string CountsText => $"{Text.Count(Changes.Created, "record")} to create in {TargetTable}, {Text.Number(Changes.AlreadyPresent)} already present, " +
                                $"{Text.Count(Changes.Conflicts.Count, "conflict")}";

    public string TargetTable => Request.Direction == BridgeDirection.MeetingToDaily ? "DailyAttendance" : "MeetingAttendance";

    /// <summary>"Jefferson High 2025-26 MeetingToDaily 2025-10-06..2025-10-10".</summary>
    public string Describe()
        => $"{School.Name} {SchoolYearText.Format(SchoolYear)} {Request.Direction} {From:yyyy-MM-dd}..{To:yyyy-MM-dd}" +
           (Request.Direction == BridgeDirection.DailyToMeeting ? $" ({Request.AbsentDailyMarks})" : "");

    public BridgeSyncResult ToResult(long? runId) => new()
    {
        School = School.Name, SchoolId = School.SchoolId, SchoolYear = SchoolYearText.Format(SchoolYear), Direction = Request.Direction.ToString(),
        AbsentDailyMarks = Request.AbsentDailyMarks.ToString(), From = From.ToDateTime(TimeOnly.MinValue), To = To.ToDateTime(TimeOnly.MinValue),
        DaysProcessed = Changes.Days.Count, Created = Changes.Created, AlreadyPresent = Changes.AlreadyPresent, Conflicts = Changes.Conflicts.Count,
        ConflictList = Changes.Conflicts, Warnings = [.. Changes.Warnings.Select(w => w.ToString())], RunId = runId, IsPreview = runId is null,
    };

    public IEnumerable<BridgeSyncDay> ToDays(long? runId) => Changes.Days.Select(d => new BridgeSyncDay
    {
        School = School.Name, Date = DbValue.Date(d.Key).ToDateTime(TimeOnly.MinValue), Direction = Request.Direction.ToString(),
        Created = d.Value.Created, AlreadyPresent = d.Value.AlreadyPresent, Conflicts = d.Value.Conflicts, RunId = runId, IsPreview = runId is null,
    });
}
