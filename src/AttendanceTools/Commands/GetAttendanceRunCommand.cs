using System.Management.Automation;
using AttendanceTools.Engine.Queries;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Completers;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Gets the run log: every operation that wrote to the store, with who ran it, when, its scope, counts, status and duration.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "AttendanceRun", HelpUri = HelpLinks.Base + "Get-AttendanceRun.md")]
[OutputType(typeof(RunInfo))]
public sealed class GetAttendanceRunCommand : StoreCmdlet
{
    /// <summary>Run ids to get. Takes RunId from piped results of the commands that write.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(RunIdCompleter))]
    public long[] RunId { get; set; } = [];

    /// <summary>Operation names (e.g. AggregationRefresh, Backfill*); wildcards are allowed.</summary>
    [Parameter]
    [SupportsWildcards]
    public string[] Operation { get; set; } = [];

    /// <summary>Only runs that started at or after this time (local time unless the value says otherwise).</summary>
    [Parameter]
    public DateTime? Since { get; set; }

    /// <summary>At most this many runs, the newest first.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int Newest { get; set; }

    private readonly HashSet<long> _written = [];

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        // A piped object without a run id (a preview, a failed unit) must not list the whole log.
        if (MyInvocation.ExpectingInput && (RunId is null || RunId.Length == 0))
        {
            WriteVerbose("Skipped a piped object that has no run id.");
            return;
        }
        // Many piped records share one run (Get-AttendanceRecord | Get-AttendanceRun): list each run once.
        if (MyInvocation.ExpectingInput)
        {
            RunId = RunId!.Where(id => !_written.Contains(id)).Distinct().ToArray();
            if (RunId.Length == 0) return;
        }
        var store = ResolveStore();
        Guarded(() =>
        {
            var filter = new RunFilter
            {
                RunIds = RunId ?? [], Operations = Operation ?? [],
                Since = Since is { } s ? new DateTimeOffset(s) : null,
                Newest = MyInvocation.BoundParameters.ContainsKey(nameof(Newest)) ? Newest : null,
            };
            var summary = new ReadSummary();
            foreach (var run in RunQuery.Find(store, filter, e => WriteErrorFor(e)))
            {
                _written.Add(run.RunId);
                WriteObject(summary.Add(run));
            }
            WriteVerbose(summary.Text("run", store));
        });
    }
}
