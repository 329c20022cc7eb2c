using System.Management.Automation;
using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Commands;

public sealed class GetAttendanceStudentTests : IDisposable
{
    private readonly PsSession _s = new();

    public GetAttendanceStudentTests() => StoreSeed.SmallDistrict(_s);

    public void Dispose() => _s.Dispose();

    private List<string> Ids(string script) => _s.Run(script).ShouldSucceed().Output.Select(o => o.Prop<string>("StudentId")).ToList();

    [Fact]
    public void The_current_years_students_with_the_names_scripts_rely_on()
    {
        var students = _s.Run("Get-AttendanceStudent").ShouldSucceed().Output;
        Assert.Equal(["S1001", "S1002", "S1003", "S1005", "S1007"], students.Select(o => o.Prop<string>("StudentId")));
        Assert.All(students, o => Assert.Equal("AttendanceTools.Engine.Queries.StudentInfo", o.TypeName()));
        var blake = students[1];
        Assert.Equal(("1002", "Brown, Blake", "09", "Washington High", 2029, "Computed"),
            (blake.Prop<string>("LocalId"), blake.Prop<string>("Name"), blake.Prop<string>("Grade"), blake.Prop<string>("School"),
             blake.Prop<int>("GraduationYear"), blake.Prop<string>("GraduationYearSource")));
        Assert.Equal((2035, "Stored"), (students[0].Prop<int>("GraduationYear"), students[0].Prop<string>("GraduationYearSource")));
    }

    [Theory]
    [InlineData("2025")]
    [InlineData("2024-25")]
    public void SchoolYear_accepts_either_form(string year)
    {
        var r = _s.Run("Get-AttendanceStudent -SchoolYear $y", new Dictionary<string, object?> { ["y"] = year }).ShouldSucceed().Output;
        Assert.Equal(["S1002", "S1003", "S1006"], r.Select(o => o.Prop<string>("StudentId")));
        Assert.Equal(("08", "2024-25"), (r[0].Prop<string>("Grade"), r[0].Prop<string>("SchoolYear")));
    }

    [Fact]
    public void School_grade_program_and_id_filters()
    {
        Assert.Equal(["S1002", "S1003"], Ids("Get-AttendanceStudent -School 'washington*' -Grade 9, 12"));
        Assert.Equal(["S1003", "S1005"], Ids("Get-AttendanceStudent -Grade '1*'"));
        Assert.Equal(["S1005"], Ids("Get-AttendanceStudent -Program CE"));
        Assert.Equal(["S1001", "S1002"], Ids("Get-AttendanceStudent 's100[12]'"));
        var programs = _s.Run("(Get-AttendanceStudent -Program CE).Programs").ShouldSucceed().Output;
        Assert.Equal(["CE"], programs.Select(o => o.BaseObject.ToString()));
    }

    [Fact]
    public void Schools_and_calendars_pipe_in_by_School_or_SchoolId_and_SchoolYear()
    {
        Assert.Equal(["S1005"], Ids("Get-AttendanceSchool Rio* | Get-AttendanceStudent"));
        Assert.Equal(["S1002", "S1003", "S1006"], Ids("Get-AttendanceCalendar REG -SchoolYear 2024-25 | Get-AttendanceStudent"));
    }

    [Fact]
    public void A_piped_object_naming_no_student_or_school_selects_nobody_rather_than_everyone()
    {
        var r = _s.Run("[pscustomobject]@{ SchoolYear = '2025' } | Get-AttendanceStudent");
        Assert.False(r.HadErrors);
        Assert.Empty(r.Output);
    }

    [Fact]
    public void Records_pipe_in_by_Student()
        => Assert.Equal(["S1001"], Ids("Get-AttendanceRecord -Code ILL | Get-AttendanceStudent"));

    [Fact]
    public void Unknown_and_deleted_students_are_StudentNotFound_and_IncludeDeleted_shows_the_deleted_one()
    {
        var r = _s.Run("try { Get-AttendanceStudent -StudentId S9999, S1004, S1001 } catch { 'caught' }");
        Assert.Equal(["S1001"], r.Output.Select(o => o.Prop<string>("StudentId")));
        Assert.Equal(["S1004", "S9999"], r.Errors.Select(e => (string)e.TargetObject).Order());
        Assert.All(r.Errors, e =>
        {
            Assert.Equal("StudentNotFound,AttendanceTools.Commands.GetAttendanceStudentCommand", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
        });
        var dana = _s.Run("Get-AttendanceStudent S1004 -IncludeDeleted").ShouldSucceed().Output.Single();
        Assert.True(dana.Prop<bool>("IsDeleted"));
    }

    [Fact]
    public void A_student_left_out_by_a_filter_names_the_scope()
    {
        var e = _s.Run("Get-AttendanceStudent S1001 -School 200").Errors.Single();
        Assert.Equal("S1001", e.TargetObject);
        Assert.Contains("school '200' in 2025-26", e.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_program_and_school_are_reported()
    {
        var r = _s.Run("Get-AttendanceStudent -Program Band; Get-AttendanceStudent -School Nowhere");
        Assert.Empty(r.Output);
        Assert.Equal(["ProgramNotFound", "SchoolNotFound"], r.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
        Assert.Equal(["Band", "Nowhere"], r.Errors.Select(e => (string)e.TargetObject));
    }

    [Fact]
    public void An_invalid_grade_is_a_terminating_usage_error()
    {
        var r = _s.Run("try { Get-AttendanceStudent -Grade Z9; 'went on' } catch { $_.FullyQualifiedErrorId; $_.CategoryInfo.Category.ToString() }");
        Assert.Equal(["GradeLevelInvalid,AttendanceTools.Commands.GetAttendanceStudentCommand", "InvalidArgument"], r.Output.Select(o => o.BaseObject.ToString()));
    }

    [Fact]
    public void FeedGraduationYear_is_computed_from_grade_and_year_and_UG_warns_GradeHasNoOrdinal()
    {
        var r = _s.Run("Get-AttendanceStudent").ShouldSucceed();
        var byId = r.Output.ToDictionary(o => o.Prop<string>("StudentId"));
        Assert.Equal((2035, "35"), (byId["S1001"].Prop<int>("FeedGraduationYear"), byId["S1001"].Prop<string>("FeedGraduationYear2")));
        Assert.Equal((2026, "26"), (byId["S1003"].Prop<int>("FeedGraduationYear"), byId["S1003"].Prop<string>("FeedGraduationYear2")));
        Assert.Null(byId["S1007"].Prop("FeedGraduationYear"));
        Assert.Null(byId["S1007"].Prop("FeedGraduationYear2"));
        var warning = Assert.Single(r.Warnings);
        Assert.Equal("Student 'S1007' is in grade 'UG' in 2025-26, which has no ordinal, so a feed cannot compute a graduation year for them. [GradeHasNoOrdinal]", warning.Message);
    }
}
