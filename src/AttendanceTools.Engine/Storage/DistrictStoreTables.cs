using System.Data.Common;
using AttendanceTools.Engine.Model;
using T = AttendanceTools.Engine.Storage.Schema.Tables;

namespace AttendanceTools.Engine.Storage;

/// <summary>
/// Every <see cref="DistrictData"/> list and its store table, in dependency order (a table only
/// refers to tables before it). Bind and read lists follow each table's column order in
/// <c>Schema/Tables.cs</c>.
/// </summary>
internal static class DistrictTables
{
    private static readonly string[] NoPeriods = [];

    private static object N(object? v) => v ?? DBNull.Value;
    private static int D(DateOnly d) => DbValue.Date(d);
    private static object D(DateOnly? d) => DbValue.DateOrNull(d);
    private static int B(bool b) => DbValue.Bool(b);
    private static TEnum E<TEnum>(DbDataReader r, int i) where TEnum : struct, Enum => StoredEnumText.Parse<TEnum>(r.GetString(i), r.GetName(i));

    public static readonly DistrictTable<SchoolYearRow> SchoolYears = new(T.SchoolYear)
    {
        List = d => d.SchoolYears,
        Key = x => x.SchoolYear,
        KeyFields = ["SchoolYear"],
        Binder = (x, _, v) => { v[0] = x.SchoolYear; v[1] = x.Description; v[2] = D(x.BeginDate); v[3] = D(x.EndDate); v[4] = B(x.IsCurrent); },
        Reader = (r, refs) =>
        {
            var y = new SchoolYearRow { SchoolYear = r.GetInt32(0), Description = r.GetString(1), BeginDate = r.GetDate(2), EndDate = r.GetDate(3), IsCurrent = r.GetBool(4) };
            refs.AddYear(y);
            return y;
        },
        Registrar = (x, refs, _) => refs.AddYear(x),
        Unregistrar = (x, refs) => refs.RemoveYear(x.SchoolYear),
    };

    public static readonly DistrictTable<AcademicSession> AcademicSessions = new(Migrations.OneRosterInterchangeMigration.AcademicSession)
    {
        List = d => d.AcademicSessions,
        Key = x => x.SourcedId,
        KeyFields = ["SourcedId"],
        Binder = (x, refs, v) =>
        {
            refs.Year(x.SchoolYear);
            v[0] = x.SourcedId; v[1] = x.SchoolYear; v[2] = N(x.Title); v[3] = x.SessionType; v[4] = D(x.BeginDate); v[5] = D(x.EndDate); v[6] = N(x.ParentSourcedId);
        },
        Reader = (r, _) => new AcademicSession { SourcedId = r.GetString(0), SchoolYear = r.GetInt32(1), Title = r.NullableString(2), SessionType = r.GetString(3),
            BeginDate = r.GetDate(4), EndDate = r.GetDate(5), ParentSourcedId = r.NullableString(6) },
    };

    public static readonly DistrictTable<School> Schools = new(T.School)
    {
        List = d => d.Schools,
        Key = x => x.SchoolId,
        KeyFields = ["SchoolId"],
        Binder = (x, _, v) => { v[1] = x.SchoolId; v[2] = N(x.SourcedId); v[3] = x.Name; v[4] = B(x.IsDistrictOffice); v[5] = N(x.SchoolCategory); v[6] = N(x.GradeLevels); },
        Reader = (r, refs) =>
        {
            var x = new School { SchoolId = r.GetString(1), SourcedId = r.NullableString(2), Name = r.GetString(3), IsDistrictOffice = r.GetBool(4),
                SchoolCategory = r.NullableString(5), GradeLevels = r.NullableString(6) };
            refs.Schools.Add(x.SchoolId, r.GetInt32(0));
            return x;
        },
        Registrar = (x, refs, id) => refs.Schools.Add(x.SchoolId, id),
        Unregistrar = (x, refs) => refs.Schools.Remove(x.SchoolId),
    };

