using System.Data.Common;
using System.Globalization;
using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Storage.Schema;

namespace AttendanceTools.Engine.Rollover;

public static partial class RolloverOperation
{
    private sealed record CalendarFacts(long CalendarRef, long SchoolRef, int Year, string Code, int? FirstInSession, int? LastInSession, int? FirstDate);

    /// <summary>Domain §8.5: the changes of a registration run, or a refusal listing every problem (C18).</summary>
    private static RolloverPlan PlanRegistration(DbConnection c, DbTransaction? t, RolloverRequest request, int year, bool nextIsCurrent,
        IOperationObserver observer, CancellationToken ct)
    {
        var next = year + 1;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var criteria = RolloverCriteria.Read(c, t);
        if (criteria.Count == 0)
            throw new AttendanceException("RolloverCriteriaMissing", FailureKind.InvalidOperation,
                "The store has no registration rollover criteria, so the registration rollover would select nobody.", "RolloverCriterion",
                "Load them first: Set-RolloverCriteria -Default, or Set-RolloverCriteria -Path <criteria.json>.");
        var schoolRefs = c.Query("SELECT SchoolId, SchoolRef FROM School", r => (r.GetString(0), r.GetInt64(1)), t).ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal);
        var schoolIds = schoolRefs.ToDictionary(p => p.Value, p => p.Key);
        RolloverCriteria.Validate(criteria, schoolRefs.Keys.ToHashSet(StringComparer.Ordinal));
        var parsed = criteria.Select(cr => (cr, (IReadOnlyList<Condition>)cr.Conditions.Select(text => RolloverCriteria.ParseCondition(cr, text)).ToList())).ToList();

        var calendars = c.Query(
            "SELECT c.CalendarRef, c.SchoolRef, c.SchoolYear, c.CalendarCode, " +
            "(SELECT MIN(Date) FROM CalendarDate d WHERE d.CalendarRef = c.CalendarRef AND d.InSession = 1), " +
            "(SELECT MAX(Date) FROM CalendarDate d WHERE d.CalendarRef = c.CalendarRef AND d.InSession = 1), " +
            "(SELECT MIN(Date) FROM CalendarDate d WHERE d.CalendarRef = c.CalendarRef) FROM Calendar c WHERE c.SchoolYear IN (@y, @n)",
            r => new CalendarFacts(r.GetInt64(0), r.GetInt64(1), r.GetInt32(2), r.GetString(3), r.NullableInt(4), r.NullableInt(5), r.NullableInt(6)), t,
            ("y", year), ("n", next));
        var calendarByRef = calendars.ToDictionary(x => x.CalendarRef);
        var nextCalendars = calendars.Where(x => x.Year == next).ToDictionary(x => (x.SchoolRef, x.Code));
        var yearRows = c.Query("SELECT SchoolYear, EndDate, BeginDate FROM SchoolYear WHERE SchoolYear IN (@y, @n)", r => (r.GetInt32(0), r.GetInt32(1), r.GetInt32(2)), t,
            ("y", year), ("n", next)).ToDictionary(x => x.Item1);

        // Students in scope (§8.5 step 2): a current-year record and no year-end row yet.
        const string InScope = "SchoolYear = @y AND StudentRef NOT IN (SELECT StudentRef FROM RolloverYearEndStudent WHERE SchoolYear = @y)";
        var records = Rows.Read(c, t, Tables.StudentYearRecord, InScope, ("y", year)).ToDictionary(r => r.Long("StudentRef"));
        var students = Rows.Read(c, t, Tables.Student, "StudentRef IN (SELECT StudentRef FROM StudentYearRecord WHERE " + InScope + ")", ("y", year))
            .OrderBy(s => s.Text("StudentUniqueId"), StringComparer.Ordinal).ToList();
        var enrollments = Rows.Read(c, t, Tables.StudentSchoolAssociation, "SchoolYear IN (@y, @n) AND StudentRef IN (SELECT StudentRef FROM StudentYearRecord WHERE " + InScope + ")",
            ("y", year), ("n", next)).ToLookup(e => e.Long("StudentRef"));
        var nextRecords = Rows.Read(c, t, Tables.StudentYearRecord, "SchoolYear = @n", ("n", next)).ToDictionary(r => r.Long("StudentRef"));

