using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Rollover;

namespace AttendanceTools.Engine.Tests.Rollover;

/// <summary>Domain §8.6: each later rollover's base processing, its purges, the order, and a second run.</summary>
public sealed class LaterRolloverTests
{
    /// <summary>R1 + Gray (deleted by Registration) with a roster, daily attendance, marks and a success plan, and a past year 2025 with sections and requests.</summary>
    private static R1District District()
    {
        var d = new R1District(data =>
        {
            data.SchoolYears.Add(new SchoolYearRow { SchoolYear = 2025, Description = "2024-2025", BeginDate = new(2024, 7, 1), EndDate = new(2025, 6, 30) });
            data.Students.Add(new Student { StudentUniqueId = "Gray", FirstName = "Gray", LastSurname = "R1", ClassOfSchoolYear = 2032 });
            data.YearRecords.Add(new StudentYearRecord { StudentUniqueId = "Gray", SchoolYear = 2026, SchoolId = "201", GradeLevel = "06", Status = YearRecordStatus.Inactive });
            data.Courses.Add(new Course { SchoolId = "201", LocalCourseCode = "MATH7", Title = "Math 7" });
            data.ClassPeriods.Add(new ClassPeriod { SchoolId = "201", ClassPeriodName = "P1" });
            foreach (var year in new[] { 2025, 2026 })
                data.Sections.Add(new Section { SchoolId = "201", SchoolYear = year, SectionIdentifier = $"MATH7-{year}", LocalCourseCode = "MATH7", ClassPeriodNames = ["P1"] });
            data.Rosters.Add(new StudentSectionAssociation { StudentUniqueId = "Gray", SchoolId = "201", SchoolYear = 2026, SectionIdentifier = "MATH7-2026", BeginDate = new(2025, 8, 20) });
            data.Rosters.Add(new StudentSectionAssociation { StudentUniqueId = "Casey", SchoolId = "201", SchoolYear = 2025, SectionIdentifier = "MATH7-2025", BeginDate = new(2024, 8, 20) });
            data.CourseRequests.Add(new CourseRequest { StudentUniqueId = "Gray", SchoolId = "201", SchoolYear = 2027, LocalCourseCode = "MATH7" });
            data.CourseRequests.Add(new CourseRequest { StudentUniqueId = "Casey", SchoolId = "201", SchoolYear = 2025, LocalCourseCode = "MATH7" });
            data.CourseRequests.Add(new CourseRequest { StudentUniqueId = "Casey", SchoolId = "201", SchoolYear = 2027, LocalCourseCode = "MATH7" });
            data.ReportCardMarks.Add(new ReportCardMark { StudentUniqueId = "Gray", SchoolId = "201", SchoolYear = 2026, SectionIdentifier = "MATH7-2026", MarkingPeriod = "S1", Mark = "B" });
            data.ReportCardMarks.Add(new ReportCardMark { StudentUniqueId = "Casey", SchoolId = "201", SchoolYear = 2024, SectionIdentifier = "GONE", MarkingPeriod = "S1", Mark = "A" });
            data.ReportCardMarks.Add(new ReportCardMark { StudentUniqueId = "Casey", SchoolId = "201", SchoolYear = 2026, SectionIdentifier = "MATH7-2026", MarkingPeriod = "S1", Mark = "C" });
            data.ReportCardMarks.Add(new ReportCardMark { StudentUniqueId = "Dana", SchoolId = "201", SchoolYear = 2026, SectionIdentifier = "MATH7-2026", MarkingPeriod = "S1", Mark = "A" });
            data.SuccessPlans.Add(new SuccessPlan { StudentUniqueId = "Gray", PlanType = "Attendance", StartDate = new(2025, 10, 1) });
            data.SuccessPlans.Add(new SuccessPlan { StudentUniqueId = "Casey", PlanType = "Academic", StartDate = new(2025, 10, 1) });
        });
        RolloverCriteria.Save(d.Store, [.. R1District.Criteria, new RolloverCriterion { Sequence = 5, Name = "Delete inactive", Conditions = ["Status = Inactive"], AssignStatus = "Delete" }], null);
        return d;
    }

    [Fact]
    public void A_later_rollover_with_nothing_to_do_uses_no_run_number_but_lets_the_next_one_run()
    {
        using var d = new R1District();
        var token = d.Lock();
        d.Run(RolloverType.Registration, token);
        var results = new[] { RolloverType.Scheduling, RolloverType.MarkReporting, RolloverType.SuccessPlan }.Select(t => d.Run(t, token)).ToList();
        Assert.All(results, r => Assert.Equal(("Unchanged", (int?)null, 0), (r.Mode, r.RunNumber, r.Processed)));
        Assert.Equal(1, d.Scalar("SELECT COUNT(*) FROM RolloverRun"));
    }

