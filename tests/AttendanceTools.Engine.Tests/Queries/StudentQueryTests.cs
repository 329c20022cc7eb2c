using AttendanceTools.Engine.Queries;
using AttendanceTools.Engine.Tests.Support;

namespace AttendanceTools.Engine.Tests.Queries;

public sealed class StudentQueryTests : IDisposable
{
    private readonly TempStore _t = new();
    private readonly List<AttendanceException> _errors = [];

    public StudentQueryTests() => _t.Store.SmallDistrict();

    public void Dispose() => _t.Dispose();

    private List<StudentInfo> Find(StudentFilter filter) => [.. StudentQuery.Find(_t.Store, filter, _errors.Add)];

    private List<string> Ids(StudentFilter filter) => Find(filter).Select(s => s.StudentId).ToList();

    [Fact]
    public void Without_filters_the_students_of_the_current_year_by_name_leaving_out_deleted_ones()
    {
        // S1004 is deleted; S1006 has no 2025-26 year record.
        Assert.Equal(["S1001", "S1002", "S1003", "S1005", "S1007"], Ids(new StudentFilter()));
        Assert.Empty(_errors);
    }

    [Fact]
    public void Properties_come_from_the_student_and_the_years_record()
    {
        var byId = Find(new StudentFilter()).ToDictionary(s => s.StudentId);
        var blake = byId["S1002"];
        Assert.Equal(("1002", "Brown, Blake", "Blake", "Brown"), (blake.LocalId, blake.Name, blake.FirstName, blake.LastSurname));
        Assert.Equal(("09", "Washington High", "200", "2025-26", "Active", "REG"), (blake.Grade, blake.School, blake.SchoolId, blake.SchoolYear, blake.Status, blake.CalendarCode));
        Assert.Equal(new DateTime(2011, 5, 5), blake.BirthDate);
        Assert.Empty(blake.Programs); // ELD ended 2025-06-01, before 2025-26 began
        Assert.Equal(["CE"], byId["S1005"].Programs);
        Assert.Equal(["ELD"], byId["S1003"].Programs);
        Assert.Equal(("Inactive", "UG"), (byId["S1007"].Status, byId["S1007"].Grade));
    }

    [Theory]
    [InlineData("S1001", 2035, "Stored")]   // ClassOfSchoolYear kept
    [InlineData("S1002", 2029, "Computed")] // 2026 + 12 − 9 (domain §9.2)
    [InlineData("S1005", 2027, "Computed")] // 2026 + 12 − 11
    [InlineData("S1007", null, null)]       // UG has no ordinal
    public void Graduation_year_is_stored_or_computed_from_the_grade(string id, int? year, string? source)
    {
        var s = Find(new StudentFilter { StudentIds = [id] }).Single();
        Assert.Equal((year, source), (s.GraduationYear, s.GraduationYearSource));
    }

    [Fact]
    public void An_earlier_year_gives_that_years_grade_school_and_programs()
    {
        var students = Find(new StudentFilter { SchoolYear = 2025 });
        Assert.Equal(["S1002", "S1003", "S1006"], students.Select(s => s.StudentId));
        var blake = students[0];
        // Promoted one grade a year: the computed graduation year stays 2029.
        Assert.Equal(("08", "PreRegistered", 2029, "2024-25", "ELD"), (blake.Grade, blake.Status, blake.GraduationYear, blake.SchoolYear, blake.Programs.Single()));
        Assert.Equal(("12", "Graduated", 2025), (students[2].Grade, students[2].Status, students[2].GraduationYear));
    }

