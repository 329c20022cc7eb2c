using System.Management.Automation;
using AttendanceTools.Completers;
using AttendanceTools.Engine.Rollover;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Runs a year-end rollover: Registration (promote, retain, graduate, inactivate, delete), then Scheduling, MarkReporting and SuccessPlan, under the store's maintenance lock.</para>
/// </summary>
[DeletesRows(RowDeletion.Intended)]
[Cmdlet(VerbsLifecycle.Start, "Rollover", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = HelpLinks.Base + "Start-Rollover.md")]
[OutputType(typeof(RolloverResult))]
public sealed class StartRolloverCommand : StoreCmdlet
{
    /// <summary>Registration, Scheduling, MarkReporting or SuccessPlan (in that order).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateSet("Registration", "Scheduling", "MarkReporting", "SuccessPlan")]
    public string Type { get; set; } = "";

    /// <summary>The school year being closed (2026 or 2025-26). Default: the current year for Registration (the year a Registration run already closed while the year end is in progress), that year for the later rollovers.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(SchoolYearCompleter))]
    public string? SchoolYear { get; set; }

    /// <summary>Registration: the exit date of closed enrolments. Default: each student's last in-session day of their calendar.</summary>
    [Parameter]
    public DateTime? WithdrawalDate { get; set; }

    /// <summary>Registration: the exit code of closed enrolments (default EOY).</summary>
    [Parameter]
    [ValidateLength(1, 30)]
    public string WithdrawalCode { get; set; } = "EOY";

    /// <summary>Registration: the exit code of graduates (default GRAD).</summary>
    [Parameter]
    [ValidateLength(1, 30)]
    public string GraduationCode { get; set; } = "GRAD";

    /// <summary>Registration: the entry code of next-year enrolments (default R).</summary>
    [Parameter]
    [ValidateLength(1, 30)]
    public string EntryCode { get; set; } = "R";

    /// <summary>Registration: one entry date for everyone (the Fixed rule). Default: the first membership day of each student's next-year calendar.</summary>
    [Parameter]
    public DateTime? EntryDate { get; set; }

    /// <summary>Scheduling: the past school year whose course requests or sections to purge.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(SchoolYearCompleter))]
    public string? PurgeSchoolYear { get; set; }

    /// <summary>Scheduling: purge the course requests of -PurgeSchoolYear.</summary>
    [Parameter]
    public SwitchParameter PurgeCourseRequests { get; set; }

    /// <summary>Scheduling: purge the sections of -PurgeSchoolYear with their rosters and meeting attendance.</summary>
    [Parameter]
    public SwitchParameter PurgeSections { get; set; }

    /// <summary>Scheduling: only purge these schools (name or id). Default: every school.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(SchoolNameCompleter))]
    public string[] PurgeSchool { get; set; } = [];

    /// <summary>MarkReporting: purge the report-card marks of students whose class (graduation year) is this year or earlier.</summary>
    [Parameter]
    [ValidateRange(1900, 2200)]
    public int? PurgeMarksClassOf { get; set; }

    /// <summary>Refuse the run (ChangeThresholdExceeded) when more than this percent of any table's existing rows in scope would change.</summary>
    [Parameter]
    [ValidateRange(0, 100)]
    public double? MaxChangePercent { get; set; }

    /// <summary>Return the counts the run would report, and write nothing.</summary>
    [Parameter]
    public SwitchParameter Preview { get; set; }

    /// <summary>The maintenance-lock token, when this session did not take the lock. A piped lock object binds here.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Token")]
    public string? LockToken { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var store = ResolveStore();
        Guarded(() =>
        {
            var request = new RolloverRequest
            {
                Type = Enum.Parse<RolloverType>(Type, ignoreCase: true), SchoolYear = SchoolYearArgument.Parse(SchoolYear), LockToken = SessionLocks.TokenFor(store, LockToken),
                MaxChangePercent = MaxChangePercent, WithdrawalDate = WithdrawalDate is { } w ? DateOnly.FromDateTime(w) : null,
                WithdrawalCode = WithdrawalCode, GraduationCode = GraduationCode, EntryCode = EntryCode,
                EntryDate = EntryDate is { } e ? DateOnly.FromDateTime(e) : null, PurgeSchoolYear = SchoolYearArgument.Parse(PurgeSchoolYear),
                PurgeCourseRequests = PurgeCourseRequests, PurgeSections = PurgeSections, PurgeSchools = PurgeSchool, PurgeMarksClassOf = PurgeMarksClassOf,
            };
            var plan = RolloverOperation.Plan(store, request, Observer, CancelToken);
            foreach (var warning in plan.Result.WarningMessages.Take(20)) WriteVerbose(warning);
            if (Preview)
            {
                WriteObject(plan.Result);
                return;
            }
            if (!ShouldProcess(plan.WhatIfText(), $"{plan.WhatIfText()} Run it?", "Start-Rollover")) return;
            // The confirmed plan is the one written: a store changed since is planned again and refused unless the counts are the same.
            var result = RolloverOperation.Apply(store, plan, Observer, CancelToken);
            foreach (var warning in result.WarningMessages)
                Observer.Warning(warning[..warning.IndexOf(':', StringComparison.Ordinal)], warning);
            WriteObject(result);
        });
    }
}
