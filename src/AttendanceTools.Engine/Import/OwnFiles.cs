using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Storage;
using static AttendanceTools.Engine.Import.CsvFormat;
using E = AttendanceTools.Engine.Import.ImportErrorIds;
using TB = AttendanceTools.Engine.Storage.DistrictTables;

namespace AttendanceTools.Engine.Import;

/// <summary>
/// Our own package files (domain §3.5) for what OneRoster lacks: one file per entity, columns named
/// as the entity fields, in the model's field order. Required columns must be in the header and
/// have a value in every row.
/// </summary>
internal static class OwnFiles
{
    private const string TextF = "text", DateF = "date yyyy-MM-dd", TimeF = "time HH:mm", BoolF = "true/false", IntF = "whole number",
        YearF = "school year (end year, e.g. 2026)", GradeF = "grade level (CEDS code: KG, 01 … 12, …)", DecF = "decimal number";

    // Declared first: the file definitions below use it while the class initializes.
    /// <summary>Ed-Fi AttendanceEventCategoryDescriptor values (domain §3.2).</summary>
    public static readonly string[] EventCategories = ["In Attendance", "Excused Absence", "Unexcused Absence", "Tardy", "Early departure", "Partial"];

    private static string Enum<TEnum>() where TEnum : struct, Enum => string.Join(" | ", System.Enum.GetNames<TEnum>());

    public static readonly OwnFile<SchoolYearRow> SchoolYears = new OwnFile<SchoolYearRow>
    {
        FileName = "schoolYears.csv", Of = TB.SchoolYears,
        Parse = r =>
        {
            var x = new SchoolYearRow { SchoolYear = r.Year("SchoolYear", true) ?? 0, Description = r.Req("Description"),
                BeginDate = r.Date("BeginDate", true) ?? default, EndDate = r.Date("EndDate", true) ?? default, IsCurrent = r.Bool("IsCurrent") ?? false };
            if (!r.Bad) r.Range(x.EndDate >= x.BeginDate, "EndDate", Date(x.EndDate), $"EndDate {Date(x.EndDate)} is before BeginDate {Date(x.BeginDate)}.");
            return x;
        },
    }.Key("SchoolYear", YearF, x => Int(x.SchoolYear)).Key("Description", TextF, x => x.Description).Key("BeginDate", DateF, x => Date(x.BeginDate))
     .Key("EndDate", DateF, x => Date(x.EndDate)).Col("IsCurrent", BoolF + " (default false; exactly one year is current)", x => Bool(x.IsCurrent));

    public static readonly OwnFile<Calendar> Calendars = new OwnFile<Calendar>
    {
        FileName = "calendars.csv", Of = TB.Calendars,
        Parse = r =>
        {
            var x = new Calendar { SchoolId = r.Req("SchoolId"), SchoolYear = r.Year("SchoolYear", true) ?? 0, CalendarCode = r.Req("CalendarCode"),
                CalendarType = r.Text("CalendarType"), GradeLevels = r.Text("GradeLevels"), WholeDayAbsenceMinutes = r.Int("WholeDayAbsenceMinutes"),
                HalfDayAbsenceMinutes = r.Int("HalfDayAbsenceMinutes") };
            r.Range(x.WholeDayAbsenceMinutes is null or >= 0, "WholeDayAbsenceMinutes", Int(x.WholeDayAbsenceMinutes), "Minutes cannot be negative.");
            r.Range(x.HalfDayAbsenceMinutes is null or >= 0, "HalfDayAbsenceMinutes", Int(x.HalfDayAbsenceMinutes), "Minutes cannot be negative.");
            return x;
        },
    }.Key("SchoolId", TextF, x => x.SchoolId).Key("SchoolYear", YearF, x => Int(x.SchoolYear)).Key("CalendarCode", TextF, x => x.CalendarCode)
     .Col("CalendarType", TextF, x => x.CalendarType).Col("GradeLevels", "space-separated grade levels", x => x.GradeLevels)
     .Col("WholeDayAbsenceMinutes", IntF, x => Int(x.WholeDayAbsenceMinutes)).Col("HalfDayAbsenceMinutes", IntF, x => Int(x.HalfDayAbsenceMinutes));