    public static readonly DistrictTable<Calendar> Calendars = new(T.Calendar)
    {
        List = d => d.Calendars,
        Key = x => (x.SchoolId, x.SchoolYear, x.CalendarCode),
        KeyFields = ["SchoolId", "SchoolYear", "CalendarCode"],
        Binder = (x, refs, v) =>
        {
            v[1] = refs.School(x.SchoolId); refs.Year(x.SchoolYear);
            v[2] = x.SchoolYear; v[3] = x.CalendarCode; v[4] = N(x.CalendarType); v[5] = N(x.GradeLevels);
            v[6] = N(x.WholeDayAbsenceMinutes); v[7] = N(x.HalfDayAbsenceMinutes);
        },
        Reader = (r, refs) =>
        {
            var x = new Calendar { SchoolId = refs.Schools.KeyOf(r.GetInt32(1)), SchoolYear = r.GetInt32(2), CalendarCode = r.GetString(3),
                CalendarType = r.NullableString(4), GradeLevels = r.NullableString(5), WholeDayAbsenceMinutes = r.NullableInt(6), HalfDayAbsenceMinutes = r.NullableInt(7) };
            refs.Calendars.Add((x.SchoolId, x.SchoolYear, x.CalendarCode), r.GetInt32(0));
            return x;
        },
        Registrar = (x, refs, id) => refs.Calendars.Add((x.SchoolId, x.SchoolYear, x.CalendarCode), id),
        Unregistrar = (x, refs) => refs.Calendars.Remove((x.SchoolId, x.SchoolYear, x.CalendarCode)),
    };

    public static readonly DistrictTable<ClassPeriod> ClassPeriods = new(T.ClassPeriod)
    {
        List = d => d.ClassPeriods,
        Key = x => (x.SchoolId, x.ClassPeriodName),
        KeyFields = ["SchoolId", "ClassPeriodName"],
        Binder = (x, refs, v) => { v[1] = refs.School(x.SchoolId); v[2] = x.ClassPeriodName; v[3] = B(x.OfficialAttendancePeriod); },
        Reader = (r, refs) =>
        {
            var x = new ClassPeriod { SchoolId = refs.Schools.KeyOf(r.GetInt32(1)), ClassPeriodName = r.GetString(2), OfficialAttendancePeriod = r.GetBool(3) };
            refs.ClassPeriods.Add((x.SchoolId, x.ClassPeriodName), r.GetInt32(0));
            return x;
        },
        Registrar = (x, refs, id) => refs.ClassPeriods.Add((x.SchoolId, x.ClassPeriodName), id),
        Unregistrar = (x, refs) => refs.ClassPeriods.Remove((x.SchoolId, x.ClassPeriodName)),
    };

    public static readonly DistrictTable<BellSchedule> BellSchedules = new(T.BellSchedule)
    {
        List = d => d.BellSchedules,
        Key = x => (x.SchoolId, x.BellScheduleName),
        KeyFields = ["SchoolId", "BellScheduleName"],
        Binder = (x, refs, v) =>
        {
            v[1] = refs.School(x.SchoolId); v[2] = x.BellScheduleName; v[3] = N(x.BridgePeriodName); v[4] = N(x.DailyTimeIn); v[5] = N(x.DailyTimeOut);
        },
        Reader = (r, refs) =>
        {
            var x = new BellSchedule { SchoolId = refs.Schools.KeyOf(r.GetInt32(1)), BellScheduleName = r.GetString(2), BridgePeriodName = r.NullableString(3),
                DailyTimeIn = r.NullableInt(4), DailyTimeOut = r.NullableInt(5) };
            refs.BellSchedules.Add((x.SchoolId, x.BellScheduleName), r.GetInt32(0));
            return x;
        },
        Registrar = (x, refs, id) => refs.BellSchedules.Add((x.SchoolId, x.BellScheduleName), id),
        Unregistrar = (x, refs) => refs.BellSchedules.Remove((x.SchoolId, x.BellScheduleName)),
    };

