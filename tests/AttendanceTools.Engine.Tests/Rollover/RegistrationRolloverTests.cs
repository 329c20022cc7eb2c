using AttendanceTools.Engine.Rollover;
using AttendanceTools.Engine.Tests.Support;

namespace AttendanceTools.Engine.Tests.Rollover;

/// <summary>Domain §8.8 R1 and R3 field by field, and the §8.4 preconditions.</summary>
public sealed class RegistrationRolloverTests
{
    // The conformance suite (issue #15): R1 through every store.
    [Theory, Sqlite, PostgreSql, SqlServer]
    public void R1_counts_are_exact_and_the_preview_reports_the_same_numbers_without_writing(string provider)
    {
        using var d = new R1District(provider: provider);
        var token = d.Lock();
        var preview = d.Preview(RolloverType.Registration, token).Result;
        Assert.Equal(0, d.Scalar("SELECT COUNT(*) FROM StudentYearRecord WHERE SchoolYear = 2027"));

        var result = d.Run(RolloverType.Registration, token);

        foreach (var r in new[] { preview, result })
        {
            Assert.Equal((6, 2, 2, 1, 1, 0, 0, 0, 5, 5), (r.Processed, r.Promoted, r.Retained, r.Graduated, r.PreRegisteredActivated, r.Inactivated,
                r.Deleted, r.Unmatched, r.EnrollmentsClosed, r.EnrollmentsOpened));
            Assert.Equal(("Registration", "2025-26", 0), (r.Type, r.SchoolYear, r.Warnings));
        }
        Assert.Equal(preview.Tables, result.Tables);
        Assert.Equal(("Preview", "Applied", 1, "Registration-2026-1"), (preview.Mode, result.Mode, result.RunNumber, result.BackupId));
    }

    [Theory, Sqlite, PostgreSql, SqlServer]
    public void R1_every_students_outcome(string provider)
    {
        using var d = new R1District(provider: provider);
        d.Run(RolloverType.Registration, d.Lock());

        // Next-year records: student | school | grade | calendar | status | promote | homeroom | counselor.
        Assert.Equal(
        [
            "Avery|101|04|REG|Active|1|4B|Kim",
            "Blake|201|06|REG|Active|1|6-12|Ruiz",
            "Casey|201|08|REG|Active|1|HR-Casey|C-Casey",
            "Emery|301|12|REG|Active|1|HR-Emery|C-Emery",
            "Finley|101|KG|REG|Active|1|HR-Finley|C-Finley",
        ], d.Strings("SELECT s.StudentUniqueId, sc.SchoolId, r.GradeLevel, r.CalendarCode, r.Status, r.Promote, r.Homeroom, r.Counselor " +
                     "FROM StudentYearRecord r JOIN Student s USING (StudentRef) JOIN School sc USING (SchoolRef) WHERE r.SchoolYear = 2027 ORDER BY 1"));
        // Current-year records: Dana graduated, the others keep their status.
        Assert.Equal(["Avery|Active", "Blake|Active", "Casey|Active", "Dana|Graduated", "Emery|Active", "Finley|PreRegistered"],
            d.Strings("SELECT s.StudentUniqueId, r.Status FROM StudentYearRecord r JOIN Student s USING (StudentRef) WHERE r.SchoolYear = 2026 ORDER BY 1"));
        // Enrolments: student | school | year | entry | code | grade | exit | exit code | exit type.
        Assert.Equal(
        [
            "Avery|101|2026|20250820|R|03|20260605|EOY|End of school year",
            "Avery|101|2027|20260819|R|04|||",
            "Blake|101|2026|20250820|R|05|20260605|EOY|End of school year",
            "Blake|201|2027|20260819|R|06|||",
            "Casey|201|2026|20250820|R|08|20260605|EOY|End of school year",
            "Casey|201|2027|20260819|R|08|||",
            "Dana|301|2026|20250820|R|12|20260605|GRAD|Graduated",
            "Emery|301|2026|20250820|R|12|20260605|EOY|End of school year",
            "Emery|301|2027|20260820|R|12|||",
            "Finley|101|2027|20260819|R|KG|||",
        ], d.Strings("SELECT s.StudentUniqueId, sc.SchoolId, e.SchoolYear, e.EntryDate, e.EntryCode, e.EntryGradeLevel, e.ExitWithdrawDate, e.ExitWithdrawCode, e.ExitWithdrawType " +
                     "FROM StudentSchoolAssociation e JOIN Student s USING (StudentRef) JOIN School sc USING (SchoolRef) ORDER BY 1, 3"));
        Assert.Equal(["Avery|2035", "Blake|2033", "Casey|2031", "Dana|2026", "Emery|2027", "Finley|2039"],
            d.Strings("SELECT StudentUniqueId, ClassOfSchoolYear FROM Student ORDER BY 1"));
        Assert.Equal(["Avery|4|Promoted|1|0", "Blake|4|Promoted|1|0", "Casey|3|Retained|1|0", "Dana|2|Graduated|1|0", "Emery|3|Retained|1|0", "Finley|1|Activated|1|1"],
            d.Strings("SELECT s.StudentUniqueId, e.CriterionSequence, e.Action, e.RunNumber, e.WasPreRegistered FROM RolloverYearEndStudent e JOIN Student s USING (StudentRef) ORDER BY 1"));
        // C20: the next year is current.
        Assert.Equal(["2026|0", "2027|1"], d.Strings("SELECT SchoolYear, IsCurrent FROM SchoolYear ORDER BY 1"));
    }