    public static readonly OwnFile<CalendarDate> CalendarDates = new OwnFile<CalendarDate>
    {
        FileName = "calendarDates.csv", Of = TB.CalendarDates, Parse = ParseCalendarDate,
    }.Key("SchoolId", TextF, x => x.SchoolId).Key("SchoolYear", YearF, x => Int(x.SchoolYear)).Key("CalendarCode", TextF, x => x.CalendarCode)
     .Key("Date", DateF, x => Date(x.Date)).Col("CalendarEvents", "Ed-Fi calendar events separated by ';'", x => x.CalendarEvents)
     .Col("InSession", BoolF + " (derived from CalendarEvents when empty)", x => Bool(x.InSession))
     .Col("TakesAttendance", BoolF + " (derived from CalendarEvents when empty)", x => Bool(x.TakesAttendance))
     .Col("BellScheduleName", TextF + " (required on a day in session)", x => x.BellScheduleName);

    public static readonly OwnFile<ClassPeriod> ClassPeriods = new OwnFile<ClassPeriod>
    {
        FileName = "classPeriods.csv", Of = TB.ClassPeriods,
        Parse = r => new ClassPeriod { SchoolId = r.Req("SchoolId"), ClassPeriodName = NoComma(r, "ClassPeriodName"),
            OfficialAttendancePeriod = r.Bool("OfficialAttendancePeriod") ?? false },
    }.Key("SchoolId", TextF, x => x.SchoolId).Key("ClassPeriodName", TextF + " (no commas)", x => x.ClassPeriodName)
     .Col("OfficialAttendancePeriod", BoolF + " (default false)", x => Bool(x.OfficialAttendancePeriod));

    public static readonly OwnFile<BellSchedule> BellSchedules = new OwnFile<BellSchedule>
    {
        FileName = "bellSchedules.csv", Of = TB.BellSchedules,
        Parse = r =>
        {
            var x = new BellSchedule { SchoolId = r.Req("SchoolId"), BellScheduleName = r.Req("BellScheduleName"), BridgePeriodName = r.Text("BridgePeriodName"),
                DailyTimeIn = r.Time("DailyTimeIn"), DailyTimeOut = r.Time("DailyTimeOut") };
            r.Range(x.DailyTimeIn is null || x.DailyTimeOut is null || x.DailyTimeOut > x.DailyTimeIn, "DailyTimeOut", Time(x.DailyTimeOut),
                $"DailyTimeOut {Time(x.DailyTimeOut)} is not after DailyTimeIn {Time(x.DailyTimeIn)}.");
            return x;
        },
    }.Key("SchoolId", TextF, x => x.SchoolId).Key("BellScheduleName", TextF, x => x.BellScheduleName).Col("BridgePeriodName", TextF, x => x.BridgePeriodName)
     .Col("DailyTimeIn", TimeF, x => Time(x.DailyTimeIn)).Col("DailyTimeOut", TimeF, x => Time(x.DailyTimeOut));

    public static readonly OwnFile<BellSchedulePeriod> BellSchedulePeriods = new OwnFile<BellSchedulePeriod>
    {
        FileName = "bellSchedulePeriods.csv", Of = TB.BellSchedulePeriods,
        Parse = r =>
        {
            var x = new BellSchedulePeriod { SchoolId = r.Req("SchoolId"), BellScheduleName = r.Req("BellScheduleName"), ClassPeriodName = r.Req("ClassPeriodName"),
                StartTime = r.Time("StartTime"), EndTime = r.Time("EndTime"), LunchMinutes = r.Int("LunchMinutes") ?? 0, IsInstructional = r.Bool("IsInstructional") ?? true };
            if (r.Bad) return x;
            r.Range(x.StartTime is null || x.EndTime is null || x.EndTime > x.StartTime, "EndTime", Time(x.EndTime),
                $"EndTime {Time(x.EndTime)} is not after StartTime {Time(x.StartTime)}.");
            var length = x.StartTime is { } s && x.EndTime is { } e ? e - s : int.MaxValue;
            r.Range(x.LunchMinutes >= 0 && x.LunchMinutes <= Math.Max(length, 0), "LunchMinutes", Int(x.LunchMinutes),
                $"LunchMinutes {x.LunchMinutes} must be between 0 and the period's length ({(length == int.MaxValue ? "unknown" : Int(length))} minutes).");
            return x;
        },
    }.Key("SchoolId", TextF, x => x.SchoolId).Key("BellScheduleName", TextF, x => x.BellScheduleName).Key("ClassPeriodName", TextF, x => x.ClassPeriodName)
     .Col("StartTime", TimeF, x => Time(x.StartTime)).Col("EndTime", TimeF, x => Time(x.EndTime)).Col("LunchMinutes", IntF + " (default 0)", x => Int(x.LunchMinutes))
     .Col("IsInstructional", BoolF + " (default true)", x => Bool(x.IsInstructional));