    public static readonly DistrictTable<BellSchedulePeriod> BellSchedulePeriods = new(T.BellSchedulePeriod)
    {
        List = d => d.BellSchedulePeriods,
        Key = x => (x.SchoolId, x.BellScheduleName, x.ClassPeriodName),
        KeyFields = ["SchoolId", "BellScheduleName", "ClassPeriodName"],
        Binder = (x, refs, v) =>
        {
            v[0] = refs.BellSchedule(x.SchoolId, x.BellScheduleName); v[1] = refs.ClassPeriod(x.SchoolId, x.ClassPeriodName);
            v[2] = N(x.StartTime); v[3] = N(x.EndTime); v[4] = x.LunchMinutes; v[5] = B(x.IsInstructional);
        },
        Reader = (r, refs) =>
        {
            var (school, bell) = refs.BellSchedules.KeyOf(r.GetInt32(0));
            return new BellSchedulePeriod { SchoolId = school, BellScheduleName = bell, ClassPeriodName = refs.ClassPeriods.KeyOf(r.GetInt32(1)).Name,
                StartTime = r.NullableInt(2), EndTime = r.NullableInt(3), LunchMinutes = r.GetInt32(4), IsInstructional = r.GetBool(5) };
        },
    };

    public static readonly DistrictTable<CalendarDate> CalendarDates = new(T.CalendarDate)
    {
        List = d => d.CalendarDates,
        Key = x => (x.SchoolId, x.SchoolYear, x.CalendarCode, x.Date),
        KeyFields = ["SchoolId", "SchoolYear", "CalendarCode", "Date"],
        Binder = (x, refs, v) =>
        {
            v[0] = refs.Calendar(x.SchoolId, x.SchoolYear, x.CalendarCode); v[1] = D(x.Date); v[2] = N(x.CalendarEvents);
            v[3] = B(x.InSession); v[4] = B(x.TakesAttendance); v[5] = refs.OptionalBellSchedule(x.SchoolId, x.BellScheduleName);
        },
        Reader = (r, refs) =>
        {
            var (school, year, code) = refs.Calendars.KeyOf(r.GetInt32(0));
            return new CalendarDate { SchoolId = school, SchoolYear = year, CalendarCode = code, Date = r.GetDate(1), CalendarEvents = r.NullableString(2),
                InSession = r.GetBool(3), TakesAttendance = r.GetBool(4), BellScheduleName = r.IsDBNull(5) ? null : refs.BellSchedules.KeyOf(r.GetInt32(5)).Name };
        },
    };

    public static readonly DistrictTable<Course> Courses = new(T.Course)
    {
        List = d => d.Courses,
        Key = x => (x.SchoolId, x.LocalCourseCode),
        KeyFields = ["SchoolId", "LocalCourseCode"],
        Binder = (x, refs, v) => { v[1] = refs.School(x.SchoolId); v[2] = x.LocalCourseCode; v[3] = x.Title; v[4] = N(x.SourcedId); },
        Reader = (r, refs) =>
        {
            var x = new Course { SchoolId = refs.Schools.KeyOf(r.GetInt32(1)), LocalCourseCode = r.GetString(2), Title = r.GetString(3), SourcedId = r.NullableString(4) };
            refs.Courses.Add((x.SchoolId, x.LocalCourseCode), r.GetInt32(0));
            return x;
        },
        Registrar = (x, refs, id) => refs.Courses.Add((x.SchoolId, x.LocalCourseCode), id),
        Unregistrar = (x, refs) => refs.Courses.Remove((x.SchoolId, x.LocalCourseCode)),
    };