        var readTime = clock.Elapsed;
        var problems = new List<YearEndProblem>();
        var decisions = new List<(YearEndDecision D, RowImage Student, RowImage Record, RowImage? Open)>();
        foreach (var s in students)
        {
            ct.ThrowIfCancellationRequested();
            var sref = s.Long("StudentRef");
            var record = records[sref];
            var current = enrollments[sref].Where(e => e.Long("SchoolYear") == year).OrderBy(e => e.Long("EntryDate")).ToList();
            var latest = current.LastOrDefault();
            var open = current.LastOrDefault(e => e["ExitWithdrawDate"] is null);
            var facts = new YearEndFacts
            {
                StudentUniqueId = s.Text("StudentUniqueId")!, Status = record.Text("Status")!, GradeLevel = record.Text("GradeLevel")!,
                SchoolId = schoolIds[record.Long("SchoolRef")], Promote = record.Long("Promote") != 0, CalendarCode = record.Text("CalendarCode"),
                Homeroom = record.Text("Homeroom"), Counselor = record.Text("Counselor"), NextYearSchoolId = record.Text("NextYearSchoolId"),
                NextYearGradeLevel = record.Text("NextYearGradeLevel"), NextYearCalendarCode = record.Text("NextYearCalendarCode"),
                NextYearHomeroom = record.Text("NextYearHomeroom"), NextYearCounselor = record.Text("NextYearCounselor"),
                ClassOfSchoolYear = s["ClassOfSchoolYear"] is null ? null : (int)s.Long("ClassOfSchoolYear"),
                ExitWithdrawCode = latest?.Text("ExitWithdrawCode"),
                EnrollmentCalendarCode = latest is null ? null : calendarByRef.GetValueOrDefault(latest.Long("CalendarRef"))?.Code,
            };
            decisions.Add((RegistrationRules.Decide(facts, parsed, next, problems), s, record, open));
        }

        // NextYearCalendarMissing: one line per school and calendar, naming its students.
        var missing = decisions.Where(d => d.D.Placement is { } p && !(schoolRefs.TryGetValue(p.SchoolId, out var sr) && nextCalendars.ContainsKey((sr, p.CalendarCode))))
            .GroupBy(d => (d.D.Placement!.SchoolId, d.D.Placement.CalendarCode))
            .Select(g => $"NextYearCalendarMissing: school {g.Key.SchoolId} has no {SchoolYearText.Format(next)} calendar '{g.Key.CalendarCode}' for {RegistrationRules.Students(g.Select(d => d.D.Student.StudentUniqueId))}.")
            .ToList();
        if (problems.Count > 0 || missing.Count > 0) throw RegistrationRules.Refusal(problems, missing);