    public static readonly OwnFile<StudentSchoolAssociation> Enrollments = new OwnFile<StudentSchoolAssociation>
    {
        FileName = "studentSchoolAssociations.csv", Of = TB.Enrollments,
        Parse = r =>
        {
            var x = new StudentSchoolAssociation { StudentUniqueId = r.Req("StudentUniqueId"), SchoolId = r.Req("SchoolId"), EntryDate = r.Date("EntryDate", true) ?? default,
                SchoolYear = r.Year("SchoolYear", true) ?? 0, CalendarCode = r.Req("CalendarCode"), EntryGradeLevel = r.Grade("EntryGradeLevel", true) ?? "",
                EntryCode = r.Text("EntryCode"), ExitWithdrawDate = r.Date("ExitWithdrawDate"), ExitWithdrawCode = r.Text("ExitWithdrawCode"),
                ExitWithdrawType = r.Text("ExitWithdrawType") };
            if (!r.Bad) r.Range(x.ExitWithdrawDate is null || x.ExitWithdrawDate >= x.EntryDate, "ExitWithdrawDate", Date(x.ExitWithdrawDate),
                $"ExitWithdrawDate {Date(x.ExitWithdrawDate)} is before EntryDate {Date(x.EntryDate)}.");
            return x;
        },
    }.Key("StudentUniqueId", TextF, x => x.StudentUniqueId).Key("SchoolId", TextF, x => x.SchoolId).Key("EntryDate", DateF, x => Date(x.EntryDate))
     .Key("SchoolYear", YearF, x => Int(x.SchoolYear)).Key("CalendarCode", TextF, x => x.CalendarCode).Key("EntryGradeLevel", GradeF, x => x.EntryGradeLevel)
     .Col("EntryCode", TextF, x => x.EntryCode).Col("ExitWithdrawDate", DateF + " (inclusive: the last day enrolled)", x => Date(x.ExitWithdrawDate))
     .Col("ExitWithdrawCode", TextF, x => x.ExitWithdrawCode).Col("ExitWithdrawType", TextF, x => x.ExitWithdrawType);

    public static readonly OwnFile<StudentYearRecord> YearRecords = new OwnFile<StudentYearRecord>
    {
        FileName = "studentYearRecords.csv", Of = TB.YearRecords,
        Parse = r => new StudentYearRecord
        {
            StudentUniqueId = r.Req("StudentUniqueId"), SchoolYear = r.Year("SchoolYear", true) ?? 0, SchoolId = r.Req("SchoolId"),
            GradeLevel = r.Grade("GradeLevel", true) ?? "", CalendarCode = r.Text("CalendarCode"), Status = r.Enum<YearRecordStatus>("Status") ?? YearRecordStatus.Active,
            Promote = r.Bool("Promote") ?? true, Homeroom = r.Text("Homeroom"), Counselor = r.Text("Counselor"), NextYearSchoolId = r.Text("NextYearSchoolId"),
            NextYearGradeLevel = r.Grade("NextYearGradeLevel"), NextYearCalendarCode = r.Text("NextYearCalendarCode"), NextYearHomeroom = r.Text("NextYearHomeroom"),
            NextYearCounselor = r.Text("NextYearCounselor"),
        },
    }.Key("StudentUniqueId", TextF, x => x.StudentUniqueId).Key("SchoolYear", YearF, x => Int(x.SchoolYear)).Key("SchoolId", TextF, x => x.SchoolId)
     .Key("GradeLevel", GradeF, x => x.GradeLevel).Col("CalendarCode", TextF, x => x.CalendarCode)
     .Col("Status", Enum<YearRecordStatus>() + " (default Active)", x => x.Status.ToString()).Col("Promote", BoolF + " (default true)", x => Bool(x.Promote))
     .Col("Homeroom", TextF, x => x.Homeroom).Col("Counselor", TextF, x => x.Counselor).Col("NextYearSchoolId", TextF, x => x.NextYearSchoolId)
     .Col("NextYearGradeLevel", GradeF, x => x.NextYearGradeLevel).Col("NextYearCalendarCode", TextF, x => x.NextYearCalendarCode)
     .Col("NextYearHomeroom", TextF, x => x.NextYearHomeroom).Col("NextYearCounselor", TextF, x => x.NextYearCounselor);

