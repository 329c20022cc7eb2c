namespace AttendanceTools.Engine.Model;

/// <summary>
/// A whole district (or a slice of one) in memory, keyed by natural keys: what an import reads,
/// an export writes, and the demo generator builds. Storage maps it to surrogate keys.
/// </summary>
public sealed class DistrictData
{
    public string? DistrictName { get; set; }
    /// <summary>IANA or Windows time-zone id of the district ("America/Los_Angeles").</summary>
    public string? TimeZone { get; set; }

    public List<SchoolYearRow> SchoolYears { get; } = [];
    public List<AcademicSession> AcademicSessions { get; } = [];
    public List<School> Schools { get; } = [];
    public List<Calendar> Calendars { get; } = [];
    public List<CalendarDate> CalendarDates { get; } = [];
    public List<ClassPeriod> ClassPeriods { get; } = [];
    public List<BellSchedule> BellSchedules { get; } = [];
    public List<BellSchedulePeriod> BellSchedulePeriods { get; } = [];
    public List<Course> Courses { get; } = [];
    public List<Section> Sections { get; } = [];
    public List<Student> Students { get; } = [];
    public List<StudentSchoolAssociation> Enrollments { get; } = [];
    public List<StudentYearRecord> YearRecords { get; } = [];
    public List<StudentSectionAssociation> Rosters { get; } = [];
    public List<Program> Programs { get; } = [];
    public List<StudentProgramAssociation> ProgramAssociations { get; } = [];
    public List<AttendanceCode> AttendanceCodes { get; } = [];
    public List<DailyAttendance> DailyAttendance { get; } = [];
    public List<MeetingAttendance> MeetingAttendance { get; } = [];
    public List<AttendanceTime> AttendanceTime { get; } = [];
    public List<AttendanceSettings> AttendanceSettings { get; } = [];
    /// <summary>Mid-year changes of recording method (the demo's switcher school); written by the demo store, not by imports or exports.</summary>
    internal List<RecordingMethodChange> RecordingMethodChanges { get; } = [];
    public List<BackfillPreference> BackfillPreferences { get; } = [];
    public List<CourseRequest> CourseRequests { get; } = [];
    public List<ReportCardMark> ReportCardMarks { get; } = [];
    public List<SuccessPlan> SuccessPlans { get; } = [];
}