    public static readonly DistrictTable<Section> Sections = new(T.Section)
    {
        List = d => d.Sections,
        Key = x => (x.SchoolId, x.SchoolYear, x.SectionIdentifier),
        KeyFields = ["SchoolId", "SchoolYear", "SectionIdentifier"],
        Binder = (x, refs, v) =>
        {
            v[1] = refs.School(x.SchoolId); refs.Year(x.SchoolYear); refs.Course(x.SchoolId, x.LocalCourseCode); refs.PeriodList(x.SchoolId, x.ClassPeriodNames);
            v[2] = x.SchoolYear; v[3] = x.SectionIdentifier; v[4] = x.LocalCourseCode; v[5] = N(x.SessionName); v[6] = N(x.Title);
            v[7] = string.Join(',', x.ClassPeriodNames); v[8] = B(x.AttendanceTracked); v[9] = B(x.IsActive); v[10] = N(x.TermSourcedIds); v[11] = N(x.ClassType);
        },
        Reader = (r, refs) =>
        {
            var x = new Section { SchoolId = refs.Schools.KeyOf(r.GetInt32(1)), SchoolYear = r.GetInt32(2), SectionIdentifier = r.GetString(3),
                LocalCourseCode = r.GetString(4), SessionName = r.NullableString(5), Title = r.NullableString(6),
                ClassPeriodNames = r.GetString(7).Split(',', StringSplitOptions.RemoveEmptyEntries), AttendanceTracked = r.GetBool(8), IsActive = r.GetBool(9),
                TermSourcedIds = r.NullableString(10), ClassType = r.NullableString(11) };
            refs.Sections.Add((x.SchoolId, x.SchoolYear, x.SectionIdentifier), r.GetInt32(0));
            return x;
        },
        Registrar = (x, refs, id) => refs.Sections.Add((x.SchoolId, x.SchoolYear, x.SectionIdentifier), id),
        Unregistrar = (x, refs) => refs.Sections.Remove((x.SchoolId, x.SchoolYear, x.SectionIdentifier)),
        Equality = (a, b) => a with { ClassPeriodNames = NoPeriods } == b with { ClassPeriodNames = NoPeriods } && a.ClassPeriodNames.SequenceEqual(b.ClassPeriodNames, StringComparer.Ordinal),
    };

    public static readonly DistrictTable<Student> Students = new(T.Student)
    {
        List = d => d.Students,
        Key = x => x.StudentUniqueId,
        KeyFields = ["StudentUniqueId"],
        Binder = (x, _, v) =>
        {
            v[1] = x.StudentUniqueId; v[2] = N(x.LocalId); v[3] = x.FirstName; v[4] = x.LastSurname; v[5] = D(x.BirthDate);
            v[6] = N(x.ClassOfSchoolYear); v[7] = B(x.IsDeleted); v[8] = N(x.Username);
        },
        Reader = (r, refs) =>
        {
            var x = new Student { StudentUniqueId = r.GetString(1), LocalId = r.NullableString(2), FirstName = r.GetString(3), LastSurname = r.GetString(4),
                BirthDate = r.NullableDate(5), ClassOfSchoolYear = r.NullableInt(6), IsDeleted = r.GetBool(7), Username = r.NullableString(8) };
            refs.Students.Add(x.StudentUniqueId, r.GetInt32(0));
            return x;
        },
        Registrar = (x, refs, id) => refs.Students.Add(x.StudentUniqueId, id),
        Unregistrar = (x, refs) => refs.Students.Remove(x.StudentUniqueId),
    };

    public static readonly DistrictTable<StudentSchoolAssociation> Enrollments = new(T.StudentSchoolAssociation)
    {
        List = d => d.Enrollments,
        Key = x => (x.StudentUniqueId, x.SchoolId, x.EntryDate),
        KeyFields = ["StudentUniqueId", "SchoolId", "EntryDate"],
        Binder = (x, refs, v) =>
        {
            v[0] = refs.Student(x.StudentUniqueId); v[1] = refs.School(x.SchoolId); v[2] = D(x.EntryDate); v[3] = x.SchoolYear;
            v[4] = refs.Calendar(x.SchoolId, x.SchoolYear, x.CalendarCode); v[5] = x.EntryGradeLevel; v[6] = N(x.EntryCode);
            v[7] = D(x.ExitWithdrawDate); v[8] = N(x.ExitWithdrawCode); v[9] = N(x.ExitWithdrawType);
        },
        Reader = (r, refs) => new StudentSchoolAssociation
        {
            StudentUniqueId = refs.Students.KeyOf(r.GetInt32(0)), SchoolId = refs.Schools.KeyOf(r.GetInt32(1)), EntryDate = r.GetDate(2),
            SchoolYear = r.GetInt32(3), CalendarCode = refs.Calendars.KeyOf(r.GetInt32(4)).Code, EntryGradeLevel = r.GetString(5),
            EntryCode = r.NullableString(6), ExitWithdrawDate = r.NullableDate(7), ExitWithdrawCode = r.NullableString(8), ExitWithdrawType = r.NullableString(9),
        },
    };