        var changes = new List<RowChange>();
        var log = new List<LogLine>();
        var warnings = new List<string>();
        var fallbacks = new HashSet<long>();
        int closed = 0, opened = 0;
        var result = Counts(RolloverType.Registration, year);
        foreach (var (d, student, record, open) in decisions)
        {
            var id = d.Student.StudentUniqueId;
            if (d.Criterion is null)
            {
                if (d.WasActive)
                {
                    warnings.Add($"UnmatchedActiveStudent: no criterion selects the active student {id}; they stay active without a {SchoolYearText.Format(next)} entry record.");
                    log.Add(new LogLine("Warning", id, null, "Unmatched", warnings[^1]));
                }
                continue;
            }
            var sref = student.Long("StudentRef");
            var withdrawal = request.WithdrawalDate is { } w ? DbValue.Date(w)
                : open is not null && calendarByRef.GetValueOrDefault(open.Long("CalendarRef"))?.LastInSession is { } last ? last
                : yearRows[year].Item2;
            void Close(string code, string type)
            {
                if (open is null) return;
                changes.Add(RowChange.Update(Tables.StudentSchoolAssociation, open, open.With(("ExitWithdrawDate", Math.Max(withdrawal, open.Long("EntryDate"))),
                    ("ExitWithdrawCode", code), ("ExitWithdrawType", type))));
                closed++;
            }
            string text;
            switch (d.Assign)
            {
                case "Active":
                {
                    var p = d.Placement!;
                    var schoolRef = schoolRefs[p.SchoolId];
                    var cal = nextCalendars[(schoolRef, p.CalendarCode)];
                    int entry;
                    if (request.EntryDate is { } fixedDate) entry = DbValue.Date(fixedDate);
                    else if (cal.FirstInSession is { } first) entry = first;
                    else
                    {
                        entry = cal.FirstDate ?? yearRows[next].Item3;
                        if (fallbacks.Add(cal.CalendarRef))
                        {
                            warnings.Add($"EntryDateFallback: the {SchoolYearText.Format(next)} calendar '{p.CalendarCode}' of school {p.SchoolId} has no in-session day; entries use {DbValue.Date(entry):yyyy-MM-dd}.");
                            log.Add(new LogLine("Warning", null, d.Criterion.Sequence, null, warnings[^1]));
                        }
                    }
                    Close(request.WithdrawalCode, "End of school year");
                    var nextRecord = new RowImage
                    {
                        ["StudentRef"] = sref, ["SchoolYear"] = (long)next, ["SchoolRef"] = schoolRef, ["GradeLevel"] = p.GradeLevel, ["CalendarCode"] = p.CalendarCode,
                        ["Status"] = "Active", ["Promote"] = 1L, ["Homeroom"] = p.Homeroom, ["Counselor"] = p.Counselor, ["NextYearSchoolId"] = null,
                        ["NextYearGradeLevel"] = null, ["NextYearCalendarCode"] = null, ["NextYearHomeroom"] = null, ["NextYearCounselor"] = null,
                    };
                    changes.Add(nextRecords.TryGetValue(sref, out var existingNext)
                        ? RowChange.Update(Tables.StudentYearRecord, existingNext, nextRecord) : RowChange.Insert(Tables.StudentYearRecord, nextRecord));
                    var entryRow = new RowImage
                    {
                        ["StudentRef"] = sref, ["SchoolRef"] = schoolRef, ["EntryDate"] = (long)entry, ["SchoolYear"] = (long)next, ["CalendarRef"] = cal.CalendarRef,
                        ["EntryGradeLevel"] = p.GradeLevel, ["EntryCode"] = request.EntryCode, ["ExitWithdrawDate"] = null, ["ExitWithdrawCode"] = null,
                        ["ExitWithdrawType"] = null,
                    };
                    var same = enrollments[sref].FirstOrDefault(e => e.Long("SchoolRef") == schoolRef && e.Long("EntryDate") == entry);
                    changes.Add(same is null ? RowChange.Insert(Tables.StudentSchoolAssociation, entryRow) : RowChange.Update(Tables.StudentSchoolAssociation, same, entryRow));
                    opened++;
                    if (p.ClassOfSchoolYear != d.Student.ClassOfSchoolYear)
                        changes.Add(RowChange.Update(Tables.Student, student, student.With(("ClassOfSchoolYear", p.ClassOfSchoolYear))));
                    text = $"{d.Action}: {p.SchoolId} grade {p.GradeLevel}, calendar {p.CalendarCode}, entry {DbValue.Date(entry):yyyy-MM-dd} {request.EntryCode}" +
                           (open is null ? "; nothing to close" : $"; exit {DbValue.Date(Math.Max(withdrawal, (int)open.Long("EntryDate"))):yyyy-MM-dd} {request.WithdrawalCode}") +
                           (p.ClassOfSchoolYear != d.Student.ClassOfSchoolYear ? $"; class of {d.Student.ClassOfSchoolYear} → {p.ClassOfSchoolYear}" : "") + ".";
                    break;
                }
                case "Inactive":
                    Close(request.WithdrawalCode, "End of school year");
                    changes.Add(RowChange.Update(Tables.StudentYearRecord, record, record.With(("Status", "Inactive"))));
                    text = "Inactivated" + (open is null ? "." : $"; exit {DbValue.Date(withdrawal):yyyy-MM-dd} {request.WithdrawalCode}.");
                    break;
                case "Graduated":
                    Close(request.GraduationCode, "Graduated");
                    changes.Add(RowChange.Update(Tables.StudentYearRecord, record, record.With(("Status", "Graduated"))));
                    text = "Graduated" + (open is null ? "." : $"; exit {DbValue.Date(withdrawal):yyyy-MM-dd} {request.GraduationCode}.");
                    break;
                default: // Delete
                    if (open is not null) changes.Add(RowChange.Delete(Tables.StudentSchoolAssociation, open));
                    changes.Add(RowChange.Delete(Tables.StudentYearRecord, record));
                    changes.Add(RowChange.Update(Tables.Student, student, student.With(("IsDeleted", 1L))));
                    text = "Deleted: the current-year record and open enrolment are removed; the later rollovers remove the rest.";
                    break;
            }
            changes.Add(RowChange.Insert(Tables.RolloverYearEndStudent, new RowImage
            {
                ["SchoolYear"] = (long)year, ["StudentRef"] = sref, ["CriterionSequence"] = (long)d.Criterion.Sequence, ["Action"] = d.Action,
                ["RunNumber"] = 0L, ["WasPreRegistered"] = d.WasPreRegistered ? 1L : 0L,
            }));
            log.Add(new LogLine("Info", id, d.Criterion.Sequence, d.Action, $"Criterion {d.Criterion}: {text}"));
        }