    public static readonly OwnFile<Program> Programs = new OwnFile<Program>
    {
        FileName = "programs.csv", Of = TB.Programs,
        Parse = r => new Program { SchoolId = r.Req("SchoolId"), ProgramName = r.Req("ProgramName"), ProgramType = r.Text("ProgramType") },
    }.Key("SchoolId", TextF, x => x.SchoolId).Key("ProgramName", TextF, x => x.ProgramName).Col("ProgramType", TextF, x => x.ProgramType);

    public static readonly OwnFile<StudentProgramAssociation> ProgramAssociations = new OwnFile<StudentProgramAssociation>
    {
        FileName = "studentProgramAssociations.csv", Of = TB.ProgramAssociations,
        Parse = r =>
        {
            var x = new StudentProgramAssociation { StudentUniqueId = r.Req("StudentUniqueId"), SchoolId = r.Req("SchoolId"), ProgramName = r.Req("ProgramName"),
                BeginDate = r.Date("BeginDate", true) ?? default, EndDate = r.Date("EndDate") };
            if (!r.Bad) r.Range(x.EndDate is null || x.EndDate >= x.BeginDate, "EndDate", Date(x.EndDate), $"EndDate {Date(x.EndDate)} is before BeginDate {Date(x.BeginDate)}.");
            return x;
        },
    }.Key("StudentUniqueId", TextF, x => x.StudentUniqueId).Key("SchoolId", TextF, x => x.SchoolId).Key("ProgramName", TextF, x => x.ProgramName)
     .Key("BeginDate", DateF, x => Date(x.BeginDate)).Col("EndDate", DateF + " (inclusive)", x => Date(x.EndDate));

    public static readonly OwnFile<AttendanceCode> AttendanceCodes = new OwnFile<AttendanceCode>
    {
        FileName = "attendanceCodes.csv", Of = TB.AttendanceCodes, Parse = ParseCode,
    }.Key("SchoolId", TextF, x => x.SchoolId).Key("SchoolYear", YearF, x => Int(x.SchoolYear)).Key("Code", TextF, x => x.Code)
     .Col("Description", TextF, x => x.Description).Key("PresenceStatus", Enum<PresenceStatus>(), x => x.PresenceStatus.ToString())
     .Col("Excuse", Enum<Excuse>() + " (default None)", x => x.Excuse.ToString())
     .Col("EventCategory", string.Join(" | ", EventCategories) + " (derived from PresenceStatus and Excuse when empty)", x => x.EventCategory)
     .Col("CountsForAda", BoolF + " (default true)", x => Bool(x.CountsForAda));

    public static readonly OwnFile<DailyAttendance> DailyAttendance = new OwnFile<DailyAttendance>
    {
        FileName = "dailyAttendance.csv", Of = TB.DailyAttendance,
        Parse = r =>
        {
            var x = new DailyAttendance { StudentUniqueId = r.Req("StudentUniqueId"), SchoolId = r.Req("SchoolId"), Date = r.Date("Date", true) ?? default,
                Code = r.Req("Code"), TimeIn = r.Time("TimeIn"), TimeOut = r.Time("TimeOut"), Origin = r.Enum<AttendanceOrigin>("Origin") ?? AttendanceOrigin.Entered };
            r.Range(x.TimeIn is null || x.TimeOut is null || x.TimeOut >= x.TimeIn, "TimeOut", Time(x.TimeOut), $"TimeOut {Time(x.TimeOut)} is before TimeIn {Time(x.TimeIn)}.");
            return x;
        },
    }.Key("StudentUniqueId", TextF, x => x.StudentUniqueId).Key("SchoolId", TextF, x => x.SchoolId).Key("Date", DateF, x => Date(x.Date))
     .Key("Code", TextF + " (a code of the school year containing Date)", x => x.Code).Col("TimeIn", TimeF, x => Time(x.TimeIn)).Col("TimeOut", TimeF, x => Time(x.TimeOut))
     .Col("Origin", Enum<AttendanceOrigin>() + " (default Entered)", x => x.Origin.ToString());

