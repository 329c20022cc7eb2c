using System.Management.Automation;
using AttendanceTools.Completers;
using AttendanceTools.Engine.Queries;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Gets students with their school, grade, status, graduation year (stored and as feeds compute it) and programs for a school year.</para>
/// <para type="description">Without -StudentId, the students who have a year record in the school year (the current one unless -SchoolYear says otherwise).</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "AttendanceStudent", HelpUri = HelpLinks.Base + "Get-AttendanceStudent.md")]
[OutputType(typeof(StudentInfo))]
public sealed class GetAttendanceStudentCommand : StoreCmdlet
{
    /// <summary>Student ids (StudentUniqueId) to get; wildcards are allowed. Takes StudentId or Student from piped objects.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Student")]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(StudentIdCompleter))]
    public string[] StudentId { get; set; } = [];

    /// <summary>Schools, by name or id, of the students' year records; wildcards are allowed. Takes School or SchoolId from piped objects.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("SchoolId")]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(SchoolNameCompleter))]
    public string[] School { get; set; } = [];

    /// <summary>Grade levels (09, 9, KG, Ninth grade); wildcards match the codes (1* is 10, 11 and 12).</summary>
    [Parameter]
    [SupportsWildcards]
    public string[] Grade { get; set; } = [];

    /// <summary>Program names (e.g. CE); students in such a program at some time in the school year.</summary>
    [Parameter]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(ProgramNameCompleter))]
    public string[] Program { get; set; } = [];

    /// <summary>The school year, as 2026 or 2025-26; the current year when omitted.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(SchoolYearCompleter))]
    public string? SchoolYear { get; set; }

    /// <summary>Include students marked deleted.</summary>
    [Parameter]
    public SwitchParameter IncludeDeleted { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        // A piped object that names neither a student nor a school selects nobody, not every student.
        if (MyInvocation.ExpectingInput && PipelineInput.IsEmpty(StudentId) && PipelineInput.IsEmpty(School))
        {
            WriteVerbose("Skipped a piped object that names no student and no school.");
            return;
        }
        var store = ResolveStore();
        Guarded(() =>
        {
            var filter = new StudentFilter
            {
                StudentIds = StudentId ?? [], Schools = School ?? [], Grades = Grade ?? [], Programs = Program ?? [],
                SchoolYear = SchoolYearArgument.Parse(SchoolYear), IncludeDeleted = IncludeDeleted,
            };
            var summary = new ReadSummary();
            foreach (var student in StudentQuery.Find(store, filter, e => WriteErrorFor(e), w => Observer.Warning(w.Id, w.Message)))
                WriteObject(summary.Add(student));
            WriteVerbose(summary.Text("student", store));
        });
    }
}
