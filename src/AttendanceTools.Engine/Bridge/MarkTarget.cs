using AttendanceTools.Engine.Queries;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Bridge;

/// <summary>
/// A mark resolved to store keys and validated: the student exists, is enrolled at the school on
/// the date, the date is an attendance day of the enrolment's calendar, the code is the school's for
/// that year, and a meeting mark's section lists the period, meets in it that day and has the
/// student on its roster. Every refusal names the student and the date.
/// </summary>
internal sealed record MarkTarget
{
    public required MarkKind Kind { get; init; }
    public required int StudentRef { get; init; }
    public required string StudentId { get; init; }
    public required int SchoolRef { get; init; }
    public required string SchoolName { get; init; }
    public required int SchoolYear { get; init; }
    public required DateOnly Date { get; init; }
    public required int BellRef { get; init; }
    public int CodeRef { get; init; }
    public string? Code { get; init; }
    public int SectionRef { get; init; }
    public string? SectionIdentifier { get; init; }
    public int PeriodRef { get; init; }
    public string? PeriodName { get; init; }

    public static MarkTarget Resolve(MarkContext ctx, AttendanceMark mark, bool remove)
    {
        var c = ctx.Connection;
        var tx = ctx.Transaction;
        var who = $"student {mark.Student} on {AttendanceRecordWriter.Day(mark.Date)}";
        var students = c.Query("SELECT StudentRef, StudentUniqueId, IsDeleted FROM Student WHERE " + Dialects.Of(c).EqualsIgnoreCase("StudentUniqueId", "id"),
            r => (r.GetInt32(0), r.GetString(1), r.GetBool(2)), tx, ("id", mark.Student));
        if (students.Count == 0) throw NotFound.Student(mark.Student, "");
        var (studentRef, studentId, deleted) = students[0];
        if (deleted) throw NotFound.DeletedStudent(studentId);
        who = $"student {studentId} on {AttendanceRecordWriter.Day(mark.Date)}";

        BridgeSchoolRow? school = null;
        if (mark.School is { } name)
            school = BridgeLoader.FindSchool(c, tx, name) ?? throw NotFound.School(name);
        var date = DbValue.Date(mark.Date);
        var enrollments = c.Query(
            "SELECT e.SchoolRef, s.Name, e.CalendarRef, e.SchoolYear, k.CalendarCode FROM StudentSchoolAssociation e JOIN School s ON s.SchoolRef = e.SchoolRef " +
            "JOIN Calendar k ON k.CalendarRef = e.CalendarRef WHERE e.StudentRef = @st AND e.EntryDate <= @d AND (e.ExitWithdrawDate IS NULL OR e.ExitWithdrawDate >= @d) " +
            "ORDER BY e.EntryDate",
            r => (School: r.GetInt32(0), Name: r.GetString(1), Calendar: r.GetInt32(2), Year: r.GetInt32(3), Code: r.GetString(4)), tx, ("st", studentRef), ("d", date))
            .Where(e => school is null || e.School == school.SchoolRef).ToList();
        if (enrollments.Count == 0)
            throw new AttendanceException("StudentNotEnrolled", FailureKind.InvalidData,
                $"Student {studentId} is not enrolled{(school is null ? "" : $" at {school.Name}")} on {AttendanceRecordWriter.Day(mark.Date)}.", studentId,
                "Check the date and the school, or the student's enrolment (Get-AttendanceStudent).");
        if (enrollments.Select(e => e.School).Distinct().Count() > 1)
            throw new AttendanceException("SchoolAmbiguous", FailureKind.InvalidArgument,
                $"Student {studentId} is enrolled at {string.Join(" and ", enrollments.Select(e => e.Name).Distinct())} on {AttendanceRecordWriter.Day(mark.Date)}; say which with -School.", studentId);
        var e = enrollments[0];
        var day = c.Query("SELECT TakesAttendance, BellScheduleRef FROM CalendarDate WHERE CalendarRef = @k AND Date = @d",
            r => (Takes: r.GetBool(0), Bell: r.NullableInt(1)), tx, ("k", e.Calendar), ("d", date));
        if (day.Count == 0 || !day[0].Takes || day[0].Bell is null)
            throw new AttendanceException("NotAnAttendanceDay", FailureKind.InvalidData,
                $"{AttendanceRecordWriter.Day(mark.Date)} is not an attendance day of calendar {e.Code} at {e.Name}, the calendar of {who}.", $"{studentId} {AttendanceRecordWriter.Day(mark.Date)}",
                "Check the date against Get-AttendanceCalendar.");
        var target = new MarkTarget
        {
            Kind = mark.EffectiveKind, StudentRef = studentRef, StudentId = studentId, SchoolRef = e.School, SchoolName = e.Name, SchoolYear = e.Year,
            Date = mark.Date, BellRef = day[0].Bell!.Value,
        };
        if (!remove)
        {
            if (string.IsNullOrWhiteSpace(mark.Code))
                throw new AttendanceException("AttendanceCodeRequired", FailureKind.InvalidArgument, $"The record for {who} has no attendance code.", studentId);
            if (!ctx.Codes(e.School, e.Year).TryGetValue(mark.Code, out var code))
                throw new AttendanceException("AttendanceCodeNotFound", FailureKind.InvalidData,
                    $"{e.Name} defines no attendance code '{mark.Code}' for school year {AttendanceRecordWriter.Year(e.Year)} (record of {who}).", mark.Code,
                    "Use one of the school's codes (Get-AttendanceRecord shows the codes in use).");
            target = target with { CodeRef = code.Ref, Code = code.Code };
        }
        if (target.Kind == MarkKind.Daily)
        {
            if (mark.Section is not null || mark.Period is not null || mark.PresentMinutes is not null)
                throw new AttendanceException("MarkFieldsInvalid", FailureKind.InvalidArgument,
                    $"The daily record of {who} cannot have a section, period or present minutes; those belong to a meeting record.", studentId);
            if (mark.TimeIn is { } i && mark.TimeOut is { } o && o <= i)
                throw new AttendanceException("TimeRangeInvalid", FailureKind.InvalidArgument,
                    $"The daily record of {who}: time out {BridgeSyncOperation.Clock(o)} is not after time in {BridgeSyncOperation.Clock(i)}.", studentId);
            return target;
        }
        if (mark.TimeIn is not null || mark.TimeOut is not null)
            throw new AttendanceException("MarkFieldsInvalid", FailureKind.InvalidArgument,
                $"The meeting record of {who} cannot have a time in or out; those belong to the daily record.", studentId);
        if (mark.PresentMinutes is < 0)
            throw new AttendanceException("PresentMinutesInvalid", FailureKind.InvalidArgument, $"The meeting record of {who} has negative present minutes ({mark.PresentMinutes}).", studentId);
        return ResolveMeeting(ctx, mark, target, who);
    }

