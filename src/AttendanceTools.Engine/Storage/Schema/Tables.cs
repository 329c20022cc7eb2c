using static AttendanceTools.Engine.Storage.Schema.Col;

namespace AttendanceTools.Engine.Storage.Schema;

/// <summary>
/// The canonical data model of domain.md §3 as store tables. Entities keep their natural keys
/// (text) beside an integer surrogate (<c>…Ref</c>) that every other table uses. Dates are
/// yyyymmdd integers, times of day minutes after midnight.
/// </summary>
public static class Tables
{
    public static readonly TableDef SchemaVersion = new()
    {
        Name = "SchemaVersion", Bookkeeping = true,
        Columns = [Int("Version"), Text("Description"), Timestamp("AppliedAt"), Text("ModuleVersion")],
        PrimaryKey = ["Version"],
    };

    public static readonly TableDef Setting = new()
    {
        Name = "Setting", Bookkeeping = true,
        Columns = [Text("Name", 100), NText("Value")],
        PrimaryKey = ["Name"],
    };

    public static readonly TableDef SchoolYear = new()
    {
        Name = "SchoolYear",
        Columns = [Int("SchoolYear"), Text("Description", 20), Date("BeginDate"), Date("EndDate"), Bool("IsCurrent")],
        PrimaryKey = ["SchoolYear"],
    };

    public static readonly TableDef School = new()
    {
        Name = "School",
        Columns = [Id("SchoolRef"), Text("SchoolId", 64), NText("SourcedId", 255), Text("Name", 200), Bool("IsDistrictOffice"),
            NText("SchoolCategory", 60), NText("GradeLevels", 200)],
        PrimaryKey = ["SchoolRef"],
        Indexes = [new("UX_School_SchoolId", ["SchoolId"], Unique: true)],
    };

    public static readonly TableDef Calendar = new()
    {
        Name = "Calendar",
        Columns = [Id("CalendarRef"), Int("SchoolRef"), Int("SchoolYear"), Text("CalendarCode", 60), NText("CalendarType", 60),
            NText("GradeLevels", 200), Minutes("WholeDayAbsenceMinutes", true), Minutes("HalfDayAbsenceMinutes", true)],
        PrimaryKey = ["CalendarRef"],
        Indexes = [new("UX_Calendar_Key", ["SchoolRef", "SchoolYear", "CalendarCode"], Unique: true)],
    };

    public static readonly TableDef CalendarDate = new()
    {
        Name = "CalendarDate", Clustered = true,
        Columns = [Int("CalendarRef"), Date("Date"), NText("CalendarEvents", 400), Bool("InSession"), Bool("TakesAttendance"),
            Int("BellScheduleRef", true)],
        PrimaryKey = ["CalendarRef", "Date"],
    };

    public static readonly TableDef ClassPeriod = new()
    {
        Name = "ClassPeriod",
        Columns = [Id("ClassPeriodRef"), Int("SchoolRef"), Text("ClassPeriodName", 60), Bool("OfficialAttendancePeriod")],
        PrimaryKey = ["ClassPeriodRef"],
        Indexes = [new("UX_ClassPeriod_Key", ["SchoolRef", "ClassPeriodName"], Unique: true)],
    };

    public static readonly TableDef BellSchedule = new()
    {
        Name = "BellSchedule",
        Columns = [Id("BellScheduleRef"), Int("SchoolRef"), Text("BellScheduleName", 60), NText("BridgePeriodName", 60),
            Minutes("DailyTimeIn", true), Minutes("DailyTimeOut", true)],
        PrimaryKey = ["BellScheduleRef"],
        Indexes = [new("UX_BellSchedule_Key", ["SchoolRef", "BellScheduleName"], Unique: true)],
    };

    public static readonly TableDef BellSchedulePeriod = new()
    {
        Name = "BellSchedulePeriod", Clustered = true,
        Columns = [Int("BellScheduleRef"), Int("ClassPeriodRef"), Minutes("StartTime", true), Minutes("EndTime", true),
            Minutes("LunchMinutes"), Bool("IsInstructional")],
        PrimaryKey = ["BellScheduleRef", "ClassPeriodRef"],
    };

    public static readonly TableDef Course = new()
    {
        Name = "Course",
        Columns = [Id("CourseRef"), Int("SchoolRef"), Text("LocalCourseCode", 60), Text("Title", 200), NText("SourcedId", 255)],
        PrimaryKey = ["CourseRef"],
        Indexes = [new("UX_Course_Key", ["SchoolRef", "LocalCourseCode"], Unique: true)],
    };

