using System.Collections;
using System.Text.Json;
using AttendanceTools.Engine.Aggregation;
using AttendanceTools.Engine.Demo;
using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Tests.Support;

namespace AttendanceTools.Engine.Tests.Demo;

/// <summary>The generated district in a real store: row counts, a full read-back, replacement and failure handling.</summary>
public sealed class DemoStoreTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("attendancetools-demo-").FullName;

    public void Dispose()
    {
        AttendanceStore.ReleaseConnections();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private string PathOf(string name) => Path.Combine(_folder, name);

    private static DemoStoreResult Create(string path, int students = 300, int seed = 1, bool replace = false, CancellationToken ct = default)
    {
        var plan = DemoStore.Plan(new DemoStoreRequest { Path = path, Options = new DemoOptions { Students = students, Seed = seed }, Replace = replace },
            NullObserver.Instance, CancellationToken.None);
        return DemoStore.Apply(plan, NullObserver.Instance, ct);
    }

    [Fact]
    public void Loads_into_a_store_and_row_counts_match()
    {
        var path = PathOf("demo.db");
        var data = DemoDistrictGenerator.Generate(new DemoOptions { Students = 300 });
        var result = Create(path);
        var store = AttendanceStore.OpenSqlite(path, new StoreOpenOptions { CreateIfMissing = false });
        var info = StoreInfo.Read(store);

        var expected = new Dictionary<string, int>
        {
            ["SchoolYear"] = data.SchoolYears.Count, ["School"] = data.Schools.Count, ["Calendar"] = data.Calendars.Count,
            ["CalendarDate"] = data.CalendarDates.Count, ["ClassPeriod"] = data.ClassPeriods.Count, ["BellSchedule"] = data.BellSchedules.Count,
            ["BellSchedulePeriod"] = data.BellSchedulePeriods.Count, ["Course"] = data.Courses.Count, ["Section"] = data.Sections.Count,
            ["Student"] = data.Students.Count, ["StudentSchoolAssociation"] = data.Enrollments.Count, ["StudentYearRecord"] = data.YearRecords.Count,
            ["StudentSectionAssociation"] = data.Rosters.Count, ["Program"] = data.Programs.Count,
            ["StudentProgramAssociation"] = data.ProgramAssociations.Count, ["AttendanceCode"] = data.AttendanceCodes.Count,
            ["DailyAttendance"] = data.DailyAttendance.Count, ["MeetingAttendance"] = data.MeetingAttendance.Count,
            ["AttendanceTime"] = data.AttendanceTime.Count, ["AttendanceSettings"] = data.AttendanceSettings.Count,
            ["BackfillPreference"] = data.BackfillPreferences.Count, ["CourseRequest"] = data.CourseRequests.Count,
            ["ReportCardMark"] = data.ReportCardMarks.Count, ["SuccessPlan"] = data.SuccessPlans.Count,
        };
        foreach (var (table, count) in expected)
        {
            Assert.True(count > 0, $"the demo has no {table} rows");
            Assert.Equal(count, info.RowCounts[table]);
            Assert.Equal(count, result.RowCounts[table]);
        }
        Assert.Equal(300, result.Students);
        Assert.Equal(data.Schools.Count, result.Schools);
        Assert.Equal(expected.Values.Sum(), result.TotalRows);
        Assert.Equal(("Sierra Vista Unified School District", "America/Los_Angeles", "2025-26"), (info.DistrictName, info.TimeZone, info.CurrentSchoolYear));
        Assert.Equal("2025-26", result.SchoolYear);
        Assert.False(result.Replaced);
        Assert.Equal([path], Directory.GetFiles(_folder).Where(f => !f.EndsWith("-wal", StringComparison.Ordinal) && !f.EndsWith("-shm", StringComparison.Ordinal)));
    }

    [Fact]
    public void Reading_the_store_back_gives_the_generated_rows()
    {
        var path = PathOf("demo.db");
        var data = DemoDistrictGenerator.Generate(new DemoOptions { Students = 150, Seed = 4 });
        Create(path, 150, 4);
        var back = DistrictStore.Read(AttendanceStore.OpenSqlite(path, new StoreOpenOptions { CreateIfMissing = false }), CancellationToken.None);
        foreach (var p in typeof(DistrictData).GetProperties().Where(p => typeof(IList).IsAssignableFrom(p.PropertyType)))
        {
            static List<string> Rows(object list) => [.. ((IEnumerable)list).Cast<object>().Select(o => JsonSerializer.Serialize(o, o.GetType())).Order(StringComparer.Ordinal)];
            Assert.True(Rows(p.GetValue(data)!).SequenceEqual(Rows(p.GetValue(back)!)), $"{p.Name} does not read back as generated.");
        }
    }

    [Fact]
    public void An_existing_file_is_refused_without_replace()
    {
        var path = PathOf("taken.db");
        File.WriteAllText(path, "keep me");
        var ex = Assert.Throws<AttendanceException>(() => Create(path));
        Assert.Equal(("StoreAlreadyExists", FailureKind.AlreadyExists), (ex.ErrorId, ex.Kind));
        Assert.Equal(path, ex.Target);
        Assert.Equal("keep me", File.ReadAllText(path));
    }

    [Fact]
    public void A_missing_folder_is_refused()
    {
        var ex = Assert.Throws<AttendanceException>(() => Create(Path.Combine(_folder, "no-such-folder", "demo.db")));
        Assert.Equal("StoreNotFound", ex.ErrorId);
    }

    [Fact]
    public void Replace_swaps_in_the_new_store()
    {
        var path = PathOf("demo.db");
        Create(path, students: 100);
        var result = Create(path, students: 140, replace: true);
        Assert.True(result.Replaced);
        var info = StoreInfo.Read(AttendanceStore.OpenSqlite(path, new StoreOpenOptions { CreateIfMissing = false }));
        Assert.Equal(140, info.RowCounts["Student"]);
        Assert.DoesNotContain(Directory.GetFiles(_folder), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void A_cancelled_load_leaves_the_existing_store_as_it_was()
    {
        var path = PathOf("demo.db");
        Create(path, students: 100);
        AttendanceStore.ReleaseConnections();
        var before = File.ReadAllBytes(path);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Create(path, students: 120, replace: true, ct: cts.Token));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_folder).Where(f => !f.EndsWith("-wal", StringComparison.Ordinal) && !f.EndsWith("-shm", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_aggregation_engine_agrees_with_the_half_day_count_of_the_generated_rows()
    {
        // Aggregate the whole year (the clock is after the last day) and compare chronic absenteeism
        // with the independent count of HalfDayCounter over the same rows.
        using var temp = new TempStore(new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero));
        var data = DemoDistrictGenerator.Generate(new DemoOptions { Students = 200, Seed = 11 });
        DistrictStore.BulkLoad(temp.Store, data, NullObserver.Instance, CancellationToken.None);
        var request = new AggregationRequest { Selectors = [new CalendarSelector([], [], [2026])] };
        var plan = AggregationOperation.Plan(temp.Store, request, NullObserver.Instance, CancellationToken.None);
        Assert.Empty(plan.Failures);
        AggregationOperation.Apply(temp.Store, plan, null, NullObserver.Instance, CancellationToken.None);
        var engine = AggregationQueries.Chronic(temp.Store, new ChronicRequest()).ToDictionary(c => (c.Student, c.SchoolId));
        var ours = new HalfDayCounter(data).Tallies;
        Assert.Equal(ours.Count, engine.Count);
        foreach (var t in ours)
        {
            var e = engine[(t.Student, t.School)];
            Assert.Equal((t.EnrolledDays, (decimal)t.DaysAbsent, t.IsChronic), (e.EnrolledDays, e.DaysAbsent, e.IsChronic));
        }
        Assert.Contains(engine.Values, c => c.IsChronic);
        Assert.Contains(engine.Values, c => !c.IsChronic);
    }
}