    private static MarkTarget ResolveMeeting(MarkContext ctx, AttendanceMark mark, MarkTarget target, string who)
    {
        var bell = ctx.Bells(target.SchoolRef)[target.BellRef];
        var rosters = ctx.Rosters(target.SchoolRef, target.SchoolYear, target.StudentRef, DbValue.Date(target.Date));
        int? period = null;
        if (mark.Period is { } p)
            period = ctx.Periods(target.SchoolRef).TryGetValue(p, out var pr) ? pr
                : throw new AttendanceException("ClassPeriodNotFound", FailureKind.NotFound, $"{target.SchoolName} has no class period '{p}' (record of {who}).", p);
        var candidates = rosters.Where(r => mark.Section is null || string.Equals(r.Identifier, mark.Section, StringComparison.OrdinalIgnoreCase))
            .Where(r => period is null || r.Periods.Contains(period.Value)).ToList();
        if (mark.Section is not null && candidates.Count == 0)
        {
            var exists = ctx.Connection.ScalarLong("SELECT COUNT(*) FROM Section WHERE SchoolRef = @s AND SchoolYear = @y AND " + Dialects.Of(ctx.Connection).EqualsIgnoreCase("SectionIdentifier", "x"),
                ctx.Transaction, ("s", target.SchoolRef), ("y", target.SchoolYear), ("x", mark.Section)) > 0;
            throw exists && rosters.Any(r => string.Equals(r.Identifier, mark.Section, StringComparison.OrdinalIgnoreCase))
                ? new AttendanceException("SectionPeriodMismatch", FailureKind.InvalidData,
                    $"Section {mark.Section} at {target.SchoolName} does not meet in period {mark.Period} (record of {who}).", mark.Section)
                : exists
                    ? new AttendanceException("StudentNotRostered", FailureKind.InvalidData,
                        $"Student {target.StudentId} is not on the roster of section {mark.Section} at {target.SchoolName} on {AttendanceRecordWriter.Day(target.Date)}.", target.StudentId,
                        "Check the section and date against the student's schedule.")
                    : new AttendanceException("SectionNotFound", FailureKind.NotFound,
                        $"{target.SchoolName} has no section '{mark.Section}' in {AttendanceRecordWriter.Year(target.SchoolYear)} (record of {who}).", mark.Section);
        }
        if (candidates.Count == 0)
            throw new AttendanceException("StudentNotRostered", FailureKind.InvalidData,
                $"Student {target.StudentId} is on no roster at {target.SchoolName} in period {mark.Period} on {AttendanceRecordWriter.Day(target.Date)}.", target.StudentId,
                "Give -Section, or check the student's schedule.");
        if (candidates.Select(r => r.Roster.SectionRef).Distinct().Count() > 1)
            throw new AttendanceException("SectionRequired", FailureKind.InvalidArgument,
                $"Student {target.StudentId} is in {string.Join(", ", candidates.Select(r => r.Identifier).Distinct())} in period {mark.Period} on {AttendanceRecordWriter.Day(target.Date)}; say which with -Section.", target.StudentId);
        var roster = candidates[0];
        if (!roster.Schedules)
            throw new AttendanceException("SectionNotAttendanceTaking", FailureKind.InvalidData,
                $"Section {roster.Identifier} at {target.SchoolName} does not take attendance or is inactive (record of {who}).", roster.Identifier);
        var inBell = roster.Periods.Where(x => Array.IndexOf(bell.PeriodRefs, x) >= 0).ToList();
        if (period is null)
        {
            if (inBell.Count != 1)
                throw new AttendanceException("PeriodRequired", FailureKind.InvalidArgument,
                    $"Section {roster.Identifier} meets in {inBell.Count} periods of bell schedule '{bell.Name}' on {AttendanceRecordWriter.Day(target.Date)}; say which with -Period (record of {who}).", roster.Identifier);
            period = inBell[0];
        }
        else if (!inBell.Contains(period.Value))
            throw new AttendanceException("PeriodNotInBellSchedule", FailureKind.InvalidData,
                $"Period {mark.Period} is not in bell schedule '{bell.Name}', which {target.SchoolName} uses on {AttendanceRecordWriter.Day(target.Date)} (record of {who}).", mark.Period);
        return target with
        {
            SectionRef = roster.Roster.SectionRef, SectionIdentifier = roster.Identifier, PeriodRef = period.Value,
            PeriodName = ctx.PeriodName(target.SchoolRef, period.Value),
        };
    }
}
