using System.Collections;
using System.Management.Automation;
using AttendanceTools.Tests.Infrastructure;

namespace AttendanceTools.Tests.Commands;

public sealed class NewAttendanceDemoStoreTests
{
    private static Dictionary<string, long> Counts(PSObject o, string property)
    {
        var result = new Dictionary<string, long>();
        foreach (DictionaryEntry e in (IDictionary)o.Prop(property)!) result[(string)e.Key] = Convert.ToInt64(e.Value, System.Globalization.CultureInfo.InvariantCulture);
        return result;
    }

    [Fact]
    public void Creates_a_store_with_a_small_district_and_connects()
    {
        using var s = new PsSession();
        var db = s.PathIn("demo.db");
        var r = s.Run("New-AttendanceDemoStore -Path ./demo.db -Students 150").ShouldSucceed();
        var result = Assert.Single(r.Output);
        Assert.Equal("AttendanceTools.Engine.Demo.DemoStoreResult", result.TypeName());
        Assert.Equal(db, result.Prop<string>("Path"));
        Assert.Equal(150, result.Prop<int>("Students"));
        Assert.Equal(1, result.Prop<int>("Seed"));
        Assert.Equal("2025-26", result.Prop<string>("SchoolYear"));
        // 150 students: district office, Oak Elementary, Pine Middle, Cedar High, Redwood Continuation.
        Assert.Equal(5, result.Prop<int>("Schools"));
        // REG for four schools and KAM at Oak, in both years.
        Assert.Equal(10, result.Prop<int>("Calendars"));
        Assert.False(result.Prop<bool>("Replaced"));
        Assert.True(File.Exists(db));
        Assert.Empty(Directory.GetFiles(s.TempFolder, "*.tmp*"));

        // Connected: Get-AttendanceStore reads the new store, and its row counts are the result's.
        var info = s.Run("Get-AttendanceStore").ShouldSucceed().Output.Single();
        Assert.Equal(db, info.Prop<string>("Path"));
        Assert.Equal("Sierra Vista Unified School District", info.Prop<string>("DistrictName"));
        Assert.Equal("America/Los_Angeles", info.Prop<string>("TimeZone"));
        Assert.Equal("2025-26", info.Prop<string>("CurrentSchoolYear"));
        var stored = Counts(info, "RowCounts");
        var written = Counts(result, "RowCounts");
        Assert.Equal(150, stored["Student"]);
        Assert.Equal(5, stored["School"]);
        Assert.Equal(2, stored["SchoolYear"]);
        Assert.True(stored["MeetingAttendance"] > 0 && stored["DailyAttendance"] > 0 && stored["AttendanceTime"] > 0);
        foreach (var (table, rows) in written) Assert.Equal(rows, stored[table]);
        Assert.Equal(written.Values.Sum(), result.Prop<long>("TotalRows"));
    }