    [Fact]
    public void Each_later_rollover_needs_the_one_before_it()
    {
        using var d = District();
        var token = d.Lock();
        d.Run(RolloverType.Registration, token);
        Assert.Contains("after the Scheduling rollover", Assert.Throws<AttendanceException>(() => d.Run(RolloverType.MarkReporting, token)).Message, StringComparison.Ordinal);
        d.Run(RolloverType.Scheduling, token);
        Assert.Equal("RolloverOrder", Assert.Throws<AttendanceException>(() => d.Run(RolloverType.SuccessPlan, token)).ErrorId);
    }

    [Fact]
    public void Base_processing_removes_what_the_deleted_student_left_and_a_second_run_processes_nobody()
    {
        using var d = District();
        var token = d.Lock();
        var registration = d.Run(RolloverType.Registration, token);
        Assert.Equal((7, 1), (registration.Processed, registration.Deleted));
        Assert.Equal(1, d.Scalar("SELECT IsDeleted FROM Student WHERE StudentUniqueId = 'Gray'"));

        var scheduling = d.Run(RolloverType.Scheduling, token);
        Assert.Equal(["CourseRequest: 1", "StudentSectionAssociation: 1"], scheduling.Tables);
        Assert.Equal(1, scheduling.Processed);
        Assert.Equal(2, d.Scalar("SELECT COUNT(*) FROM CourseRequest"));
        Assert.Equal("Unchanged", d.Run(RolloverType.Scheduling, token).Mode);

        var marks = d.Run(RolloverType.MarkReporting, token);
        // Gray's mark (deleted student) and Casey's mark of section GONE (no longer exists).
        Assert.Equal(["ReportCardMark: 2"], marks.Tables);
        Assert.Equal(["Casey|C", "Dana|A"], d.Strings("SELECT s.StudentUniqueId, m.Mark FROM ReportCardMark m JOIN Student s USING (StudentRef) ORDER BY 1"));

        var plans = d.Run(RolloverType.SuccessPlan, token);
        Assert.Equal(["Student: 1", "SuccessPlan: 1"], plans.Tables);
        Assert.Equal(1, plans.Deleted);
        Assert.Equal(0, d.Scalar("SELECT COUNT(*) FROM Student WHERE StudentUniqueId = 'Gray'"));
        Assert.Equal(["Casey|Academic"], d.Strings("SELECT s.StudentUniqueId, p.PlanType FROM SuccessPlan p JOIN Student s USING (StudentRef)"));
    }

    [Fact]
    public void Scheduling_purges_a_past_years_course_requests_and_sections_with_their_rosters()
    {
        using var d = District();
        var token = d.Lock();
        d.Run(RolloverType.Registration, token);
        var result = d.Run(RolloverType.Scheduling, token, with: r => r with { PurgeSchoolYear = 2025, PurgeCourseRequests = true, PurgeSections = true, PurgeSchools = ["Pine Middle"] });
        Assert.Equal(["CourseRequest: 2", "Section: 1", "StudentSectionAssociation: 2"], result.Tables);
        Assert.Equal(["MATH7-2026"], d.Strings("SELECT SectionIdentifier FROM Section"));
        Assert.Equal(["2027"], d.Strings("SELECT SchoolYear FROM CourseRequest"));

        // The purged section comes back with its key on restore.
        var restored = RolloverRestore.Run(d.Store, RolloverType.Scheduling, null, null, false, false, token, NullObserver.Instance, CancellationToken.None);
        Assert.Equal([1], restored.RunNumbers);
        Assert.Equal(["MATH7-2025", "MATH7-2026"], d.Strings("SELECT SectionIdentifier FROM Section ORDER BY 1"));
        Assert.Equal(1, d.Scalar("SELECT COUNT(*) FROM StudentSectionAssociation ssa JOIN Section s USING (SectionRef) WHERE s.SchoolYear = 2025"));
    }

    [Theory]
    [InlineData(2026)]
    [InlineData(2027)]
    [InlineData(2019)]
    public void Purging_the_year_being_closed_the_next_year_or_a_year_not_in_the_store_is_refused(int year)
    {
        using var d = District();
        var token = d.Lock();
        d.Run(RolloverType.Registration, token);
        var ex = Assert.Throws<AttendanceException>(() => d.Run(RolloverType.Scheduling, token, with: r => r with { PurgeSchoolYear = year, PurgeSections = true }));
        Assert.Equal("RolloverPurgeYearInvalid", ex.ErrorId);
        Assert.Equal(4, d.Scalar("SELECT COUNT(*) FROM CourseRequest") + d.Scalar("SELECT COUNT(*) FROM Section") - 1);
    }

    [Fact]
    public void Mark_reporting_purges_marks_of_students_of_a_class_or_earlier()
    {
        using var d = District();
        var token = d.Lock();
        d.Run(RolloverType.Registration, token);
        d.Run(RolloverType.Scheduling, token);
        var result = d.Run(RolloverType.MarkReporting, token, with: r => r with { PurgeMarksClassOf = 2026 });
        Assert.Equal(["ReportCardMark: 3"], result.Tables);
        Assert.Equal(["Casey|C"], d.Strings("SELECT s.StudentUniqueId, m.Mark FROM ReportCardMark m JOIN Student s USING (StudentRef)"));
    }
}
