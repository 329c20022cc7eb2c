using System.Collections;
using System.Management.Automation;
using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Scripting;

/// <summary>
/// What people do with the objects in ordinary scripts (issue #11): compare dates, read times, dot
/// into run details, pipe records into the run log, tab-complete, and pass a percent.
/// </summary>
public sealed class EverydayScriptingTests(DemoTemplate demo) : IClassFixture<DemoTemplate>, IDisposable
{
    private readonly PsSession _s = new();
    private bool _connected;

    public void Dispose() => _s.Dispose();

    private PsResult Run(string script, Dictionary<string, object?>? vars = null)
    {
        if (!_connected)
        {
            _s.Run("Connect-AttendanceStore -Path $db", new Dictionary<string, object?> { ["db"] = demo.CopyTo(_s.TempFolder) }).ShouldSucceed();
            _connected = true;
        }
        return _s.Run(script, vars);
    }

    [Fact]
    public void Record_dates_compare_with_a_DateTime_and_equal_the_day()
    {
        var all = Run("Get-AttendanceRecord -From 2025-10-06 -To 2025-10-10").ShouldSucceed().Output;
        var later = Run("Get-AttendanceRecord -From 2025-10-06 -To 2025-10-10 | Where-Object Date -ge ([datetime]'2025-10-08')").ShouldSucceed().Output;
        var onDay = Run("Get-AttendanceRecord -From 2025-10-06 -To 2025-10-10 | Where-Object Date -eq ([datetime]'2025-10-08')").ShouldSucceed().Output;

        Assert.NotEmpty(onDay);
        Assert.Equal(all.Count(r => r.Prop<DateTime>("Date") >= new DateTime(2025, 10, 8)), later.Count);
        Assert.Equal(all.Count(r => r.Prop<DateTime>("Date") == new DateTime(2025, 10, 8)), onDay.Count);
        Assert.True(later.Count < all.Count);
        Assert.All(all, r =>
        {
            var date = r.Prop<DateTime>("Date");
            Assert.Equal(DateTimeKind.Unspecified, date.Kind);
            Assert.Equal(TimeSpan.Zero, date.TimeOfDay);
        });
    }

    [Fact]
    public void Daily_times_are_TimeSpans_and_the_where_column_is_a_property()
    {
        using var small = new PsSession();
        StoreSeed.SmallDistrict(small);

        var r = small.Run("Get-AttendanceRecord -Kind Daily -StudentId S1001 -From 2025-10-01 -To 2025-10-01").ShouldSucceed().Output.Single();

        Assert.Equal(new TimeSpan(8, 0, 0), Assert.IsType<TimeSpan>(r.Prop("TimeIn")));
        Assert.Equal(new TimeSpan(10, 0, 0), r.Prop<TimeSpan>("TimeOut"));
        Assert.Equal("Lincoln Elementary 08:00-10:00", r.Prop<string>("Where"));
    }

    [Fact]
    public void Run_details_are_objects_and_records_list_their_run_once()
    {
        var load = Run("Get-AttendanceRun -Operation BulkLoad").ShouldSucceed().Output.Single();
        var details = Assert.IsAssignableFrom<IDictionary>(load.Prop("Details"));
        Assert.True(Convert.ToInt64(details["Student"], System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal(load.Prop<long>("Inserted").ToString("N0", System.Globalization.CultureInfo.CurrentCulture) + "/0/0", load.Prop<string>("Changes"));

        var records = Run("Get-AttendanceRecord -From 2025-10-06 -To 2025-10-07").ShouldSucceed().Output;
        var runs = Run("Get-AttendanceRecord -From 2025-10-06 -To 2025-10-07 | Get-AttendanceRun").ShouldSucceed().Output;
        Assert.True(records.Count > 1);
        Assert.Equal(records.Select(r => r.Prop<long?>("RunId")).OfType<long>().Distinct().Order(), runs.Select(r => r.Prop<long>("RunId")).Order());
    }

    [Fact]
    public void Tab_completes_schools_students_and_run_ids_through_TabExpansion2()
    {
        string[] Complete(string line) => Run("(TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText",
            new Dictionary<string, object?> { ["line"] = line }).ShouldSucceed().Output.Select(o => o.ToString()).ToArray();

        Assert.Contains("'Cedar High'", Complete("Get-ChronicAbsenteeism -School Ced"));
        Assert.Contains("'Cedar High'", Complete("Update-AttendanceAggregation -School Ced"));
        var firstStudent = Run("Get-AttendanceStudent").ShouldSucceed().Output[0].Prop<string>("StudentId");
        Assert.Contains(firstStudent, Complete("Get-AttendanceAggregation -Student " + firstStudent[..^1]));
        Assert.Contains("1", Complete("Get-AttendanceRun -RunId "));
    }

    [Fact]
    public void A_fraction_for_a_percent_threshold_is_refused_showing_both_readings()
    {
        var r = Run("Get-ChronicAbsenteeism -School 'Cedar High' -Threshold 0.1");

        Assert.Empty(r.Output);
        Assert.Equal("ThresholdNotPercent,AttendanceTools.Commands.GetChronicAbsenteeismCommand", r.ErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, r.FirstError!.CategoryInfo.Category);
        Assert.Contains("0.1 %", r.FirstError.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("-Threshold 10", r.FirstError.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_store_object_shows_its_path()
    {
        var store = Run("Connect-AttendanceStore -Path $p -PassThru", new Dictionary<string, object?> { ["p"] = _s.PathIn("district.db") }).ShouldSucceed().Output.Single();
        Assert.Equal(_s.PathIn("district.db"), store.Prop<string>("Path"));
    }
}