    [Fact]
    public void Refuses_an_existing_file()
    {
        using var s = new PsSession();
        var db = s.PathIn("taken.db");
        File.WriteAllText(db, "not a store");
        var r = s.Run("New-AttendanceDemoStore -Path $db -Students 100", new Dictionary<string, object?> { ["db"] = db });
        Assert.True(r.HadErrors);
        Assert.Equal("StoreAlreadyExists,AttendanceTools.Commands.NewAttendanceDemoStoreCommand", r.ErrorId);
        Assert.Equal(ErrorCategory.ResourceExists, r.FirstError!.CategoryInfo.Category);
        Assert.Equal(db, r.FirstError.TargetObject);
        Assert.Contains(db, r.FirstError.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("-Force", r.FirstError.ErrorDetails!.RecommendedAction, StringComparison.Ordinal);
        Assert.Equal("not a store", File.ReadAllText(db));
        Assert.Empty(r.Output);
    }

    [Fact]
    public void Force_replaces_an_existing_store()
    {
        using var s = new PsSession();
        var db = s.PathIn("demo.db");
        var vars = new Dictionary<string, object?> { ["db"] = db };
        s.Run("New-AttendanceDemoStore -Path $db -Students 100 -Seed 5", vars).ShouldSucceed();
        var r = s.Run("New-AttendanceDemoStore -Path $db -Students 120 -Seed 6 -Force", vars).ShouldSucceed();
        var result = r.Output.Single();
        Assert.True(result.Prop<bool>("Replaced"));
        Assert.Equal(6, result.Prop<int>("Seed"));
        var info = s.Run("Get-AttendanceStore").ShouldSucceed().Output.Single();
        var stored = Counts(info, "RowCounts");
        Assert.Equal(120, stored["Student"]);
        foreach (var (table, rows) in Counts(result, "RowCounts")) Assert.Equal(rows, stored[table]);
        Assert.Empty(Directory.GetFiles(s.TempFolder, "*.tmp*"));
    }

    [Fact]
    public void WhatIf_creates_nothing_and_says_what_it_would_create()
    {
        using var s = new PsSession();
        var db = s.PathIn("demo.db");
        var r = s.Run("New-AttendanceDemoStore -Path $db -Students 150 -WhatIf", new Dictionary<string, object?> { ["db"] = db }).ShouldSucceed();
        Assert.Empty(r.Output);
        Assert.False(File.Exists(db));
        Assert.Empty(Directory.GetFiles(s.TempFolder));
        var line = Assert.Single(r.HostLines, l => l.StartsWith("What if:", StringComparison.Ordinal));
        Assert.Contains("5 schools, 150 students, 10 calendars, school year 2025-26", line, StringComparison.Ordinal);
        // Nothing was connected either.
        Assert.Equal("StoreNotConnected,AttendanceTools.Commands.GetAttendanceStoreCommand", s.Run("Get-AttendanceStore").ErrorId);
    }

    [Fact]
    public void WhatIf_with_Force_leaves_the_existing_store_untouched()
    {
        using var s = new PsSession();
        var db = s.PathIn("demo.db");
        var vars = new Dictionary<string, object?> { ["db"] = db };
        s.Run("New-AttendanceDemoStore -Path $db -Students 100 -NoConnect", vars).ShouldSucceed();
        var before = File.ReadAllBytes(db);
        var r = s.Run("New-AttendanceDemoStore -Path $db -Students 130 -Force -WhatIf", vars).ShouldSucceed();
        Assert.Contains(r.HostLines, l => l.Contains("replaces the existing file", StringComparison.Ordinal));
        Assert.Equal(before, File.ReadAllBytes(db));
    }

    [Fact]
    public void NoConnect_leaves_the_session_as_it_was()
    {
        using var s = new PsSession();
        var r = s.Run("New-AttendanceDemoStore -Path ./a.db -Students 100 -NoConnect").ShouldSucceed();
        Assert.Single(r.Output);
        Assert.Equal("StoreNotConnected,AttendanceTools.Commands.GetAttendanceStoreCommand", s.Run("Get-AttendanceStore").ErrorId);
        // The file is a complete store: connect to it explicitly.
        var info = s.Run("Connect-AttendanceStore -Path ./a.db; Get-AttendanceStore").ShouldSucceed().Output.Single();
        Assert.Equal(100, Counts(info, "RowCounts")["Student"]);
    }

    [Fact]
    public void School_year_takes_either_form_and_becomes_current()
    {
        using var s = new PsSession();
        var result = s.Run("New-AttendanceDemoStore -Path ./y.db -Students 100 -SchoolYear 2026-27").ShouldSucceed().Output.Single();
        Assert.Equal("2026-27", result.Prop<string>("SchoolYear"));
        Assert.Equal("2026-27", s.Run("Get-AttendanceStore").ShouldSucceed().Output.Single().Prop<string>("CurrentSchoolYear"));
        var bad = s.Run("New-AttendanceDemoStore -Path ./z.db -SchoolYear 2026-28");
        Assert.Equal("SchoolYearInvalid,AttendanceTools.Commands.NewAttendanceDemoStoreCommand", bad.ErrorId);
        Assert.False(File.Exists(s.PathIn("z.db")));
    }

    [Fact]
    public void Same_seed_and_size_give_the_same_store()
    {
        using var s = new PsSession();
        var a = s.Run("New-AttendanceDemoStore -Path ./a.db -Students 100 -Seed 9 -NoConnect").ShouldSucceed().Output.Single();
        var b = s.Run("New-AttendanceDemoStore -Path ./b.db -Students 100 -Seed 9 -NoConnect").ShouldSucceed().Output.Single();
        Assert.Equal(Counts(a, "RowCounts"), Counts(b, "RowCounts"));
    }

    [Fact]
    public void Too_few_students_is_a_parameter_error()
    {
        using var s = new PsSession();
        var r = s.Run("New-AttendanceDemoStore -Path ./x.db -Students 50");
        Assert.StartsWith("ParameterArgumentValidationError", r.ErrorId, StringComparison.Ordinal);
        Assert.False(File.Exists(s.PathIn("x.db")));
    }

    [Fact]
    public void Progress_covers_generating_and_loading_and_completes()
    {
        using var s = new PsSession();
        var r = s.Run("New-AttendanceDemoStore -Path ./p.db -Students 100").ShouldSucceed();
        Assert.Contains(r.Progress, p => p.Activity == "Generating the demo district");
        Assert.Contains(r.Progress, p => p.Activity == "Loading district");
        foreach (var activity in r.Progress.GroupBy(p => p.ActivityId))
            Assert.Equal(ProgressRecordType.Completed, activity.Last().RecordType);
    }
}