    public static readonly OwnFile<MeetingAttendance> MeetingAttendance = new OwnFile<MeetingAttendance>
    {
        FileName = "meetingAttendance.csv", Of = TB.MeetingAttendance,
        Parse = r =>
        {
            var x = new MeetingAttendance { StudentUniqueId = r.Req("StudentUniqueId"), SchoolId = r.Req("SchoolId"), SchoolYear = r.Year("SchoolYear", true) ?? 0,
                SectionIdentifier = r.Req("SectionIdentifier"), ClassPeriodName = r.Req("ClassPeriodName"), Date = r.Date("Date", true) ?? default, Code = r.Req("Code"),
                PresentMinutes = r.Int("PresentMinutes"), Origin = r.Enum<AttendanceOrigin>("Origin") ?? AttendanceOrigin.Entered };
            r.Range(x.PresentMinutes is null or >= 0, "PresentMinutes", Int(x.PresentMinutes), "PresentMinutes cannot be negative.");
            return x;
        },
    }.Key("StudentUniqueId", TextF, x => x.StudentUniqueId).Key("SchoolId", TextF, x => x.SchoolId).Key("SchoolYear", YearF, x => Int(x.SchoolYear))
     .Key("SectionIdentifier", TextF, x => x.SectionIdentifier).Key("ClassPeriodName", TextF, x => x.ClassPeriodName).Key("Date", DateF, x => Date(x.Date))
     .Key("Code", TextF, x => x.Code).Col("PresentMinutes", IntF + " (≥ 0)", x => Int(x.PresentMinutes))
     .Col("Origin", Enum<AttendanceOrigin>() + " (default Entered)", x => x.Origin.ToString());

    public static readonly OwnFile<AttendanceTime> AttendanceTime = new OwnFile<AttendanceTime>
    {
        FileName = "attendanceTime.csv", Of = TB.AttendanceTime,
        Parse = r =>
        {
            var x = new AttendanceTime { StudentUniqueId = r.Req("StudentUniqueId"), SchoolId = r.Req("SchoolId"), Date = r.Date("Date", true) ?? default,
                Kind = r.Enum<AttendanceTimeKind>("Kind", true) ?? default, Sequence = r.Int("Sequence") ?? 1, Minutes = r.Int("Minutes", true) ?? 1 };
            r.Range(x.Minutes > 0, "Minutes", Int(x.Minutes), "Minutes must be greater than 0.");
            r.Range(x.Sequence > 0, "Sequence", Int(x.Sequence), "Sequence must be greater than 0.");
            return x;
        },
    }.Key("StudentUniqueId", TextF, x => x.StudentUniqueId).Key("SchoolId", TextF, x => x.SchoolId).Key("Date", DateF, x => Date(x.Date))
     .Key("Kind", Enum<AttendanceTimeKind>(), x => x.Kind.ToString()).Col("Sequence", IntF + " (default 1)", x => Int(x.Sequence))
     .Key("Minutes", IntF + " (> 0)", x => Int(x.Minutes));

    public static readonly OwnFile<AttendanceSettings> AttendanceSettings = new OwnFile<AttendanceSettings>
    {
        FileName = "attendanceSettings.csv", Of = TB.AttendanceSettings,
        Parse = r => new AttendanceSettings { SchoolId = r.Req("SchoolId"), SchoolYear = r.Year("SchoolYear", true) ?? 0,
            RecordingMethod = r.Enum<RecordingMethod>("RecordingMethod") ?? RecordingMethod.Daily, BridgeMode = r.Enum<BridgeMode>("BridgeMode") ?? BridgeMode.None },
    }.Key("SchoolId", TextF, x => x.SchoolId).Key("SchoolYear", YearF, x => Int(x.SchoolYear))
     .Col("RecordingMethod", Enum<RecordingMethod>() + " (default Daily)", x => x.RecordingMethod.ToString())
     .Col("BridgeMode", Enum<BridgeMode>() + " (default None)", x => x.BridgeMode.ToString());

