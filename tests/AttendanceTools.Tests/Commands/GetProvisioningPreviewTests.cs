using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Commands;

/// <summary>Get-ProvisioningPreview through a real runspace on the small demo district.</summary>
public sealed class GetProvisioningPreviewTests(DemoTemplate demo) : IClassFixture<DemoTemplate>
{
    private (PsSession Session, string Store) Open()
    {
        var s = new PsSession();
        var store = demo.CopyTo(s.TempFolder);
        s.Run("Connect-AttendanceStore -Path $p", new Dictionary<string, object?> { ["p"] = store }).ShouldSucceed();
        return (s, store);
    }

    private static long ActiveStudents(PsSession s, string store)
    {
        s.Run("Disconnect-AttendanceStore").ShouldSucceed();
        try
        {
            return DemoTemplate.Scalar(store, "SELECT COUNT(*) FROM StudentYearRecord y JOIN Student p ON p.StudentRef = y.StudentRef " +
                                              "WHERE y.SchoolYear = 2026 AND y.Status = 'Active' AND p.IsDeleted = 0");
        }
        finally
        {
            s.Run("Connect-AttendanceStore -Path $p", new Dictionary<string, object?> { ["p"] = store }).ShouldSucceed();
        }
    }

    [Fact]
    public void Before_the_first_export_every_student_is_new_and_the_percentage_guards_are_skipped()
    {
        var (s, store) = Open();
        using (s)
        {
            var active = ActiveStudents(s, store);
            var p = Assert.Single(s.Run("Get-ProvisioningPreview").ShouldSucceed().Output);

            Assert.Equal("AttendanceTools.Engine.Provisioning.ProvisioningPreview", p.TypeName());
            Assert.Equal(("2025-26", active, active, 0, 0, 0), (p.Prop<string>("SchoolYear"), p.Prop<long>("Total"), p.Prop<long>("New"),
                p.Prop<int>("Removed"), p.Prop<int>("Updated"), p.Prop<int>("GraduationYearChanged")));
            Assert.True(p.Prop<bool>("Passed"));
            var guards = ((System.Collections.IEnumerable)p.Prop("Guards")!).Cast<object>().Select(System.Management.Automation.PSObject.AsPSObject).ToList();
            Assert.Equal(["SchoolYear", "GraduationYear", "Update", "Delete", "Change"], guards.Select(g => g.Prop<string>("Guard")));
            Assert.All(guards.Skip(1), g => Assert.True(g.Prop<bool>("Skipped")));
        }
    }

    [Fact]
    public void A_school_year_that_is_not_current_fails_the_first_guard()
    {
        var (s, _) = Open();
        using (s)
        {
            var p = Assert.Single(s.Run("Get-ProvisioningPreview -SchoolYear 2026-27").ShouldSucceed().Output);
            Assert.Equal((false, "SchoolYearMismatch", 2027), (p.Prop<bool>("Passed"), p.Prop<string>("FailedGuard"), p.Prop<int>("RequestedSchoolYear")));
        }
    }

    [Fact]
    public void Detailed_returns_one_change_per_student_with_old_and_new_values()
    {
        var (s, store) = Open();
        using (s)
        {
            var rows = s.Run("Get-ProvisioningPreview -Detailed").ShouldSucceed().Output;
            Assert.Equal(ActiveStudents(s, store), rows.Count);
            Assert.All(rows, r => Assert.Equal(("AttendanceTools.Engine.Provisioning.ProvisioningChange", "New"), (r.TypeName(), r.Prop<string>("Change"))));
            var first = rows[0];
            Assert.Null(first.Prop("OldGrade"));
            Assert.Equal($"new: school {first.Prop<string>("NewSchoolId")}, grade {first.Prop<string>("NewGrade")}, graduation year {first.Prop<int>("NewGraduationYear")}",
                first.Prop<string>("Changes"));
        }
    }

    [Fact]
    public void Thresholds_are_validated_as_percents()
    {
        var (s, _) = Open();
        using (s)
        {
            var r = s.Run("Get-ProvisioningPreview -MaxUpdatePercent 101");
            Assert.StartsWith("ParameterArgumentValidationError", r.ErrorId, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Without_a_store_it_says_what_to_run()
    {
        using var s = new PsSession();
        var r = s.Run("Get-ProvisioningPreview");
        Assert.Equal("StoreNotConnected,AttendanceTools.Commands.GetProvisioningPreviewCommand", r.ErrorId);
    }
}