    /// <summary>A section; <c>ClassPeriodNames</c> is the comma-separated list of its periods (≥ 1).</summary>
    public static readonly TableDef Section = new()
    {
        Name = "Section",
        Columns = [Id("SectionRef"), Int("SchoolRef"), Int("SchoolYear"), Text("SectionIdentifier", 255), Text("LocalCourseCode", 60),
            NText("SessionName", 60), NText("Title", 200), Text("ClassPeriodNames", 400), Bool("AttendanceTracked"), Bool("IsActive"),
            Added(9, "TermSourcedIds", 1000), Added(9, "ClassType", 60)],
        PrimaryKey = ["SectionRef"],
        Indexes = [new("UX_Section_Key", ["SchoolRef", "SchoolYear", "SectionIdentifier"], Unique: true)],
    };

    public static readonly TableDef Student = new()
    {
        Name = "Student",
        Columns = [Id("StudentRef"), Text("StudentUniqueId", 255), NText("LocalId", 60), Text("FirstName", 100), Text("LastSurname", 100),
            Date("BirthDate", true), Int("ClassOfSchoolYear", true), Bool("IsDeleted"), Added(9, "Username", 255)],
        PrimaryKey = ["StudentRef"],
        Indexes = [new("UX_Student_Key", ["StudentUniqueId"], Unique: true)],
    };

    public static readonly TableDef StudentSchoolAssociation = new()
    {
        Name = "StudentSchoolAssociation", Clustered = true,
        Columns = [Int("StudentRef"), Int("SchoolRef"), Date("EntryDate"), Int("SchoolYear"), Int("CalendarRef"),
            Text("EntryGradeLevel", 10), NText("EntryCode", 30), Date("ExitWithdrawDate", true), NText("ExitWithdrawCode", 30),
            NText("ExitWithdrawType", 60)],
        PrimaryKey = ["StudentRef", "SchoolRef", "EntryDate"],
        Indexes = [new("IX_StudentSchoolAssociation_Calendar", ["CalendarRef"])],
    };

    public static readonly TableDef StudentYearRecord = new()
    {
        Name = "StudentYearRecord", Clustered = true,
        Columns = [Int("StudentRef"), Int("SchoolYear"), Int("SchoolRef"), Text("GradeLevel", 10), NText("CalendarCode", 60),
            Text("Status", 20), Bool("Promote"), NText("Homeroom", 60), NText("Counselor", 100), NText("NextYearSchoolId", 64),
            NText("NextYearGradeLevel", 10), NText("NextYearCalendarCode", 60), NText("NextYearHomeroom", 60), NText("NextYearCounselor", 100)],
        PrimaryKey = ["StudentRef", "SchoolYear"],
    };

    /// <summary>Roster spans, clustered by section so a school's rosters load in one range scan.</summary>
    public static readonly TableDef StudentSectionAssociation = new()
    {
        Name = "StudentSectionAssociation", Clustered = true,
        Columns = [Int("SectionRef"), Int("StudentRef"), Date("BeginDate"), Date("EndDate", true), Bool("HomeroomIndicator"), Added(9, "SourcedId", 255)],
        PrimaryKey = ["SectionRef", "StudentRef", "BeginDate"],
        Indexes = [new("IX_StudentSectionAssociation_Student", ["StudentRef"])],
    };

    public static readonly TableDef Program = new()
    {
        Name = "Program",
        Columns = [Id("ProgramRef"), Int("SchoolRef"), Text("ProgramName", 100), NText("ProgramType", 60)],
        PrimaryKey = ["ProgramRef"],
        Indexes = [new("UX_Program_Key", ["SchoolRef", "ProgramName"], Unique: true)],
    };

    public static readonly TableDef StudentProgramAssociation = new()
    {
        Name = "StudentProgramAssociation", Clustered = true,
        Columns = [Int("StudentRef"), Int("ProgramRef"), Date("BeginDate"), Date("EndDate", true)],
        PrimaryKey = ["StudentRef", "ProgramRef", "BeginDate"],
    };

    public static readonly TableDef AttendanceCode = new()
    {
        Name = "AttendanceCode",
        Columns = [Id("CodeRef"), Int("SchoolRef"), Int("SchoolYear"), Text("Code", 30), NText("Description", 200), Text("PresenceStatus", 10),
            Text("Excuse", 10), Text("EventCategory", 60), Bool("CountsForAda")],
        PrimaryKey = ["CodeRef"],
        Indexes = [new("UX_AttendanceCode_Key", ["SchoolRef", "SchoolYear", "Code"], Unique: true)],
    };

