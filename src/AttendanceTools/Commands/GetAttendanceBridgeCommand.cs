using System.Management.Automation;
using AttendanceTools.Completers;
using AttendanceTools.Engine.Bridge;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Gets each school's attendance recording method (Daily or Meeting), bridge mode (None, OneWay, TwoWay) and mid-year change of method.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "AttendanceBridge", HelpUri = HelpLinks.Base + "Get-AttendanceBridge.md")]
[OutputType(typeof(AttendanceBridgeInfo))]
public sealed class GetAttendanceBridgeCommand : StoreCmdlet
{
    private readonly List<string> _schools = [];

    /// <summary>Schools by name or id; wildcards allowed. Default: every school except the district office.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("SchoolId")]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(SchoolNameCompleter))]
    public string[] School { get; set; } = [];

    /// <summary>The school year, as the end year (2026) or the span (2025-26). Default: the current school year.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(SchoolYearCompleter))]
    public string? SchoolYear { get; set; }

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
            foreach (var info in BridgeSettings.Find(store, _schools, SchoolYearArgument.Parse(SchoolYear), e => WriteErrorFor(e)))
                WriteObject(summary.Add(info));
            WriteVerbose(summary.Text("school", store));
        });
    }
}
