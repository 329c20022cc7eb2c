using System.Management.Automation;
using AttendanceTools.Completers;
using AttendanceTools.Engine.Bridge;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Fills the other recording method's missing attendance records for a school that switched between Daily and Meeting attendance, without overwriting any.</para>
/// </summary>
[Cmdlet(VerbsData.Sync, "AttendanceBridge", SupportsShouldProcess = true, HelpUri = HelpLinks.Base + "Sync-AttendanceBridge.md")]
[OutputType(typeof(BridgeSyncResult), typeof(BridgeSyncDay))]
public sealed class SyncAttendanceBridgeCommand : StoreCmdlet
{
    /// <summary>The school (name or id); one run per school. Get-AttendanceSchool and Get-AttendanceBridge output bind here by SchoolId.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("SchoolId")]
    [ArgumentCompleter(typeof(SchoolNameCompleter))]
    public string[] School { get; set; } = [];

    /// <summary>MeetingToDaily (the school records Meeting attendance) or DailyToMeeting (it records Daily attendance).</summary>
    [Parameter(Mandatory = true)]
    [ValidateSet("MeetingToDaily", "DailyToMeeting", IgnoreCase = true)]
    public string Direction { get; set; } = "";

    /// <summary>DailyToMeeting only: an absent daily code marks only the bridge period (the default) or every period the student is scheduled in.</summary>
    [Parameter]
    [ValidateSet("BridgePeriodOnly", "AllPeriods", IgnoreCase = true)]
    public string AbsentDailyMarks { get; set; } = "BridgePeriodOnly";

    /// <summary>The school year, as the end year (2026) or the span (2025-26). Default: the current school year.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(SchoolYearCompleter))]
    public string? SchoolYear { get; set; }

    /// <summary>First day. Default: the day the school changed its recording method this year, else the year's first day.</summary>
    [Parameter]
    public DateTime? From { get; set; }

    /// <summary>Last day. Default: today (district time), or the year's last day when that is earlier.</summary>
    [Parameter]
    public DateTime? To { get; set; }

    /// <summary>Run as if today were this date (it ends the default range).</summary>
    [Parameter]
    public DateTime? AsOf { get; set; }

    /// <summary>Write one row per day (with the same counts) instead of one result per school.</summary>
    [Parameter]
    public SwitchParameter Detailed { get; set; }

    /// <summary>Return what the run would create and write nothing.</summary>
    [Parameter]
    public SwitchParameter Preview { get; set; }

    /// <summary>Refuse the run (ChangeThresholdExceeded) when the records to create exceed this percent of the target records the school already has in range.</summary>
    [Parameter]
    [ValidateRange(0, 100)]
    public double? MaxChangePercent { get; set; }

    /// <summary>The maintenance-lock token, when the store is locked and this run is part of that maintenance.</summary>
    [Parameter]
    public string? LockToken { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var store = ResolveStore();
        int? year = null;
        Guarded(() => year = SchoolYearArgument.Parse(SchoolYear));
        foreach (var school in School ?? [])
        {
            if (string.IsNullOrEmpty(school)) continue;
            try
            {
                var request = new BridgeSyncRequest
                {
                    School = school, SchoolYear = year, Direction = Enum.Parse<BridgeDirection>(Direction, ignoreCase: true),
                    AbsentDailyMarks = Enum.Parse<AbsentDailyMarks>(AbsentDailyMarks, ignoreCase: true),
                    From = From is { } f ? DateOnly.FromDateTime(f) : null, To = To is { } t ? DateOnly.FromDateTime(t) : null,
                    AsOf = AsOf is { } a ? DateOnly.FromDateTime(a) : null, MaxChangePercent = MaxChangePercent,
                    LockToken = SessionLocks.TokenFor(store, LockToken),
                };
                var plan = BridgeSyncOperation.Plan(store, request, Observer, CancelToken);
                if (Preview)
                {
                    Write(plan, null);
                    continue;
                }
                var what = $"Sync attendance bridge {plan.Describe()}: create {plan.Changes.Created:N0} records in {plan.TargetTable} " +
                           $"({plan.Changes.AlreadyPresent:N0} already present, {plan.Changes.Conflicts.Count:N0} conflicts).";
                if (!ShouldProcess(what, what + " Continue?", "Sync-AttendanceBridge")) continue;
                // Marks were entered since this plan: the new counts are confirmed again (or refused) before they are written.
                bool ConfirmReplanned(BridgeSyncPlan replanned) => ShouldProcess($"Sync attendance bridge {replanned.Describe()} (planned again: the store changed): {replanned.CountsText}.",
                    $"The store changed after this sync was planned. Sync attendance bridge {replanned.Describe()}: {replanned.CountsText}?", "Sync-AttendanceBridge");
                var applied = BridgeSyncOperation.Apply(store, plan, Observer, CancelToken, out var runId, ConfirmReplanned);
                foreach (var w in applied.Changes.Warnings) Observer.Warning(w.Id, w.Message);
                Write(applied, runId);
            }
            catch (OperationCanceledException) when (CancelToken.IsCancellationRequested)
            {
                return;
            }
            catch (Engine.AttendanceException ex)
            {
                // One school's refusal must not stop the other piped schools.
                WriteErrorFor(ex, school);
            }
            finally
            {
                Observer.CompleteAll();
            }
        }
    }

    private void Write(BridgeSyncPlan plan, long? runId)
    {
        if (Detailed) foreach (var day in plan.ToDays(runId)) WriteObject(day);
        else WriteObject(plan.ToResult(runId));
    }
}
