using System.Management.Automation;
using AttendanceTools.Commands;
using AttendanceTools.Completers;

namespace AttendanceTools.Infrastructure;

/// <summary>
/// The scope every backfill command takes: schools and students (also from the pipeline, collected
/// over all input), the school year and -AsOf. Commands act once, in EndProcessing.
/// </summary>
public abstract class BackfillScopeCmdlet : StoreCmdlet
{
    /// <summary>Schools (name or id). School objects bind by SchoolId, student objects by School. Default: every school with backfill enabled.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("SchoolId")]
    [ArgumentCompleter(typeof(SchoolNameCompleter))]
    public string[] School { get; set; } = [];

    /// <summary>Only these students (StudentId). Student objects bind by StudentId.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("StudentId", "StudentUniqueId")]
    [ArgumentCompleter(typeof(StudentIdCompleter))]
    public string[] Student { get; set; } = [];

    /// <summary>The school year, as 2026 or 2025-26. Default: the year holding -AsOf.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(SchoolYearCompleter))]
    public string? SchoolYear { get; set; }

    /// <summary>Act as if the district clock read this time: the window ends on its date. Default: now.</summary>
    [Parameter]
    public DateTime? AsOf { get; set; }

    /// <summary>Every school named so far (parameters and pipeline).</summary>
    private protected List<string> Schools { get; } = [];

    /// <summary>Every student named so far.</summary>
    private protected List<string> Students { get; } = [];

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (MyInvocation.ExpectingInput && PipelineInput.IsEmpty(School) && PipelineInput.IsEmpty(Student))
        {
            WriteVerbose("Skipped a piped object that names no school and no student.");
            return;
        }
        foreach (var s in School.Where(s => !string.IsNullOrEmpty(s)))
            if (!Schools.Contains(s, StringComparer.OrdinalIgnoreCase)) Schools.Add(s);
        foreach (var s in Student.Where(s => !string.IsNullOrEmpty(s)))
            if (!Students.Contains(s, StringComparer.OrdinalIgnoreCase)) Students.Add(s);
    }
}
