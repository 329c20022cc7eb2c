using System.Management.Automation;
using AttendanceTools.Completers;
using AttendanceTools.Engine.Backfill;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Sets a school's continuation-education backfill preferences for a school year: enabled, realtime, program, target and work-experience hours per day, start date.</para>
/// </summary>
[Cmdlet(VerbsCommon.Set, "BackfillPreference", SupportsShouldProcess = true, HelpUri = HelpLinks.Base + "Set-BackfillPreference.md")]
[OutputType(typeof(BackfillPreferenceInfo))]
public sealed class SetBackfillPreferenceCommand : StoreCmdlet
{
    /// <summary>The school (name or id). School objects and Get-BackfillPreference output bind by SchoolId.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("SchoolId")]
    [ArgumentCompleter(typeof(SchoolNameCompleter))]
    public string School { get; set; } = "";

    /// <summary>The school year, as 2026 or 2025-26. Default: the current school year.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(SchoolYearCompleter))]
    public string? SchoolYear { get; set; }

    /// <summary>Turn backfill on or off for the school and year.</summary>
    [Parameter]
    public bool? Enabled { get; set; }

    /// <summary>Re-evaluate a student's backfill on every attendance write the module makes.</summary>
    [Parameter]
    public bool? RealtimeEnabled { get; set; }

    /// <summary>The school's continuation-education program.</summary>
    [Parameter]
    public string? ProgramName { get; set; }

    /// <summary>Hours a membership day can credit (California: 3); more than 0, at most 24, whole minutes.</summary>
    [Parameter]
    public decimal? TargetHoursPerDay { get; set; }

    /// <summary>Hours of work experience a membership day can credit; 0 (the default) credits none.</summary>
    [Parameter]
    public decimal? MaxWorkExperienceHoursPerDay { get; set; }

    /// <summary>The first day backfill may move minutes into; inside the school year. Move it forward after each reporting period.</summary>
    [Parameter]
    public DateTime? BackfillStartDate { get; set; }

    /// <summary>The maintenance-lock token, when another session holds the lock.</summary>
    [Parameter]
    public string? LockToken { get; set; }

    /// <summary>Return the preferences as saved.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var store = ResolveStore();
        Guarded(() =>
        {
            var change = new BackfillPreferences.Change
            {
                School = School, SchoolYear = SchoolYearArgument.Parse(SchoolYear), Enabled = Enabled, RealtimeEnabled = RealtimeEnabled, ProgramName = ProgramName,
                TargetHoursPerDay = TargetHoursPerDay, MaxWorkExperienceHoursPerDay = MaxWorkExperienceHoursPerDay,
                BackfillStartDate = BackfillStartDate is { } d ? DateOnly.FromDateTime(d) : null, LockToken = LockToken,
            };
            var (_, after) = BackfillPreferences.Plan(store, change);
            if (!ShouldProcess($"backfill preferences of {after}", "Set")) return;
            var saved = BackfillPreferences.Apply(store, change, Observer);
            if (PassThru) WriteObject(saved);
        });
    }
}
