using AttendanceTools.Engine.Backfill;
using AttendanceTools.Engine.Demo;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Tests.Backfill;

/// <summary>The §5.4 invariants, property-style, over every continuation student of a generated demo district.</summary>
public sealed class BackfillDemoTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("attendancetools-backfill-").FullName;

    public void Dispose()
    {
        AttendanceStore.ReleaseConnections();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    [Theory]
    [InlineData(1, "2025-12-19 12:00")]
    [InlineData(7, "2026-03-20 12:00")]
    public void Invariants_hold_for_every_CE_student_and_a_second_validation_writes_nothing(int seed, string asOf)
    {
        var path = Path.Combine(_folder, $"demo{seed}.db");
        DemoStore.Apply(DemoStore.Plan(new DemoStoreRequest { Path = path, Options = new DemoOptions { Students = 600, Seed = seed } }, NullObserver.Instance, default),
            NullObserver.Instance, default);
        var store = AttendanceStore.OpenSqlite(path);
        var at = DateTime.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture);
        var request = new BackfillRequest { AsOf = at };
        var first = BackfillOperation.Apply(store, request, null, NullObserver.Instance, default);
        Assert.True(first.Students.Count >= 12, "the demo district has at least 12 continuation students");
        Assert.True(first.Students.Sum(s => s.MovesInserted) > 0);

        var report = BackfillReport.Weeks(store, new BackfillReportRequest { AsOf = at }, e => throw e);
        var moves = BackfillReport.Moves(store, new BackfillReportRequest { AsOf = at }, e => throw e);
        var start = BackfillCore.Monday(DateOnly.FromDateTime(Assert.Single(BackfillPreferences.Find(store, [], null, e => throw e)).BackfillStartDate!.Value));
        foreach (var student in report.GroupBy(w => w.Student))
        {
            var weeks = student.ToDictionary(w => w.Week);
            Assert.Equal(student.Sum(w => w.MovedInMinutes), student.Sum(w => w.MovedOutMinutes));
            Assert.All(student, w =>
            {
                Assert.True(w.ClaimableMinutes <= w.TargetMinutes);
                if (w.MovedOutMinutes > 0) Assert.True(w.PostTotalMinutes >= w.TargetMinutes, $"{w}: a donor week fell below its target");
                if (w.MovedInMinutes > 0) Assert.True(w.PostTotalMinutes <= w.TargetMinutes, $"{w}: a recipient week got more than its target");
                Assert.True(w.WorkExperienceOverCapMinutes >= 0 && w.BaselineWorkExperienceMinutes <= 60 * w.Days);
                Assert.Equal(w.PostTotalMinutes, w.PostClassMinutes + w.PostIndependentStudyMinutes + w.PostWorkExperienceMinutes);
            });
            foreach (var m in moves.Where(m => m.Student == student.Key))
            {
                Assert.True(m.DonorWeek > m.RecipientWeek, $"{m}: moves go to earlier weeks only");
                Assert.True(DateOnly.FromDateTime(m.RecipientWeek) >= start, $"{m}: never before the start date's week");
                Assert.True(weeks.ContainsKey(m.DonorWeek) && weeks.ContainsKey(m.RecipientWeek), $"{m}: both weeks have membership days");
            }
            var result = first.Students.Single(s => s.Student == student.Key);
            Assert.Equal(result.ClaimableMinutes, student.Sum(w => w.ClaimableMinutes));
            Assert.True(result.ClaimableMinutes >= result.ClaimableMinutesBefore);
        }

        var second = BackfillOperation.Apply(store, request, null, NullObserver.Instance, default);
        Assert.All(second.Students, s => Assert.Equal("Unchanged", s.Reason));
        Assert.Equal(0, second.Aggregation.Sum(a => a.Inserted + a.Updated + a.Deleted));
    }
}
