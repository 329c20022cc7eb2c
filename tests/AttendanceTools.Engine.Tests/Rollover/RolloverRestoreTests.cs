using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Rollover;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Tests.Rollover;

/// <summary>Domain §8.7 and R2/R3: restore newest first, dependent runs, conflicts, and run–restore–run.</summary>
public sealed class RolloverRestoreTests
{
    private const string District =
        "SELECT 'S', StudentUniqueId, ClassOfSchoolYear, IsDeleted FROM Student UNION ALL " +
        "SELECT 'R', StudentRef, SchoolYear, SchoolRef || GradeLevel || Status || COALESCE(Homeroom, '') FROM StudentYearRecord UNION ALL " +
        "SELECT 'E', StudentRef, EntryDate, SchoolYear || COALESCE(ExitWithdrawDate, '') || COALESCE(ExitWithdrawCode, '') FROM StudentSchoolAssociation UNION ALL " +
        "SELECT 'Y', SchoolYear, IsCurrent, '' FROM SchoolYear UNION ALL SELECT 'X', StudentRef, Action, RunNumber FROM RolloverYearEndStudent ORDER BY 1, 2, 3, 4";

    private static RolloverRestoreResult Restore(R1District d, RolloverType type, string token, int? run = null, bool force = false, bool preview = false)
        => RolloverRestore.Run(d.Store, type, null, run, force, preview, token, NullObserver.Instance, CancellationToken.None);

    [Fact]
    public void A_full_restore_returns_the_store_exactly_to_its_state_before_the_first_run()
    {
        using var d = new R1District();
        var before = d.Strings(District);
        var token = d.Lock();
        d.Run(RolloverType.Registration, token);
        Assert.NotEqual(before, d.Strings(District));

        var restored = Restore(d, RolloverType.Registration, token);

        Assert.Equal([1], restored.RunNumbers);
        Assert.Empty(restored.Overwritten);
        Assert.Equal(before, d.Strings(District));
        Assert.Equal(["Registration|1|Restored"], d.Strings("SELECT RunType, RunNumber, State FROM RolloverRun"));
    }

    [Fact]
    public void R2_restoring_run_2_restores_run_3_then_run_2_run_1_stays_and_the_next_run_is_number_4()
    {
        using var d = new R1District();
        var token = d.Lock();
        // Run 1 processes what criteria 1-2 select, run 2 what criterion 3 adds, run 3 what criterion 4 adds.
        RolloverCriteria.Save(d.Store, R1District.Criteria.Take(2).ToList(), token);
        Assert.Equal(2, d.Run(RolloverType.Registration, token).Processed);
        RolloverCriteria.Save(d.Store, R1District.Criteria.Take(3).ToList(), token);
        Assert.Equal(2, d.Run(RolloverType.Registration, token).Processed);
        RolloverCriteria.Save(d.Store, R1District.Criteria, token);
        Assert.Equal(2, d.Run(RolloverType.Registration, token).Processed);

        var restored = Restore(d, RolloverType.Registration, token, run: 2);

        Assert.Equal([3, 2], restored.RunNumbers);
        Assert.Equal(["1|Applied", "2|Restored", "3|Restored"], d.Strings("SELECT RunNumber, State FROM RolloverRun ORDER BY 1"));
        Assert.Equal(["Dana|Graduated", "Finley|Activated"],
            d.Strings("SELECT s.StudentUniqueId, e.Action FROM RolloverYearEndStudent e JOIN Student s USING (StudentRef) ORDER BY 1"));
        var next = d.Run(RolloverType.Registration, token);
        Assert.Equal((4, 4), (next.RunNumber!.Value, next.Processed));
    }

    /// <summary>R1 plus Gray, an inactive student with a course request, whom a fifth criterion deletes.</summary>
    internal static R1District WithDeletedStudent()
    {
        var d = new R1District(data =>
        {
            data.Students.Add(new Student { StudentUniqueId = "Gray", FirstName = "Gray", LastSurname = "R1", ClassOfSchoolYear = 2032 });
            data.YearRecords.Add(new StudentYearRecord { StudentUniqueId = "Gray", SchoolYear = 2026, SchoolId = "201", GradeLevel = "06", Status = YearRecordStatus.Inactive });
            data.Courses.Add(new Course { SchoolId = "201", LocalCourseCode = "MATH7", Title = "Math 7" });
            data.CourseRequests.Add(new CourseRequest { StudentUniqueId = "Gray", SchoolId = "201", SchoolYear = 2027, LocalCourseCode = "MATH7" });
        });
        RolloverCriteria.Save(d.Store, [.. R1District.Criteria, new RolloverCriterion { Sequence = 5, Name = "Delete inactive", Conditions = ["Status = Inactive"], AssignStatus = "Delete" }], null);
        return d;
    }

