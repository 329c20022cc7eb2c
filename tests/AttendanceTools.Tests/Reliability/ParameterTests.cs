using System.Management.Automation;
using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Reliability;

/// <summary>Parameters that cannot silently do nothing: an empty range or a name the store does not know is an error, before anything is written or logged.</summary>
public sealed class ParameterTests(DemoTemplate demo) : IClassFixture<DemoTemplate>
{
    [Theory]
    [InlineData("Update-AttendanceAggregation -School 'Cedar High' -From 2025-10-10 -To 2025-10-01 -Confirm:$false", "UpdateAttendanceAggregationCommand", "-From is after -To")]
    [InlineData("Get-AttendanceAggregation -School 'Cedar High' -From 2025-10-10 -To 2025-10-01", "GetAttendanceAggregationCommand", "-From is after -To")]
    [InlineData("Get-AttendanceRecord -From 2025-10-10 -To 2025-10-01", "GetAttendanceRecordCommand", "-From is after -To")]
    public void From_later_than_To_is_refused_with_DateRangeInvalid_and_nothing_is_logged(string command, string cmdlet, string reason)
    {
        using var s = new PsSession();
        var store = demo.CopyTo(s.TempFolder);
        s.Run("Connect-AttendanceStore -Path $p", new Dictionary<string, object?> { ["p"] = store }).ShouldSucceed();
        var runs = DemoTemplate.Scalar(store, "SELECT COUNT(*) FROM RunLog");

        var r = s.Run(command);

        Assert.Equal($"DateRangeInvalid,AttendanceTools.Commands.{cmdlet}", r.ErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, r.FirstError!.CategoryInfo.Category);
        Assert.Equal($"The range 2025-10-10 to 2025-10-01 is empty: {reason}.", r.FirstError.Exception.Message);
        Assert.Empty(r.Output);
        Assert.Equal(runs, DemoTemplate.Scalar(store, "SELECT COUNT(*) FROM RunLog"));
    }

    [Fact]
    public void A_refresh_of_a_school_year_the_store_does_not_know_is_SchoolYearNotFound_not_a_silent_empty()
    {
        using var s = new PsSession();
        var store = demo.CopyTo(s.TempFolder);
        s.Run("Connect-AttendanceStore -Path $p", new Dictionary<string, object?> { ["p"] = store }).ShouldSucceed();
        var runs = DemoTemplate.Scalar(store, "SELECT COUNT(*) FROM RunLog");

        var r = s.Run("Update-AttendanceAggregation -SchoolYear 2031 -Confirm:$false");

        var error = Assert.Single(r.Errors);
        Assert.Equal("SchoolYearNotFound,AttendanceTools.Commands.UpdateAttendanceAggregationCommand", error.FullyQualifiedErrorId);
        Assert.Equal("The store has no school year 2030-31.", error.Exception.Message);
        Assert.Equal("2030-31", error.TargetObject);
        Assert.Empty(r.Output);
        Assert.Equal(runs, DemoTemplate.Scalar(store, "SELECT COUNT(*) FROM RunLog"));
    }
}