    /// <summary>Clustered by school and date: aggregation and the bridge read a school's days in range.</summary>
    public static readonly TableDef DailyAttendance = new()
    {
        Name = "DailyAttendance", Clustered = true,
        Columns = [Int("SchoolRef"), Date("Date"), Int("StudentRef"), Int("CodeRef"), Minutes("TimeIn", true), Minutes("TimeOut", true),
            Text("Origin", 12), Long("RunId", true)],
        PrimaryKey = ["SchoolRef", "Date", "StudentRef"],
        Indexes = [new("IX_DailyAttendance_Student", ["StudentRef", "Date"])],
    };

    public static readonly TableDef MeetingAttendance = new()
    {
        Name = "MeetingAttendance", Clustered = true,
        Columns = [Int("SchoolRef"), Date("Date"), Int("StudentRef"), Int("SectionRef"), Int("ClassPeriodRef"), Int("CodeRef"),
            Minutes("PresentMinutes", true), Text("Origin", 12), Long("RunId", true)],
        PrimaryKey = ["SchoolRef", "Date", "StudentRef", "SectionRef", "ClassPeriodRef"],
    };

    public static readonly TableDef AttendanceTime = new()
    {
        Name = "AttendanceTime", Clustered = true,
        Columns = [Int("StudentRef"), Int("SchoolRef"), Date("Date"), Text("Kind", 20), Int("Sequence"), Minutes("Minutes")],
        PrimaryKey = ["StudentRef", "SchoolRef", "Date", "Kind", "Sequence"],
    };

    public static readonly TableDef AttendanceSettings = new()
    {
        Name = "AttendanceSettings", Clustered = true,
        Columns = [Int("SchoolRef"), Int("SchoolYear"), Text("RecordingMethod", 10), Text("BridgeMode", 10)],
        PrimaryKey = ["SchoolRef", "SchoolYear"],
    };

    public static readonly TableDef BackfillPreference = new()
    {
        Name = "BackfillPreference", Clustered = true,
        Columns = [Int("SchoolRef"), Int("SchoolYear"), Bool("Enabled"), Bool("RealtimeEnabled"), NText("ProgramName", 100),
            Decimal("TargetHoursPerDay"), Decimal("MaxWorkExperienceHoursPerDay"), Date("BackfillStartDate", true)],
        PrimaryKey = ["SchoolRef", "SchoolYear"],
    };

    /// <summary>Domain §7: one row per student and attendance day of a calendar. <c>LastModified</c> is Unix milliseconds (UTC).</summary>
    public static readonly TableDef DayAggregate = new()
    {
        Name = "DayAggregate", Clustered = true,
        Columns = [Int("CalendarRef"), Date("Date"), Int("StudentRef"), Minutes("ScheduledMinutes"), Minutes("AbsentMinutes"),
            Minutes("UnexcusedAbsentMinutes"), Int("MostCommonExcuseRef", true), Long("LastModified")],
        PrimaryKey = ["CalendarRef", "Date", "StudentRef"],
    };

    public static readonly TableDef BackfillMove = new()
    {
        Name = "BackfillMove", Clustered = true,
        Columns = [Int("SchoolRef"), Int("StudentRef"), Date("DonorWeek"), Date("RecipientWeek"), Text("Category", 20), Minutes("Minutes"),
            Long("RunId", true)],
        PrimaryKey = ["SchoolRef", "StudentRef", "DonorWeek", "RecipientWeek", "Category"],
    };

    public static readonly TableDef BackfillStudentState = new()
    {
        Name = "BackfillStudentState", Clustered = true,
        Columns = [Int("SchoolRef"), Int("StudentRef"), Date("BackfillStartDate"), Text("Fingerprint"), Timestamp("ComputedAt")],
        PrimaryKey = ["SchoolRef", "StudentRef"],
    };

    public static readonly TableDef RolloverCriterion = new()
    {
        Name = "RolloverCriterion",
        Columns = [Int("Sequence"), Text("Name", 100), Text("Conditions"), Text("AssignStatus", 20), NText("Updates")],
        PrimaryKey = ["Sequence"],
    };

    public static readonly TableDef RolloverRun = new()
    {
        Name = "RolloverRun", Bookkeeping = true,
        Columns = [Text("RunType", 20), Int("SchoolYear"), Int("RunNumber"), Text("Mode", 10), Text("State", 10), Timestamp("StartedAt"),
            Timestamp("FinishedAt", true), Text("StartedBy", 200), NText("Counts"), NText("BackupId", 60)],
        PrimaryKey = ["RunType", "SchoolYear", "RunNumber"],
    };

    public static readonly TableDef RolloverYearEndStudent = new()
    {
        Name = "RolloverYearEndStudent",
        Columns = [Int("SchoolYear"), Int("StudentRef"), Int("CriterionSequence"), Text("Action", 20), Int("RunNumber"), Bool("WasPreRegistered")],
        PrimaryKey = ["SchoolYear", "StudentRef"],
    };