    public static readonly OwnFile<BackfillPreference> BackfillPreferences = new OwnFile<BackfillPreference>
    {
        FileName = "backfillPreferences.csv", Of = TB.BackfillPreferences,
        Parse = r => new BackfillPreference
        {
            SchoolId = r.Req("SchoolId"), SchoolYear = r.Year("SchoolYear", true) ?? 0, Enabled = r.Bool("Enabled") ?? false, RealtimeEnabled = r.Bool("RealtimeEnabled") ?? false,
            ProgramName = r.Text("ProgramName"), TargetHoursPerDay = r.Decimal("TargetHoursPerDay") ?? 3.0m,
            MaxWorkExperienceHoursPerDay = r.Decimal("MaxWorkExperienceHoursPerDay") ?? 0m, BackfillStartDate = r.Date("BackfillStartDate"),
        },
    }.Key("SchoolId", TextF, x => x.SchoolId).Key("SchoolYear", YearF, x => Int(x.SchoolYear)).Col("Enabled", BoolF + " (default false)", x => Bool(x.Enabled))
     .Col("RealtimeEnabled", BoolF + " (default false)", x => Bool(x.RealtimeEnabled)).Col("ProgramName", TextF, x => x.ProgramName)
     .Col("TargetHoursPerDay", DecF + " (default 3.0)", x => Dec(x.TargetHoursPerDay))
     .Col("MaxWorkExperienceHoursPerDay", DecF + " (default 0)", x => Dec(x.MaxWorkExperienceHoursPerDay)).Col("BackfillStartDate", DateF, x => Date(x.BackfillStartDate));

    public static readonly OwnFile<CourseRequest> CourseRequests = new OwnFile<CourseRequest>
    {
        FileName = "courseRequests.csv", Of = TB.CourseRequests,
        Parse = r => new CourseRequest { StudentUniqueId = r.Req("StudentUniqueId"), SchoolId = r.Req("SchoolId"), SchoolYear = r.Year("SchoolYear", true) ?? 0,
            LocalCourseCode = r.Req("LocalCourseCode") },
    }.Key("StudentUniqueId", TextF, x => x.StudentUniqueId).Key("SchoolId", TextF, x => x.SchoolId).Key("SchoolYear", YearF, x => Int(x.SchoolYear))
     .Key("LocalCourseCode", TextF, x => x.LocalCourseCode);

    public static readonly OwnFile<ReportCardMark> ReportCardMarks = new OwnFile<ReportCardMark>
    {
        FileName = "reportCardMarks.csv", Of = TB.ReportCardMarks,
        Parse = r => new ReportCardMark { StudentUniqueId = r.Req("StudentUniqueId"), SchoolId = r.Req("SchoolId"), SchoolYear = r.Year("SchoolYear", true) ?? 0,
            SectionIdentifier = r.Req("SectionIdentifier"), MarkingPeriod = r.Req("MarkingPeriod"), Mark = r.Req("Mark") },
    }.Key("StudentUniqueId", TextF, x => x.StudentUniqueId).Key("SchoolId", TextF, x => x.SchoolId).Key("SchoolYear", YearF, x => Int(x.SchoolYear))
     .Key("SectionIdentifier", TextF, x => x.SectionIdentifier).Key("MarkingPeriod", TextF, x => x.MarkingPeriod).Key("Mark", TextF, x => x.Mark);

    public static readonly OwnFile<SuccessPlan> SuccessPlans = new OwnFile<SuccessPlan>
    {
        FileName = "successPlans.csv", Of = TB.SuccessPlans,
        Parse = r =>
        {
            var x = new SuccessPlan { StudentUniqueId = r.Req("StudentUniqueId"), PlanType = r.Req("PlanType"), StartDate = r.Date("StartDate", true) ?? default,
                EndDate = r.Date("EndDate"), Notes = r.Text("Notes") };
            if (!r.Bad) r.Range(x.EndDate is null || x.EndDate >= x.StartDate, "EndDate", Date(x.EndDate), $"EndDate {Date(x.EndDate)} is before StartDate {Date(x.StartDate)}.");
            return x;
        },
    }.Key("StudentUniqueId", TextF, x => x.StudentUniqueId).Key("PlanType", TextF, x => x.PlanType).Key("StartDate", DateF, x => Date(x.StartDate))
     .Col("EndDate", DateF + " (inclusive)", x => Date(x.EndDate)).Col("Notes", TextF, x => x.Notes);

    /// <summary>Every own file, in table dependency order.</summary>
    public static IReadOnlyList<OwnFile> All { get; } =
    [
        SchoolYears, Calendars, ClassPeriods, BellSchedules, BellSchedulePeriods, CalendarDates, Enrollments, YearRecords, Programs, ProgramAssociations,
        AttendanceCodes, DailyAttendance, MeetingAttendance, AttendanceTime, AttendanceSettings, BackfillPreferences, CourseRequests, ReportCardMarks, SuccessPlans,
    ];

