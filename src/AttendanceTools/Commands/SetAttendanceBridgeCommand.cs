using System.Management.Automation;
using AttendanceTools.Completers;
using AttendanceTools.Engine.Bridge;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Sets a school's attendance recording method and bridge mode for a school year, recording the date of a mid-year change of method.</para>
/// </summary>
[Cmdlet(VerbsCommon.Set, "AttendanceBridge", SupportsShouldProcess = true, HelpUri = HelpLinks.Base + "Set-AttendanceBridge.md")]
[OutputType(typeof(AttendanceBridgeInfo))]
public sealed class SetAttendanceBridgeCommand : StoreCmdlet
{
    /// <summary>The school (name or id). Get-AttendanceBridge and Get-AttendanceSchool output bind here by SchoolId.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("SchoolId")]
    [ArgumentCompleter(typeof(SchoolNameCompleter))]
    public string School { get; set; } = "";

    /// <summary>The school year, as the end year (2026) or the span (2025-26). Default: the current school year.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(SchoolYearCompleter))]
    public string? SchoolYear { get; set; }

    /// <summary>Daily (one mark per student and day) or Meeting (one mark per section period).</summary>
    [Parameter]
    [ValidateSet("Daily", "Meeting", IgnoreCase = true)]
    public string? RecordingMethod { get; set; }

    /// <summary>None, OneWay (a bridge-period meeting mark sets the daily mark) or TwoWay (and a daily mark sets the bridge-period meeting mark).</summary>
    [Parameter]
    [ValidateSet("None", "OneWay", "TwoWay", IgnoreCase = true)]
    public string? BridgeMode { get; set; }

    /// <summary>The first day of the new recording method. Default: today (district time). Sync-AttendanceBridge starts its default range here.</summary>
    [Parameter]
    public DateTime? EffectiveDate { get; set; }

    /// <summary>The maintenance-lock token, when the store is locked and this change is part of that maintenance.</summary>
    [Parameter]
    public string? LockToken { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var store = ResolveStore();
        Guarded(() =>
        {
            var request = new BridgeSettingsRequest
            {
                School = School, SchoolYear = SchoolYearArgument.Parse(SchoolYear), RecordingMethod = RecordingMethod, BridgeMode = BridgeMode,
                EffectiveDate = EffectiveDate is { } d ? DateOnly.FromDateTime(d) : null, LockToken = LockToken,
            };
            var (before, after) = BridgeSettings.Plan(store, request);
            var since = after.RecordingMethodSince is { } s && s != before.RecordingMethodSince ? $" from {s:yyyy-MM-dd}" : "";
            var what = $"Set the attendance settings of {after.School} {after.SchoolYear}: {before.RecordingMethod}, {before.BridgeMode} -> {after.RecordingMethod}{since}, {after.BridgeMode}.";
            if (!ShouldProcess(what, what + " Continue?", "Set-AttendanceBridge")) return;
            WriteObject(BridgeSettings.Apply(store, request, Observer));
        });
    }
}