    public static readonly DistrictTable<StudentYearRecord> YearRecords = new(T.StudentYearRecord)
    {
        List = d => d.YearRecords,
        Key = x => (x.StudentUniqueId, x.SchoolYear),
        KeyFields = ["StudentUniqueId", "SchoolYear"],
        Binder = (x, refs, v) =>
        {
            v[0] = refs.Student(x.StudentUniqueId); v[1] = x.SchoolYear; v[2] = refs.School(x.SchoolId); v[3] = x.GradeLevel; v[4] = N(x.CalendarCode);
            v[5] = x.Status.ToString(); v[6] = B(x.Promote); v[7] = N(x.Homeroom); v[8] = N(x.Counselor); v[9] = N(x.NextYearSchoolId);
            v[10] = N(x.NextYearGradeLevel); v[11] = N(x.NextYearCalendarCode); v[12] = N(x.NextYearHomeroom); v[13] = N(x.NextYearCounselor);
        },
        Reader = (r, refs) => new StudentYearRecord
        {
            StudentUniqueId = refs.Students.KeyOf(r.GetInt32(0)), SchoolYear = r.GetInt32(1), SchoolId = refs.Schools.KeyOf(r.GetInt32(2)),
            GradeLevel = r.GetString(3), CalendarCode = r.NullableString(4), Status = E<YearRecordStatus>(r, 5), Promote = r.GetBool(6),
            Homeroom = r.NullableString(7), Counselor = r.NullableString(8), NextYearSchoolId = r.NullableString(9), NextYearGradeLevel = r.NullableString(10),
            NextYearCalendarCode = r.NullableString(11), NextYearHomeroom = r.NullableString(12), NextYearCounselor = r.NullableString(13),
        },
    };

    public static readonly DistrictTable<StudentSectionAssociation> Rosters = new(T.StudentSectionAssociation)
    {
        List = d => d.Rosters,
        Key = x => (x.StudentUniqueId, x.SchoolId, x.SchoolYear, x.SectionIdentifier, x.BeginDate),
        KeyFields = ["StudentUniqueId", "SchoolId", "SchoolYear", "SectionIdentifier", "BeginDate"],
        Binder = (x, refs, v) =>
        {
            v[0] = refs.Section(x.SchoolId, x.SchoolYear, x.SectionIdentifier); v[1] = refs.Student(x.StudentUniqueId);
            v[2] = D(x.BeginDate); v[3] = D(x.EndDate); v[4] = B(x.HomeroomIndicator); v[5] = N(x.SourcedId);
        },
        Reader = (r, refs) =>
        {
            var (school, year, section) = refs.Sections.KeyOf(r.GetInt32(0));
            return new StudentSectionAssociation { StudentUniqueId = refs.Students.KeyOf(r.GetInt32(1)), SchoolId = school, SchoolYear = year,
                SectionIdentifier = section, BeginDate = r.GetDate(2), EndDate = r.NullableDate(3), HomeroomIndicator = r.GetBool(4), SourcedId = r.NullableString(5) };
        },
    };

    public static readonly DistrictTable<Program> Programs = new(T.Program)
    {
        List = d => d.Programs,
        Key = x => (x.SchoolId, x.ProgramName),
        KeyFields = ["SchoolId", "ProgramName"],
        Binder = (x, refs, v) => { v[1] = refs.School(x.SchoolId); v[2] = x.ProgramName; v[3] = N(x.ProgramType); },
        Reader = (r, refs) =>
        {
            var x = new Program { SchoolId = refs.Schools.KeyOf(r.GetInt32(1)), ProgramName = r.GetString(2), ProgramType = r.NullableString(3) };
            refs.Programs.Add((x.SchoolId, x.ProgramName), r.GetInt32(0));
            return x;
        },
        Registrar = (x, refs, id) => refs.Programs.Add((x.SchoolId, x.ProgramName), id),
        Unregistrar = (x, refs) => refs.Programs.Remove((x.SchoolId, x.ProgramName)),
    };