    private static AttendanceCode ParseCode(CsvRow r)
    {
        var status = r.Enum<PresenceStatus>("PresenceStatus", true) ?? PresenceStatus.Present;
        var excuse = r.Enum<Excuse>("Excuse") ?? Excuse.None;
        var category = r.Text("EventCategory");
        if (category is not null)
        {
            var known = EventCategories.FirstOrDefault(c => string.Equals(c, category, StringComparison.OrdinalIgnoreCase));
            if (known is null) r.Problem(E.BadValue, "EventCategory", category, $"'{category}' is not an Ed-Fi attendance event category ({string.Join(", ", EventCategories)}).");
            category = known;
        }
        return new AttendanceCode
        {
            SchoolId = r.Req("SchoolId"), SchoolYear = r.Year("SchoolYear", true) ?? 0, Code = r.Req("Code"), Description = r.Text("Description"),
            PresenceStatus = status, Excuse = excuse, EventCategory = category ?? AttendanceCode.DeriveEventCategory(status, excuse),
            CountsForAda = r.Bool("CountsForAda") ?? true,
        };
    }

    private static CalendarDate ParseCalendarDate(CsvRow r)
    {
        var events = r.Text("CalendarEvents");
        var inSession = r.Bool("InSession");
        var takes = r.Bool("TakesAttendance");
        if ((inSession is null || takes is null) && events is not null && !r.Bad)
        {
            // Domain §3.4: explicit columns win; the events fill in what the file leaves empty.
            var derived = CalendarEventRules.Classify(events);
            if (derived is null)
                r.Problem(E.BadValue, "CalendarEvents", events,
                    $"'{events}' has no Ed-Fi calendar event this importer can classify; give InSession and TakesAttendance explicitly.");
            inSession ??= derived;
            takes ??= derived;
        }
        var x = new CalendarDate
        {
            SchoolId = r.Req("SchoolId"), SchoolYear = r.Year("SchoolYear", true) ?? 0, CalendarCode = r.Req("CalendarCode"), Date = r.Date("Date", true) ?? default,
            CalendarEvents = events, InSession = inSession ?? false, TakesAttendance = takes ?? false, BellScheduleName = r.Text("BellScheduleName"),
        };
        if (r.Bad) return x;
        if (x.TakesAttendance && !x.InSession)
            r.Problem(E.CalendarDateInconsistent, "TakesAttendance", "true", $"{Date(x.Date)} takes attendance but is not in session; a day that takes attendance must have InSession = true.");
        else if ((x.InSession || x.TakesAttendance) && x.BellScheduleName is null)
            r.Problem(E.CalendarDateWithoutBellSchedule, "BellScheduleName", null, $"{Date(x.Date)} is in session but names no bell schedule.");
        return x;
    }

    private static string NoComma(CsvRow r, string column)
    {
        var v = r.Req(column);
        if (v.Contains(',', StringComparison.Ordinal))
            r.Problem(E.BadValue, column, v, $"'{v}' contains a comma; class period names are listed comma-separated in classes.csv, so they cannot contain one.");
        return v;
    }
}

/// <summary>Domain §3.4: InSession and TakesAttendance from Ed-Fi CalendarEventDescriptor values.</summary>
internal static class CalendarEventRules
{
    private static readonly HashSet<string> SchoolDay = new(StringComparer.OrdinalIgnoreCase)
        { "Instructional day", "Make-up day", "Student late arrival/early dismissal" };

    private static readonly HashSet<string> NoSchool = new(StringComparer.OrdinalIgnoreCase)
        { "Holiday", "Teacher only day", "Non-instructional day", "Weather day", "Strike", "Emergency day", "Other" };

    /// <summary>True when any event is a school day, false when every event is a day without school, null when unknown.</summary>
    public static bool? Classify(string events)
    {
        var all = events.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(e => e.Contains('#', StringComparison.Ordinal) ? e[(e.LastIndexOf('#') + 1)..] : e).ToList();
        if (all.Count == 0) return null;
        if (all.Any(SchoolDay.Contains)) return true;
        return all.All(NoSchool.Contains) ? false : null;
    }
}
