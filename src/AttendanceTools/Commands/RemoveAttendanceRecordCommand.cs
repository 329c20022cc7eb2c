using System.Management.Automation;
using AttendanceTools.Completers;
using AttendanceTools.Engine.Bridge;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Removes a daily or meeting attendance mark, and its bridged twin when the live bridge made it.</para>
/// </summary>
[DeletesRows(RowDeletion.Intended)]
[Cmdlet(VerbsCommon.Remove, "AttendanceRecord", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = HelpLinks.Base + "Remove-AttendanceRecord.md")]
[OutputType(typeof(AttendanceMarkResult))]
public sealed class RemoveAttendanceRecordCommand : StoreCmdlet
{
    private readonly List<AttendanceMark> _marks = [];

    /// <summary>The student (StudentUniqueId). Takes StudentId or Student from piped objects (Get-AttendanceRecord output).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Student")]
    [ArgumentCompleter(typeof(StudentIdCompleter))]
    public string StudentId { get; set; } = "";

    /// <summary>The date of the mark (the time of day is ignored).</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [DateArgument]
    public DateTime Date { get; set; }

    /// <summary>The school (name or id). Default: the school the student is enrolled at on the date.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("SchoolId")]
    [ArgumentCompleter(typeof(SchoolNameCompleter))]
    public string? School { get; set; }

    /// <summary>Daily or Meeting. Default: Meeting when -Section or -Period is given, else Daily.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateSet("Daily", "Meeting", IgnoreCase = true)]
    public string? Kind { get; set; }

    /// <summary>Meeting mark: the section (SectionIdentifier).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Section { get; set; }

    /// <summary>Meeting mark: the class period (e.g. P1).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Period { get; set; }

    /// <summary>Return what the removals would do (bridge included) and write nothing.</summary>
    [Parameter]
    public SwitchParameter Preview { get; set; }

    /// <summary>The maintenance-lock token, when the store is locked and this removal is part of that maintenance.</summary>
    [Parameter]
    public string? LockToken { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord() => _marks.Add(new AttendanceMark
    {
        Student = StudentId, Date = DateOnly.FromDateTime(Date), School = SetAttendanceRecordCommand.NullIfEmpty(School), Kind = string.IsNullOrEmpty(Kind) ? null : Enum.Parse<MarkKind>(Kind, ignoreCase: true),
        Section = SetAttendanceRecordCommand.NullIfEmpty(Section), Period = SetAttendanceRecordCommand.NullIfEmpty(Period),
    });

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        var store = ResolveStore();
        Guarded(() => MarkBatch.Run(this, store, _marks, remove: true, Preview, LockToken, Observer, "Remove-AttendanceRecord"));
    }
}