    [Fact]
    public void R3_restoring_registration_after_scheduling_names_the_scheduling_run()
    {
        using var d = WithDeletedStudent();
        var token = d.Lock();
        Assert.Equal(1, d.Run(RolloverType.Registration, token).Deleted);
        var scheduling = d.Run(RolloverType.Scheduling, token);
        Assert.Equal((1, 1, "CourseRequest: 1"), (scheduling.RunNumber!.Value, scheduling.Processed, Assert.Single(scheduling.Tables)));

        var ex = Assert.Throws<AttendanceException>(() => Restore(d, RolloverType.Registration, token));

        Assert.Equal("RolloverDependentRuns", ex.ErrorId);
        Assert.Contains("the Scheduling run 1", ex.Message, StringComparison.Ordinal);
        Assert.Equal([1], Restore(d, RolloverType.Scheduling, token).RunNumbers);
        Assert.Equal(1, d.Scalar("SELECT COUNT(*) FROM CourseRequest"));
        Assert.Equal([1], Restore(d, RolloverType.Registration, token).RunNumbers);
        Assert.Equal(0, d.Scalar("SELECT COUNT(*) FROM Student WHERE IsDeleted = 1"));
    }

    [Fact]
    public void A_row_changed_since_the_run_is_a_conflict_unless_forced_and_force_lists_what_it_overwrote()
    {
        using var d = new R1District();
        var token = d.Lock();
        d.Run(RolloverType.Registration, token);
        using (var c = d.Store.OpenConnection())
        {
            c.Execute("UPDATE StudentYearRecord SET Homeroom = 'HR-CHANGED' WHERE SchoolYear = 2027 AND StudentRef = (SELECT StudentRef FROM Student WHERE StudentUniqueId = 'Avery')");
            c.Execute("UPDATE Student SET ClassOfSchoolYear = 2040 WHERE StudentUniqueId = 'Casey'");
        }

        var ex = Assert.Throws<AttendanceException>(() => Restore(d, RolloverType.Registration, token));
        Assert.Equal("RestoreConflicts", ex.ErrorId);
        Assert.Contains("2 rows changed since", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, d.Scalar("SELECT COUNT(*) FROM StudentYearRecord WHERE Homeroom = 'HR-CHANGED'"));

        var forced = Restore(d, RolloverType.Registration, token, force: true);
        Assert.Equal(2, forced.Overwritten.Count);
        Assert.Contains(forced.Overwritten, o => o.StartsWith("StudentYearRecord", StringComparison.Ordinal) && o.Contains("HR-CHANGED", StringComparison.Ordinal));
        Assert.Contains(forced.Overwritten, o => o.StartsWith("Student StudentRef=", StringComparison.Ordinal) && o.Contains("ClassOfSchoolYear=2040", StringComparison.Ordinal));
        Assert.Equal(0, d.Scalar("SELECT COUNT(*) FROM StudentYearRecord WHERE SchoolYear = 2027"));
        Assert.Equal(2030, d.Scalar("SELECT ClassOfSchoolYear FROM Student WHERE StudentUniqueId = 'Casey'"));
    }

    [Fact]
    public void Run_restore_fix_the_criteria_run_again_equals_one_correct_run()
    {
        using var right = new R1District();
        var token = right.Lock();
        right.Run(RolloverType.Registration, token);

        using var d = new R1District();
        token = d.Lock();
        var wrong = R1District.Criteria.Select(c => c.Sequence == 3 ? c with { Updates = new SortedDictionary<string, string>() } : c).ToList();
        RolloverCriteria.Save(d.Store, wrong, token);
        d.Run(RolloverType.Registration, token);
        Restore(d, RolloverType.Registration, token);
        RolloverCriteria.Save(d.Store, R1District.Criteria, token);
        var again = d.Run(RolloverType.Registration, token);

        Assert.Equal(2, again.RunNumber);
        const string Rows = "SELECT 'S', StudentUniqueId, ClassOfSchoolYear, IsDeleted FROM Student UNION ALL " +
                            "SELECT 'R', StudentRef, SchoolYear, SchoolRef || GradeLevel || Status || COALESCE(Homeroom, '') FROM StudentYearRecord UNION ALL " +
                            "SELECT 'E', StudentRef, EntryDate, SchoolYear || COALESCE(ExitWithdrawDate, '') || COALESCE(ExitWithdrawCode, '') FROM StudentSchoolAssociation UNION ALL " +
                            "SELECT 'Y', SchoolYear, IsCurrent, '' FROM SchoolYear UNION ALL SELECT 'X', StudentRef, Action, CriterionSequence FROM RolloverYearEndStudent ORDER BY 1, 2, 3, 4";
        Assert.Equal(right.Strings(Rows), d.Strings(Rows));
    }

    [Fact]
    public void Restore_without_an_applied_run_is_RolloverNothingToRestore_and_needs_the_lock()
    {
        using var d = new R1District();
        Assert.Equal("RolloverLockRequired", Assert.Throws<AttendanceException>(() => Restore(d, RolloverType.Registration, null!)).ErrorId);
        var token = d.Lock();
        Assert.Equal("RolloverNothingToRestore", Assert.Throws<AttendanceException>(() => Restore(d, RolloverType.Registration, token)).ErrorId);
    }
}