    public static readonly DistrictTable<StudentProgramAssociation> ProgramAssociations = new(T.StudentProgramAssociation)
    {
        List = d => d.ProgramAssociations,
        Key = x => (x.StudentUniqueId, x.SchoolId, x.ProgramName, x.BeginDate),
        KeyFields = ["StudentUniqueId", "SchoolId", "ProgramName", "BeginDate"],
        Binder = (x, refs, v) => { v[0] = refs.Student(x.StudentUniqueId); v[1] = refs.Program(x.SchoolId, x.ProgramName); v[2] = D(x.BeginDate); v[3] = D(x.EndDate); },
        Reader = (r, refs) =>
        {
            var (school, program) = refs.Programs.KeyOf(r.GetInt32(1));
            return new StudentProgramAssociation { StudentUniqueId = refs.Students.KeyOf(r.GetInt32(0)), SchoolId = school, ProgramName = program,
                BeginDate = r.GetDate(2), EndDate = r.NullableDate(3) };
        },
    };

    public static readonly DistrictTable<AttendanceCode> AttendanceCodes = new(T.AttendanceCode)
    {
        List = d => d.AttendanceCodes,
        Key = x => (x.SchoolId, x.SchoolYear, x.Code),
        KeyFields = ["SchoolId", "SchoolYear", "Code"],
        Binder = (x, refs, v) =>
        {
            v[1] = refs.School(x.SchoolId); refs.Year(x.SchoolYear);
            v[2] = x.SchoolYear; v[3] = x.Code; v[4] = N(x.Description); v[5] = x.PresenceStatus.ToString(); v[6] = x.Excuse.ToString();
            v[7] = x.EventCategory ?? AttendanceCode.DeriveEventCategory(x.PresenceStatus, x.Excuse); v[8] = B(x.CountsForAda);
        },
        Reader = (r, refs) =>
        {
            var x = new AttendanceCode { SchoolId = refs.Schools.KeyOf(r.GetInt32(1)), SchoolYear = r.GetInt32(2), Code = r.GetString(3),
                Description = r.NullableString(4), PresenceStatus = E<PresenceStatus>(r, 5), Excuse = E<Excuse>(r, 6), EventCategory = r.GetString(7),
                CountsForAda = r.GetBool(8) };
            refs.Codes.Add((x.SchoolId, x.SchoolYear, x.Code), r.GetInt32(0));
            return x;
        },
        Registrar = (x, refs, id) => refs.Codes.Add((x.SchoolId, x.SchoolYear, x.Code), id),
        Unregistrar = (x, refs) => refs.Codes.Remove((x.SchoolId, x.SchoolYear, x.Code)),
    };

    public static readonly DistrictTable<DailyAttendance> DailyAttendance = new(T.DailyAttendance)
    {
        List = d => d.DailyAttendance,
        Key = x => (x.StudentUniqueId, x.SchoolId, x.Date),
        KeyEquality = new NaturalKeyEquality<DailyAttendance, (string, string, DateOnly)>(x => (x.StudentUniqueId, x.SchoolId, x.Date)),
        KeyFields = ["StudentUniqueId", "SchoolId", "Date"],
        Binder = (x, refs, v) =>
        {
            v[0] = refs.School(x.SchoolId); v[1] = D(x.Date); v[2] = refs.Student(x.StudentUniqueId); v[3] = refs.CodeOn(x.SchoolId, x.Date, x.Code);
            v[4] = N(x.TimeIn); v[5] = N(x.TimeOut); v[6] = x.Origin.ToString(); v[7] = N(refs.RunId);
        },
        Reader = (r, refs) => new DailyAttendance
        {
            SchoolId = refs.Schools.KeyOf(r.GetInt32(0)), Date = r.GetDate(1), StudentUniqueId = refs.Students.KeyOf(r.GetInt32(2)),
            Code = refs.Codes.KeyOf(r.GetInt32(3)).Code, TimeIn = r.NullableInt(4), TimeOut = r.NullableInt(5), Origin = E<AttendanceOrigin>(r, 6),
        },
    };

