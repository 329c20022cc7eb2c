using System.Management.Automation;
using AttendanceTools.Completers;
using AttendanceTools.Engine.Bridge;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Gets bell schedules with their periods, bridge period and default daily time in and out.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "AttendanceBellSchedule", HelpUri = HelpLinks.Base + "Get-AttendanceBellSchedule.md")]
[OutputType(typeof(BellScheduleInfo))]
public sealed class GetAttendanceBellScheduleCommand : StoreCmdlet
{
    private readonly List<string> _schools = [];

    /// <summary>Schools by name or id; wildcards allowed. Default: every school.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("SchoolId")]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(SchoolNameCompleter))]
    public string[] School { get; set; } = [];

    /// <summary>Bell schedule names; wildcards allowed.</summary>
    [Parameter]
    [SupportsWildcards]
    public string[] Name { get; set; } = [];

    /// <inheritdoc />
    protected override void ProcessRecord() => _schools.AddRange((School ?? []).Where(s => !string.IsNullOrEmpty(s)));

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (MyInvocation.ExpectingInput && _schools.Count == 0) return;
        var store = ResolveStore();
        Guarded(() =>
        {
            var summary = new ReadSummary();
            foreach (var info in BellSchedules.Find(store, _schools, Name ?? [], e => WriteErrorFor(e)))
                WriteObject(summary.Add(info));
            WriteVerbose(summary.Text("bell schedule", store));
        });
    }
}