    [Fact]
    public void R1_a_second_run_processes_nobody_and_uses_no_run_number()
    {
        using var d = new R1District();
        var token = d.Lock();
        d.Run(RolloverType.Registration, token);
        var again = d.Run(RolloverType.Registration, token);
        Assert.Equal((0, "Unchanged", (int?)null), (again.Processed, again.Mode, again.RunNumber));
        Assert.Equal(1, d.Scalar("SELECT COUNT(*) FROM RolloverRun"));
    }

    [Fact]
    public void R3_an_unlocked_store_refuses_the_registration_rollover()
    {
        using var d = new R1District();
        var ex = Assert.Throws<AttendanceException>(() => d.Preview(RolloverType.Registration, null));
        Assert.Equal("RolloverLockRequired", ex.ErrorId);
        Assert.Equal("RolloverLockRequired", Assert.Throws<AttendanceException>(() => d.Run(RolloverType.Registration, null)).ErrorId);
        Assert.Equal(0, d.Scalar("SELECT COUNT(*) FROM RunLog WHERE Operation = 'Rollover'"));
    }

    [Fact]
    public void R3_scheduling_before_any_registration_run_is_refused_with_RolloverOrder()
    {
        using var d = new R1District();
        var ex = Assert.Throws<AttendanceException>(() => d.Run(RolloverType.Scheduling, d.Lock()));
        Assert.Equal("RolloverOrder", ex.ErrorId);
        Assert.Contains("Registration", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lock_held_by_another_token_refuses_the_run_with_MaintenanceLocked()
    {
        using var d = new R1District();
        d.Lock();
        Assert.Equal("MaintenanceLocked", Assert.Throws<AttendanceException>(() => d.Run(RolloverType.Registration, "not-the-token")).ErrorId);
    }

    [Fact]
    public void NextSchoolYearMissing_when_the_store_has_no_next_year()
    {
        using var d = new R1District(data =>
        {
            data.SchoolYears.RemoveAll(y => y.SchoolYear == 2027);
            data.Calendars.RemoveAll(c => c.SchoolYear == 2027);
            data.CalendarDates.RemoveAll(c => c.SchoolYear == 2027);
        });
        var ex = Assert.Throws<AttendanceException>(() => d.Preview(RolloverType.Registration, d.Lock()));
        Assert.Equal("NextSchoolYearMissing", ex.ErrorId);
        Assert.Contains("2026-27", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NextYearCalendarMissing_names_the_school_the_calendar_and_every_student()
    {
        using var d = new R1District(data =>
        {
            data.Calendars.RemoveAll(c => c.SchoolYear == 2027 && c.SchoolId == "201");
            data.CalendarDates.RemoveAll(c => c.SchoolYear == 2027 && c.SchoolId == "201");
        });
        var ex = Assert.Throws<AttendanceException>(() => d.Run(RolloverType.Registration, d.Lock()));
        Assert.Equal("NextYearCalendarMissing", ex.ErrorId);
        Assert.Contains("school 201 has no 2026-27 calendar 'REG' for students Blake, Casey", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, d.Scalar("SELECT COUNT(*) FROM StudentYearRecord WHERE SchoolYear = 2027"));
    }

    [Fact]
    public void CriterionValueMissing_names_student_criterion_and_field_and_refuses_the_whole_run()
    {
        using var d = new R1District(data =>
        {
            var i = data.YearRecords.FindIndex(r => r.StudentUniqueId == "Blake");
            data.YearRecords[i] = data.YearRecords[i] with { NextYearSchoolId = null };
        });
        var ex = Assert.Throws<AttendanceException>(() => d.Run(RolloverType.Registration, d.Lock()));
        Assert.Equal("CriterionValueMissing", ex.ErrorId);
        Assert.Contains("criterion 4 'Move up' uses the next-year value for NextYearSchoolId, but NextYearSchoolId is empty for student Blake.", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, d.Scalar("SELECT COUNT(*) FROM RolloverYearEndStudent"));
        Assert.Equal(1, d.Scalar("SELECT IsCurrent FROM SchoolYear WHERE SchoolYear = 2026"));
    }

    [Fact]
    public void GradeCannotAdvance_names_student_and_criterion()
    {
        using var d = new R1District();
        RolloverCriteria.Save(d.Store, [R1District.Criteria[3] with { Sequence = 1, Updates = new SortedDictionary<string, string> { ["GradeLevel"] = "Next" } }], null);
        var ex = Assert.Throws<AttendanceException>(() => d.Preview(RolloverType.Registration, d.Lock()));
        Assert.Equal("GradeCannotAdvance", ex.ErrorId);
        Assert.Contains("criterion 1 'Move up' moves grade 12 to the next grade, which does not exist, for students Dana, Emery", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CriterionValueInvalid_names_criterion_field_and_value()
    {
        using var d = new R1District();
        var bad = R1District.Criteria[3] with { Updates = new SortedDictionary<string, string> { ["GradeLevel"] = "Thirteenth" } };
        var ex = Assert.Throws<AttendanceException>(() => RolloverCriteria.Save(d.Store, [bad], null));
        Assert.Equal("CriterionValueInvalid", ex.ErrorId);
        Assert.Contains("criterion 4 'Move up': the GradeLevel value 'Thirteenth' is not valid", ex.Message, StringComparison.Ordinal);
        var tooLong = R1District.Criteria[3] with { Updates = new SortedDictionary<string, string> { ["Homeroom"] = new string('H', 61) } };
        Assert.Equal("CriterionValueInvalid", Assert.Throws<AttendanceException>(() => RolloverCriteria.Save(d.Store, [tooLong], null)).ErrorId);
    }

    [Fact]
    public void The_change_guard_refuses_a_surprising_run_and_exactly_the_limit_passes()
    {
        using var d = new R1District();
        var token = d.Lock();
        // StudentSchoolAssociation: 10 rows written over 5 existing = 200 %; StudentYearRecord: 6 over 6 = 100 %.
        var ex = Assert.Throws<AttendanceException>(() => d.Run(RolloverType.Registration, token, maxChangePercent: 150));
        Assert.Equal("ChangeThresholdExceeded", ex.ErrorId);
        Assert.Equal(0, d.Scalar("SELECT COUNT(*) FROM RolloverRun"));
        Assert.Equal(6, d.Run(RolloverType.Registration, token, maxChangePercent: 200).Processed);
    }

    [Fact]
    public void Unmatched_active_students_are_counted_and_warned_about_and_stay_in_scope()
    {
        using var d = new R1District();
        RolloverCriteria.Save(d.Store, R1District.Criteria.Take(3).ToList(), null);
        var token = d.Lock();
        var first = d.Run(RolloverType.Registration, token);
        Assert.Equal((4, 2, 2), (first.Processed, first.Unmatched, first.Warnings));
        Assert.All(first.WarningMessages, w => Assert.StartsWith("UnmatchedActiveStudent", w, StringComparison.Ordinal));

        RolloverCriteria.Save(d.Store, R1District.Criteria, token);
        var second = d.Run(RolloverType.Registration, token);
        Assert.Equal((2, 2, 2, 0), (second.Processed, second.Promoted, second.RunNumber, second.Unmatched));
    }

    // EntryDateFallback (domain §8.4 warning, §8.1 [S33]) on a store built for it: the demo's next-year calendars all have
    // their days, as a district's do by the time it rolls over, so the demo district never shows this warning.
    [Fact]
    public void EntryDateFallback_a_next_year_calendar_without_in_session_days_uses_its_first_date_and_warns_once()
    {
        using var d = new R1District(data => data.CalendarDates.RemoveAll(c => c.SchoolId == "301" && c.SchoolYear == 2027 && c.InSession));
        var token = d.Lock();
        var preview = d.Preview(RolloverType.Registration, token).Result;
        var result = d.Run(RolloverType.Registration, token);
        const string Warning = "EntryDateFallback: the 2026-27 calendar 'REG' of school 301 has no in-session day; entries use 2026-08-18.";
        foreach (var r in new[] { preview, result })
        {
            Assert.Equal((6, 5, 1), (r.Processed, r.EnrollmentsOpened, r.Warnings));
            Assert.Equal([Warning], r.WarningMessages);
        }
        // Emery (retained senior at Cedar) enters on the calendar's first date, a teacher day; the others keep their in-session day.
        Assert.Equal(["Avery|20260819", "Blake|20260819", "Casey|20260819", "Emery|20260818", "Finley|20260819"],
            d.Strings("SELECT s.StudentUniqueId, e.EntryDate FROM StudentSchoolAssociation e JOIN Student s USING (StudentRef) WHERE e.SchoolYear = 2027 ORDER BY 1"));
        Assert.Equal(["Warning||" + Warning], d.Strings("SELECT Severity, StudentUniqueId, json_extract(Message, '$.Text') FROM RolloverLog WHERE Severity = 'Warning'"));
    }

    [Fact]
    public void EntryDateFallback_a_next_year_calendar_without_any_date_uses_the_school_years_first_day()
    {
        using var d = new R1District(data => data.CalendarDates.RemoveAll(c => c.SchoolId == "301" && c.SchoolYear == 2027));
        var result = d.Run(RolloverType.Registration, d.Lock());
        Assert.Equal(["EntryDateFallback: the 2026-27 calendar 'REG' of school 301 has no in-session day; entries use 2026-07-01."], result.WarningMessages);
        Assert.Equal(["Emery|20260701"], d.Strings("SELECT s.StudentUniqueId, e.EntryDate FROM StudentSchoolAssociation e JOIN Student s USING (StudentRef) WHERE e.SchoolYear = 2027 AND e.SchoolRef = (SELECT SchoolRef FROM School WHERE SchoolId = '301')"));
    }
}