        var processed = decisions.Count(x => x.D.Criterion is not null);
        // C20: the next year becomes current when the run processed anyone.
        if (processed > 0 && !nextIsCurrent)
            foreach (var y in Rows.Read(c, t, Tables.SchoolYear, "IsCurrent = 1 OR SchoolYear = @n", ("n", next)))
                changes.Add(RowChange.Update(Tables.SchoolYear, y, y.With(("IsCurrent", y.Long("SchoolYear") == next ? 1L : 0L))));

        int Count(string action) => decisions.Count(x => x.D.Criterion is not null && x.D.Action == action);
        result = result with
        {
            Processed = processed, Promoted = Count("Promoted"), Retained = Count("Retained"), Graduated = Count("Graduated"),
            Inactivated = Count("Inactivated"), Deleted = Count("Deleted"),
            PreRegisteredActivated = decisions.Count(x => x.D.Assign == "Active" && x.D.WasPreRegistered),
            Unmatched = decisions.Count(x => x.D.Criterion is null), EnrollmentsClosed = closed, EnrollmentsOpened = opened,
            Warnings = warnings.Count, WarningMessages = warnings, Tables = TableCounts(changes),
        };
        var existing = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            [Tables.StudentYearRecord.Name] = c.ScalarLong("SELECT COUNT(*) FROM StudentYearRecord WHERE SchoolYear IN (@y, @n)", t, ("y", year), ("n", next)),
            [Tables.StudentSchoolAssociation.Name] = c.ScalarLong("SELECT COUNT(*) FROM StudentSchoolAssociation WHERE SchoolYear IN (@y, @n)", t, ("y", year), ("n", next)),
            [Tables.Student.Name] = c.ScalarLong("SELECT COUNT(*) FROM Student", t),
        };
        observer.Verbose(string.Create(CultureInfo.InvariantCulture, $"Planned the registration rollover of {SchoolYearText.Format(year)}: {processed} of {decisions.Count} students processed, {changes.Count} rows to write (read {readTime.TotalSeconds:0.00} s, planned in {clock.Elapsed.TotalSeconds:0.00} s)."));
        return new RolloverPlan(request, year, changes, log, result, existing);
    }
}
