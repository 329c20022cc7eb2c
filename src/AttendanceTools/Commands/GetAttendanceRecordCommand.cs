using System.Management.Automation;
using AttendanceTools.Completers;
using AttendanceTools.Engine.Queries;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Gets daily and meeting attendance records by student, school, date range and code, streamed as they are read.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "AttendanceRecord", HelpUri = HelpLinks.Base + "Get-AttendanceRecord.md")]
[OutputType(typeof(AttendanceRecordInfo))]
public sealed class GetAttendanceRecordCommand : StoreCmdlet
{
    private readonly HashSet<string> _studentIds = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Which records: Daily (one per student and day), Meeting (one per section period), or All (the default).</summary>
    [Parameter]
    [ValidateSet("Daily", "Meeting", "All", IgnoreCase = true)]
    public string Kind { get; set; } = "All";

    /// <summary>Student ids (StudentUniqueId); wildcards are allowed. Takes StudentId or Student from piped objects.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Student")]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(StudentIdCompleter))]
    public string[] StudentId { get; set; } = [];

    /// <summary>Schools, by name or id, where the records were taken; wildcards are allowed.</summary>
    [Parameter]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(SchoolNameCompleter))]
    public string[] School { get; set; } = [];

    /// <summary>The first date to include (the time of day is ignored).</summary>
    [Parameter]
    public DateTime? From { get; set; }

    /// <summary>The last date to include (the time of day is ignored).</summary>
    [Parameter]
    public DateTime? To { get; set; }

    /// <summary>Attendance codes (e.g. U, ILL); wildcards are allowed.</summary>
    [Parameter]
    [SupportsWildcards]
    public string[] Code { get; set; } = [];

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        // Students arriving through the pipeline are read in one pass at the end, not one scan each.
        foreach (var id in StudentId ?? []) if (!string.IsNullOrEmpty(id)) _studentIds.Add(id);
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        // Piped input that named no student (an empty upstream) must read nothing, not every record.
        if (MyInvocation.ExpectingInput && _studentIds.Count == 0) return;
        var store = ResolveStore();
        Guarded(() =>
        {
            var filter = new AttendanceRecordFilter
            {
                Kind = Enum.Parse<AttendanceRecordKind>(Kind, ignoreCase: true), StudentIds = [.. _studentIds], Schools = School ?? [],
                From = From is { } f ? DateOnly.FromDateTime(f) : null, To = To is { } t ? DateOnly.FromDateTime(t) : null, Codes = Code ?? [],
            };
            var summary = new ReadSummary();
            foreach (var record in AttendanceRecordQuery.Find(store, filter, e => WriteErrorFor(e)))
                WriteObject(summary.Add(record));
            WriteVerbose(summary.Text("attendance record", store));
        });
    }
}
