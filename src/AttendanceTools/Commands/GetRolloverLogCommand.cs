using System.Management.Automation;
using AttendanceTools.Completers;
using AttendanceTools.Engine.Rollover;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Gets the rollover log: per run, each student processed, the criterion that selected them, the action and a message.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "RolloverLog", HelpUri = HelpLinks.Base + "Get-RolloverLog.md")]
[OutputType(typeof(RolloverLogEntry))]
public sealed class GetRolloverLogCommand : StoreCmdlet
{
    /// <summary>Only these rollover types. Start-Rollover results bind here by their Type.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateSet("Registration", "Scheduling", "MarkReporting", "SuccessPlan")]
    public string[] Type { get; set; } = [];

    /// <summary>Only runs of this school year (the year closed).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(SchoolYearCompleter))]
    public string? SchoolYear { get; set; }

    /// <summary>Only this run number. Start-Rollover results bind here.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public int? RunNumber { get; set; }

    /// <summary>Only lines about these students.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("StudentUniqueId")]
    [ArgumentCompleter(typeof(StudentIdCompleter))]
    public string[] Student { get; set; } = [];

    /// <summary>Only lines of this severity (Info or Warning).</summary>
    [Parameter]
    [ValidateSet("Info", "Warning")]
    public string? Severity { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var store = ResolveStore();
        Guarded(() =>
        {
            var filter = new RolloverLogFilter
            {
                Types = Type.Select(t => Enum.Parse<RolloverType>(t, ignoreCase: true).ToString()).ToList(), SchoolYear = SchoolYearArgument.Parse(SchoolYear), RunNumber = RunNumber,
                Students = Student, Severity = Severity,
            };
            KnownNames.RequireSchoolYear(store, filter.SchoolYear);
            foreach (var unknown in KnownNames.UnknownStudents(store, Student)) WriteErrorFor(unknown);
            if (RunNumber is { } n && !RolloverQueries.Runs(store).Any(r => r.RunNumber == n && (filter.Types.Count == 0 || filter.Types.Contains(r.Type))))
                WriteErrorFor(new Engine.AttendanceException("RolloverRunNotFound", Engine.FailureKind.NotFound, $"There is no rollover run number {n}{(filter.Types.Count > 0 ? " of type " + string.Join(", ", filter.Types) : "")}.", n));
            foreach (var entry in RolloverQueries.Log(store, filter)) WriteObject(entry);
        });
    }
}
