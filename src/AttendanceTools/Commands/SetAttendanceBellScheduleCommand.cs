using System.Management.Automation;
using AttendanceTools.Completers;
using AttendanceTools.Engine.Bridge;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Sets a bell schedule's bridge period and the default time in and out of a daily attendance record.</para>
/// </summary>
[Cmdlet(VerbsCommon.Set, "AttendanceBellSchedule", SupportsShouldProcess = true, HelpUri = HelpLinks.Base + "Set-AttendanceBellSchedule.md")]
[OutputType(typeof(BellScheduleInfo))]
public sealed class SetAttendanceBellScheduleCommand : StoreCmdlet
{
    /// <summary>The school (name or id). Get-AttendanceBellSchedule output binds here by SchoolId.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("SchoolId")]
    [ArgumentCompleter(typeof(SchoolNameCompleter))]
    public string School { get; set; } = "";

    /// <summary>The bell schedule's name. Get-AttendanceBellSchedule output binds here.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    public string Name { get; set; } = "";

    /// <summary>The period that links daily and meeting attendance; one of the schedule's periods.</summary>
    [Parameter]
    public string? BridgePeriod { get; set; }

    /// <summary>Default time in of a daily record (the school day's start), e.g. 08:00.</summary>
    [Parameter]
    public TimeSpan? DailyTimeIn { get; set; }

    /// <summary>Default time out of a daily record (the school day's end), e.g. 14:50.</summary>
    [Parameter]
    public TimeSpan? DailyTimeOut { get; set; }

    /// <summary>The maintenance-lock token, when the store is locked and this change is part of that maintenance.</summary>
    [Parameter]
    public string? LockToken { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var store = ResolveStore();
        Guarded(() =>
        {
            var change = new BellScheduleChange
            {
                School = School, Name = Name, BridgePeriod = BridgePeriod, LockToken = LockToken,
                DailyTimeIn = DailyTimeIn is { } i ? (int)i.TotalMinutes : null, DailyTimeOut = DailyTimeOut is { } o ? (int)o.TotalMinutes : null,
            };
            var (before, after) = BellSchedules.Plan(store, change);
            var what = $"Set bell schedule '{after.Name}' of {after.School}: bridge period {before.BridgePeriod ?? "(none)"} -> {after.BridgePeriod ?? "(none)"}, " +
                       $"default times {Clock(before.DailyTimeIn)}-{Clock(before.DailyTimeOut)} -> {Clock(after.DailyTimeIn)}-{Clock(after.DailyTimeOut)}.";
            if (!ShouldProcess(what, what + " Continue?", "Set-AttendanceBellSchedule")) return;
            WriteObject(BellSchedules.Apply(store, change, Observer));
        });
    }

    private static string Clock(TimeSpan? t) => t is { } v ? v.ToString(@"hh\:mm", System.Globalization.CultureInfo.InvariantCulture) : "(none)";
}