    [Fact]
    public void School_grade_and_program_filters()
    {
        Assert.Equal(["S1002", "S1003", "S1007"], Ids(new StudentFilter { Schools = ["washington*"] }));
        Assert.Equal(["S1002"], Ids(new StudentFilter { Grades = ["9"] }));
        Assert.Equal(["S1003"], Ids(new StudentFilter { Grades = ["Twelfth grade"] }));
        Assert.Equal(["S1003", "S1005"], Ids(new StudentFilter { Grades = ["1?"] }));
        Assert.Equal(["S1002", "S1003"], Ids(new StudentFilter { Schools = ["200"], Grades = ["09", "12"] }));
        Assert.Equal(["S1003"], Ids(new StudentFilter { Programs = ["eld"] }));
        Assert.Equal(["S1002"], Ids(new StudentFilter { Programs = ["ELD"], SchoolYear = 2025 }));
        Assert.Empty(_errors);
    }

    [Fact]
    public void By_id_students_without_a_year_record_still_come_back_with_empty_year_values()
    {
        var finn = Find(new StudentFilter { StudentIds = ["s1006"] }).Single();
        Assert.Equal(("S1006", null, null, null, null, 2025, "Stored"), (finn.StudentId, finn.Grade, finn.School, finn.SchoolYear, finn.Status, finn.GraduationYear, finn.GraduationYearSource));
        Assert.Equal(["S1001", "S1002", "S1003", "S1005", "S1006", "S1007"], Ids(new StudentFilter { StudentIds = ["S100*"] }));
    }

    [Fact]
    public void Deleted_students_need_IncludeDeleted()
    {
        Assert.Empty(Find(new StudentFilter { StudentIds = ["S1004"] }));
        var error = Assert.Single(_errors);
        Assert.Equal(("StudentNotFound", "S1004"), (error.ErrorId, error.Target));
        Assert.Contains("deleted", error.Message, StringComparison.Ordinal);

        var dana = Find(new StudentFilter { StudentIds = ["S1004"], IncludeDeleted = true }).Single();
        Assert.True(dana.IsDeleted);
        Assert.Equal("10", dana.Grade);
        Assert.Contains("S1004", Ids(new StudentFilter { IncludeDeleted = true }));
    }

    [Fact]
    public void A_literal_id_that_the_filters_leave_out_is_reported_with_the_scope()
    {
        Assert.Empty(Find(new StudentFilter { StudentIds = ["S1001", "S9999"], Schools = ["200"] }));
        Assert.Equal([("StudentNotFound", "S1001"), ("StudentNotFound", "S9999")], _errors.Select(e => (e.ErrorId, (string)e.Target!)).Order());
        Assert.Contains("school '200' in 2025-26", _errors.Single(e => (string)e.Target! == "S1001").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_school_program_or_year_is_reported_and_nothing_is_returned()
    {
        Assert.Empty(Find(new StudentFilter { Schools = ["Nowhere"] }));
        Assert.Empty(Find(new StudentFilter { Programs = ["Band"] }));
        Assert.Empty(Find(new StudentFilter { SchoolYear = 2040 }));
        Assert.Equal(["SchoolNotFound", "ProgramNotFound", "SchoolYearNotFound"], _errors.Select(e => e.ErrorId));
    }

    [Fact]
    public void An_invalid_grade_is_refused_before_anything_is_read()
    {
        var e = Assert.Throws<AttendanceException>(() => StudentQuery.Find(_t.Store, new StudentFilter { Grades = ["Z9"] }));
        Assert.Equal(("GradeLevelInvalid", FailureKind.InvalidArgument, "Z9"), (e.ErrorId, e.Kind, e.Target));
    }

    [Fact]
    public void Reading_is_lazy_and_an_abandoned_enumeration_can_be_started_again()
    {
        var query = StudentQuery.Find(_t.Store, new StudentFilter { Schools = ["Nowhere"] }, _errors.Add);
        Assert.Empty(_errors); // nothing read until enumerated
        Assert.Empty(query);
        Assert.Single(_errors);

        var all = StudentQuery.Find(_t.Store, new StudentFilter());
        Assert.Equal("S1001", all.First().StudentId);
        Assert.Equal(5, all.Count());
    }
}
