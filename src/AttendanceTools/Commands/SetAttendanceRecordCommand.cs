using System.Management.Automation;
using AttendanceTools.Completers;
using AttendanceTools.Engine.Bridge;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Writes a daily or meeting attendance mark for a student and date, checked against the codes, the calendar, the enrolment and the roster, and bridged live to its twin.</para>
/// </summary>
[Cmdlet(VerbsCommon.Set, "AttendanceRecord", SupportsShouldProcess = true, HelpUri = HelpLinks.Base + "Set-AttendanceRecord.md")]
[OutputType(typeof(AttendanceMarkResult))]
public sealed class SetAttendanceRecordCommand : StoreCmdlet
{
    private readonly List<AttendanceMark> _marks = [];

    /// <summary>The student (StudentUniqueId). Takes StudentId or Student from piped objects.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Student")]
    [ArgumentCompleter(typeof(StudentIdCompleter))]
    public string StudentId { get; set; } = "";

    /// <summary>The date of the mark (the time of day is ignored).</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [DateArgument]
    public DateTime Date { get; set; }

    /// <summary>The attendance code, one of the school's codes for the year (e.g. P, T, U, ILL).</summary>
    [Parameter(Mandatory = true, Position = 2, ValueFromPipelineByPropertyName = true)]
    public string Code { get; set; } = "";

    /// <summary>The school (name or id). Default: the school the student is enrolled at on the date.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("SchoolId")]
    [ArgumentCompleter(typeof(SchoolNameCompleter))]
    public string? School { get; set; }

    /// <summary>Daily or Meeting. Default: Meeting when -Section or -Period is given, else Daily.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateSet("Daily", "Meeting", IgnoreCase = true)]
    public string? Kind { get; set; }

    /// <summary>Meeting mark: the section (SectionIdentifier). May be left out when the student is in one section in the period.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Section { get; set; }

    /// <summary>Meeting mark: the class period (e.g. P1). May be left out when the section meets in one period that day.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Period { get; set; }

    /// <summary>Meeting mark: minutes the student was there during an absent period (late arrival, early leave).</summary>
    [Parameter]
    [ValidateRange(0, 1440)]
    public int? PresentMinutes { get; set; }

    /// <summary>Daily mark: time in (e.g. 09:10).</summary>
    [Parameter]
    public TimeSpan? TimeIn { get; set; }

    /// <summary>Daily mark: time out (e.g. 12:30).</summary>
    [Parameter]
    public TimeSpan? TimeOut { get; set; }

    /// <summary>Return what the writes would do (bridge included) and write nothing.</summary>
    [Parameter]
    public SwitchParameter Preview { get; set; }

    /// <summary>The maintenance-lock token, when the store is locked and this write is part of that maintenance.</summary>
    [Parameter]
    public string? LockToken { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord() => _marks.Add(new AttendanceMark
    {
        Student = StudentId, Date = DateOnly.FromDateTime(Date), Code = Code, School = NullIfEmpty(School), Kind = string.IsNullOrEmpty(Kind) ? null : Enum.Parse<MarkKind>(Kind, ignoreCase: true),
        Section = NullIfEmpty(Section), Period = NullIfEmpty(Period), PresentMinutes = PresentMinutes,
        TimeIn = TimeIn is { } i ? (int)i.TotalMinutes : null, TimeOut = TimeOut is { } o ? (int)o.TotalMinutes : null,
    });

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        var store = ResolveStore();
        Guarded(() => MarkBatch.Run(this, store, _marks, remove: false, Preview, LockToken, Observer, "Set-AttendanceRecord"));
    }

    internal static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
