using System.Data.Common;
using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Storage.Schema;

namespace AttendanceTools.Engine.Rollover;

public static partial class RolloverOperation
{
    private const string DeletedStudents = "StudentRef IN (SELECT StudentRef FROM Student WHERE IsDeleted = 1)";

    /// <summary>The rows one step deletes: a table and which of its rows, with why (for the log).</summary>
    private sealed record DeleteStep(TableDef Table, string Where, string Why, params (string, object?)[] Parameters);

    /// <summary>Domain §8.6: Scheduling, Mark Reporting and Success Plan delete; each deleted row's image is kept.</summary>
    private static RolloverPlan PlanLater(DbConnection c, DbTransaction? t, RolloverRequest request, int year, List<int> years, int currentYear)
    {
        var steps = new List<DeleteStep>();
        switch (request.Type)
        {
            case RolloverType.Scheduling:
                foreach (var table in new[] { Tables.StudentSectionAssociation, Tables.CourseRequest, Tables.MeetingAttendance, Tables.DailyAttendance,
                             Tables.DayAggregate, Tables.AttendanceTime, Tables.BackfillMove, Tables.BackfillStudentState })
                    steps.Add(new DeleteStep(table, DeletedStudents, "deleted student"));
                if (request.PurgeSchoolYear is { } purge && (request.PurgeCourseRequests || request.PurgeSections))
                {
                    CheckPurgeYear(request, year, years, purge);
                    var schools = SchoolFilter(c, t, request.PurgeSchools);
                    if (request.PurgeCourseRequests)
                        steps.Add(new DeleteStep(Tables.CourseRequest, $"SchoolYear = @p{schools}", $"course request of {SchoolYearText.Format(purge)}", ("p", purge)));
                    if (request.PurgeSections)
                    {
                        var sections = $"SectionRef IN (SELECT SectionRef FROM Section WHERE SchoolYear = @p{schools})";
                        steps.Add(new DeleteStep(Tables.MeetingAttendance, sections, $"meeting attendance of a {SchoolYearText.Format(purge)} section", ("p", purge)));
                        steps.Add(new DeleteStep(Tables.StudentSectionAssociation, sections, $"roster of a {SchoolYearText.Format(purge)} section", ("p", purge)));
                        steps.Add(new DeleteStep(Tables.Section, $"SchoolYear = @p{schools}", $"section of {SchoolYearText.Format(purge)}", ("p", purge)));
                    }
                }
                break;
            case RolloverType.MarkReporting:
                steps.Add(new DeleteStep(Tables.ReportCardMark, DeletedStudents, "deleted student"));
                steps.Add(new DeleteStep(Tables.ReportCardMark,
                    "NOT EXISTS (SELECT 1 FROM Section s WHERE s.SchoolRef = ReportCardMark.SchoolRef AND s.SchoolYear = ReportCardMark.SchoolYear AND s.SectionIdentifier = ReportCardMark.SectionIdentifier)",
                    "section no longer exists"));
                if (request.PurgeMarksClassOf is { } classOf)
                    steps.Add(new DeleteStep(Tables.ReportCardMark, "StudentRef IN (SELECT StudentRef FROM Student WHERE ClassOfSchoolYear <= @c)",
                        $"class of {classOf} or earlier", ("c", classOf)));
                break;
            case RolloverType.SuccessPlan:
                steps.Add(new DeleteStep(Tables.SuccessPlan, DeletedStudents, "deleted student"));
                // What still names a deleted student goes with it, so no row points at a student that is gone.
                foreach (var table in new[] { Tables.StudentProgramAssociation, Tables.StudentSchoolAssociation, Tables.StudentYearRecord })
                    steps.Add(new DeleteStep(table, DeletedStudents, "deleted student"));
                steps.Add(new DeleteStep(Tables.Student, "IsDeleted = 1", "deleted student"));
                break;
        }

        var changes = new List<RowChange>();
        var log = new List<LogLine>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var ids = c.Query("SELECT StudentRef, StudentUniqueId FROM Student", r => (r.GetInt64(0), r.GetString(1)), t).ToDictionary(p => p.Item1, p => p.Item2);
        var students = new HashSet<long>();
        foreach (var step in steps)
        {
            var rows = Rows.Read(c, t, step.Table, step.Where, step.Parameters);
            var added = 0;
            foreach (var row in rows)
            {
                // Two steps can select the same row (a deleted student's mark of a removed section): delete it once.
                var key = step.Table.Name + "|" + string.Join("|", step.Table.PrimaryKey.Select(k => row[k]));
                if (!seen.Add(key)) continue;
                changes.Add(RowChange.Delete(step.Table, row));
                added++;
                if (row.TryGetValue("StudentRef", out var sref) && sref is long s) students.Add(s);
            }
            if (added > 0) log.Add(new LogLine("Info", null, null, "Deleted", $"Deleted {added} {step.Table.Name} rows: {step.Why}."));
        }
        foreach (var s in students.Where(ids.ContainsKey).OrderBy(s => ids[s], StringComparer.Ordinal))
            log.Add(new LogLine("Info", ids[s], null, "Deleted", $"Removed the student's {request.Type} records."));

        var result = Counts(request.Type, year) with
        {
            Processed = students.Count,
            Deleted = changes.Count(ch => ch.Table == Tables.Student),
            Tables = TableCounts(changes),
        };
        var existing = changes.Select(ch => ch.Table.Name).Distinct(StringComparer.Ordinal)
            .ToDictionary(name => name, name => c.ScalarLong($"SELECT COUNT(*) FROM {name}", t), StringComparer.Ordinal);
        _ = currentYear;
        return new RolloverPlan(request, year, changes, log, result, existing);
    }

    /// <summary>RolloverPurgeYearInvalid: only a past year that exists may be purged, never the year being closed or later.</summary>
    private static void CheckPurgeYear(RolloverRequest request, int year, List<int> years, int purge)
    {
        if (purge < year && years.Contains(purge)) return;
        throw new AttendanceException("RolloverPurgeYearInvalid", FailureKind.InvalidArgument,
            purge >= year
                ? $"The {request.Type} rollover of {SchoolYearText.Format(year)} cannot purge {SchoolYearText.Format(purge)}: only a past school year (before {SchoolYearText.Format(year)}) may be purged, never the year being closed or the next."
                : $"The {request.Type} rollover cannot purge {SchoolYearText.Format(purge)}: the store has no such school year.",
            purge, "Name an earlier school year with -PurgeSchoolYear.");
    }

    private static string SchoolFilter(DbConnection c, DbTransaction? t, IReadOnlyList<string> schools)
    {
        if (schools.Count == 0) return "";
        var refs = new List<long>();
        foreach (var s in schools)
        {
            var found = c.Query("SELECT SchoolRef FROM School WHERE SchoolId = @s OR Name = @s", r => r.GetInt64(0), t, ("s", s));
            if (found.Count == 0)
                throw new AttendanceException("SchoolNotFound", FailureKind.NotFound, $"There is no school '{s}' (by id or name) to purge.", s,
                    "Get-AttendanceSchool lists the schools.");
            refs.AddRange(found);
        }
        return $" AND SchoolRef IN ({string.Join(", ", refs.Distinct())})";
    }
}