    public static readonly DistrictTable<MeetingAttendance> MeetingAttendance = new(T.MeetingAttendance)
    {
        List = d => d.MeetingAttendance,
        Key = x => (x.StudentUniqueId, x.SchoolId, x.SchoolYear, x.SectionIdentifier, x.ClassPeriodName, x.Date),
        KeyEquality = new NaturalKeyEquality<MeetingAttendance, (string, string, int, string, string, DateOnly)>(x => (x.StudentUniqueId, x.SchoolId, x.SchoolYear, x.SectionIdentifier, x.ClassPeriodName, x.Date)),
        KeyFields = ["StudentUniqueId", "SchoolId", "SchoolYear", "SectionIdentifier", "ClassPeriodName", "Date"],
        Binder = (x, refs, v) =>
        {
            v[0] = refs.School(x.SchoolId); v[1] = D(x.Date); v[2] = refs.Student(x.StudentUniqueId);
            v[3] = refs.Section(x.SchoolId, x.SchoolYear, x.SectionIdentifier); v[4] = refs.ClassPeriod(x.SchoolId, x.ClassPeriodName);
            v[5] = refs.Code(x.SchoolId, x.SchoolYear, x.Code); v[6] = N(x.PresentMinutes); v[7] = x.Origin.ToString(); v[8] = N(refs.RunId);
        },
        Reader = (r, refs) =>
        {
            var (school, year, section) = refs.Sections.KeyOf(r.GetInt32(3));
            return new MeetingAttendance { SchoolId = school, Date = r.GetDate(1), StudentUniqueId = refs.Students.KeyOf(r.GetInt32(2)), SchoolYear = year,
                SectionIdentifier = section, ClassPeriodName = refs.ClassPeriods.KeyOf(r.GetInt32(4)).Name, Code = refs.Codes.KeyOf(r.GetInt32(5)).Code,
                PresentMinutes = r.NullableInt(6), Origin = E<AttendanceOrigin>(r, 7) };
        },
    };

    public static readonly DistrictTable<AttendanceTime> AttendanceTime = new(T.AttendanceTime)
    {
        List = d => d.AttendanceTime,
        Key = x => (x.StudentUniqueId, x.SchoolId, x.Date, x.Kind.ToString(), x.Sequence),
        KeyEquality = new NaturalKeyEquality<AttendanceTime, (string, string, DateOnly, AttendanceTimeKind, int)>(x => (x.StudentUniqueId, x.SchoolId, x.Date, x.Kind, x.Sequence)),
        KeyFields = ["StudentUniqueId", "SchoolId", "Date", "Kind", "Sequence"],
        Binder = (x, refs, v) =>
        {
            v[0] = refs.Student(x.StudentUniqueId); v[1] = refs.School(x.SchoolId); v[2] = D(x.Date); v[3] = x.Kind.ToString(); v[4] = x.Sequence; v[5] = x.Minutes;
        },
        Reader = (r, refs) => new AttendanceTime
        {
            StudentUniqueId = refs.Students.KeyOf(r.GetInt32(0)), SchoolId = refs.Schools.KeyOf(r.GetInt32(1)), Date = r.GetDate(2),
            Kind = E<AttendanceTimeKind>(r, 3), Sequence = r.GetInt32(4), Minutes = r.GetInt32(5),
        },
    };

    public static readonly DistrictTable<AttendanceSettings> AttendanceSettings = new(T.AttendanceSettings)
    {
        List = d => d.AttendanceSettings,
        Key = x => (x.SchoolId, x.SchoolYear),
        KeyFields = ["SchoolId", "SchoolYear"],
        Binder = (x, refs, v) => { v[0] = refs.School(x.SchoolId); v[1] = x.SchoolYear; v[2] = x.RecordingMethod.ToString(); v[3] = x.BridgeMode.ToString(); },
        Reader = (r, refs) => new AttendanceSettings
        {
            SchoolId = refs.Schools.KeyOf(r.GetInt32(0)), SchoolYear = r.GetInt32(1), RecordingMethod = E<RecordingMethod>(r, 2), BridgeMode = E<BridgeMode>(r, 3),
        },
    };

    public static readonly DistrictTable<BackfillPreference> BackfillPreferences = new(T.BackfillPreference)
    {
        List = d => d.BackfillPreferences,
        Key = x => (x.SchoolId, x.SchoolYear),
        KeyFields = ["SchoolId", "SchoolYear"],
        Binder = (x, refs, v) =>
        {
            v[0] = refs.School(x.SchoolId); v[1] = x.SchoolYear; v[2] = B(x.Enabled); v[3] = B(x.RealtimeEnabled); v[4] = N(x.ProgramName);
            v[5] = DbValue.Decimal(x.TargetHoursPerDay); v[6] = DbValue.Decimal(x.MaxWorkExperienceHoursPerDay); v[7] = D(x.BackfillStartDate);
        },
        Reader = (r, refs) => new BackfillPreference
        {
            SchoolId = refs.Schools.KeyOf(r.GetInt32(0)), SchoolYear = r.GetInt32(1), Enabled = r.GetBool(2), RealtimeEnabled = r.GetBool(3),
            ProgramName = r.NullableString(4), TargetHoursPerDay = DbValue.Decimal(r.GetString(5)),
            MaxWorkExperienceHoursPerDay = DbValue.Decimal(r.GetString(6)), BackfillStartDate = r.NullableDate(7),
        },
    };