    public static readonly TableDef RolloverLog = new()
    {
        Name = "RolloverLog", Bookkeeping = true,
        Columns = [Text("RunKey", 60), Int("Line"), Text("Severity", 10), NText("StudentUniqueId", 255), Text("Message")],
        PrimaryKey = ["RunKey", "Line"],
    };

    public static readonly TableDef BackupLog = new()
    {
        Name = "BackupLog", Bookkeeping = true,
        Columns = [Text("RunKey", 60), Int("Line"), Text("TableName", 100), Long("RowCount"), NText("Data")],
        PrimaryKey = ["RunKey", "Line"],
    };

    public static readonly TableDef CourseRequest = new()
    {
        Name = "CourseRequest", Clustered = true,
        Columns = [Int("StudentRef"), Int("SchoolRef"), Int("SchoolYear"), Text("LocalCourseCode", 60)],
        PrimaryKey = ["StudentRef", "SchoolRef", "SchoolYear", "LocalCourseCode"],
    };

    public static readonly TableDef ReportCardMark = new()
    {
        Name = "ReportCardMark", Clustered = true,
        Columns = [Int("StudentRef"), Int("SchoolRef"), Int("SchoolYear"), Text("SectionIdentifier", 255), Text("MarkingPeriod", 30),
            Text("Mark", 10)],
        PrimaryKey = ["StudentRef", "SchoolRef", "SchoolYear", "SectionIdentifier", "MarkingPeriod"],
    };

    public static readonly TableDef SuccessPlan = new()
    {
        Name = "SuccessPlan", Clustered = true,
        Columns = [Int("StudentRef"), Text("PlanType", 60), Date("StartDate"), Date("EndDate", true), NText("Notes", 1000)],
        PrimaryKey = ["StudentRef", "PlanType", "StartDate"],
    };

    public static readonly TableDef MaintenanceLock = new()
    {
        Name = "MaintenanceLock", Bookkeeping = true,
        Columns = [Int("Id"), Text("LockedBy", 200), Timestamp("LockedAt"), NText("Reason", 400), Bool("DisableScheduledTasks"), Text("Token", 64)],
        PrimaryKey = ["Id"],
    };

    public static readonly TableDef ProvisioningSnapshot = new()
    {
        Name = "ProvisioningSnapshot",
        Columns = [Text("StudentUniqueId", 255), Text("SchoolId", 64), Text("GradeLevel", 10), Int("GraduationYear", true), Timestamp("ExportedAt")],
        PrimaryKey = ["StudentUniqueId"],
    };

    /// <summary>Every applied run: who, when, scope, counts, duration, warnings, and what undoes it.</summary>
    public static readonly TableDef RunLog = new()
    {
        Name = "RunLog", Bookkeeping = true,
        Columns = [Id("RunId"), Text("Operation", 60), Text("Scope", 1000), Text("StartedBy", 200), Text("Host", 200), Timestamp("StartedAt"),
            Timestamp("FinishedAt"), Long("DurationMs"), Text("Status", 20), Long("Inserted"), Long("Updated"), Long("Deleted"),
            Long("Unchanged"), NText("Details"), NText("Warnings"), NText("UndoRef", 200)],
        PrimaryKey = ["RunId"],
    };

    public static readonly TableDef Lease = new()
    {
        Name = "Lease", Bookkeeping = true,
        Columns = [Text("Name", 200), Text("Holder", 200), Text("Host", 200), Int("ProcessId"), Timestamp("AcquiredAt"), Timestamp("ExpiresAt"),
            Text("Token", 64)],
        PrimaryKey = ["Name"],
    };

    /// <summary>Tables of schema version 1, in creation (and dependency) order.</summary>
    public static IReadOnlyList<TableDef> Version1 { get; } =
    [
        SchemaVersion, Setting, SchoolYear, School, Calendar, CalendarDate, ClassPeriod, BellSchedule, BellSchedulePeriod, Course,
        Section, Student, StudentSchoolAssociation, StudentYearRecord, StudentSectionAssociation, Program, StudentProgramAssociation,
        AttendanceCode, DailyAttendance, MeetingAttendance, AttendanceTime, AttendanceSettings, BackfillPreference, DayAggregate,
        BackfillMove, BackfillStudentState, RolloverCriterion, RolloverRun, RolloverYearEndStudent, RolloverLog, BackupLog,
        CourseRequest, ReportCardMark, SuccessPlan, MaintenanceLock, ProvisioningSnapshot, RunLog, Lease,
    ];

    /// <summary>Every table that holds district data (not bookkeeping), including those later schema versions added.</summary>
    public static IEnumerable<TableDef> DistrictData => Version1.Where(t => !t.Bookkeeping).Append(Migrations.OneRosterInterchangeMigration.AcademicSession);
}