    public static readonly DistrictTable<CourseRequest> CourseRequests = new(T.CourseRequest)
    {
        List = d => d.CourseRequests,
        Key = x => (x.StudentUniqueId, x.SchoolId, x.SchoolYear, x.LocalCourseCode),
        KeyFields = ["StudentUniqueId", "SchoolId", "SchoolYear", "LocalCourseCode"],
        Binder = (x, refs, v) => { v[0] = refs.Student(x.StudentUniqueId); v[1] = refs.School(x.SchoolId); v[2] = x.SchoolYear; v[3] = x.LocalCourseCode; },
        Reader = (r, refs) => new CourseRequest
        {
            StudentUniqueId = refs.Students.KeyOf(r.GetInt32(0)), SchoolId = refs.Schools.KeyOf(r.GetInt32(1)), SchoolYear = r.GetInt32(2), LocalCourseCode = r.GetString(3),
        },
    };

    public static readonly DistrictTable<ReportCardMark> ReportCardMarks = new(T.ReportCardMark)
    {
        List = d => d.ReportCardMarks,
        Key = x => (x.StudentUniqueId, x.SchoolId, x.SchoolYear, x.SectionIdentifier, x.MarkingPeriod),
        KeyFields = ["StudentUniqueId", "SchoolId", "SchoolYear", "SectionIdentifier", "MarkingPeriod"],
        Binder = (x, refs, v) =>
        {
            v[0] = refs.Student(x.StudentUniqueId); v[1] = refs.School(x.SchoolId); v[2] = x.SchoolYear; v[3] = x.SectionIdentifier; v[4] = x.MarkingPeriod; v[5] = x.Mark;
        },
        Reader = (r, refs) => new ReportCardMark
        {
            StudentUniqueId = refs.Students.KeyOf(r.GetInt32(0)), SchoolId = refs.Schools.KeyOf(r.GetInt32(1)), SchoolYear = r.GetInt32(2),
            SectionIdentifier = r.GetString(3), MarkingPeriod = r.GetString(4), Mark = r.GetString(5),
        },
    };

    public static readonly DistrictTable<SuccessPlan> SuccessPlans = new(T.SuccessPlan)
    {
        List = d => d.SuccessPlans,
        Key = x => (x.StudentUniqueId, x.PlanType, x.StartDate),
        KeyFields = ["StudentUniqueId", "PlanType", "StartDate"],
        Binder = (x, refs, v) => { v[0] = refs.Student(x.StudentUniqueId); v[1] = x.PlanType; v[2] = D(x.StartDate); v[3] = D(x.EndDate); v[4] = N(x.Notes); },
        Reader = (r, refs) => new SuccessPlan
        {
            StudentUniqueId = refs.Students.KeyOf(r.GetInt32(0)), PlanType = r.GetString(1), StartDate = r.GetDate(2), EndDate = r.NullableDate(3), Notes = r.NullableString(4),
        },
    };

    /// <summary>Every district table, each after the tables it refers to.</summary>
    public static IReadOnlyList<DistrictTable> All { get; } =
    [
        SchoolYears, AcademicSessions, Schools, Calendars, ClassPeriods, BellSchedules, BellSchedulePeriods, CalendarDates, Courses, Sections, Students,
        Enrollments, YearRecords, Rosters, Programs, ProgramAssociations, AttendanceCodes, DailyAttendance, MeetingAttendance, AttendanceTime,
        AttendanceSettings, BackfillPreferences, CourseRequests, ReportCardMarks, SuccessPlans,
    ];

    public static DistrictTable ByName(string name) => All.First(t => t.Name == name);
}
