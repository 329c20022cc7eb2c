using AttendanceTools.Engine.Backfill;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Tests.Support;

namespace AttendanceTools.Engine.Tests.Backfill;

/// <summary>A Redwood store and the calls the backfill tests make against it.</summary>
internal sealed class BackfillStoreFixture : IDisposable
{
    /// <summary>Friday 2026-01-16 at noon (after 11:00: the day itself is aggregated), example B4's date.</summary>
    public static readonly DateTime Friday = new(2026, 1, 16, 12, 0, 0);

    private readonly TempStore _t;

    public BackfillStoreFixture(RedwoodDistrict district, string provider = StoreProviders.Sqlite)
    {
        _t = new(new DateTimeOffset(2026, 1, 16, 12, 0, 0, TimeSpan.Zero), provider: provider);
        DistrictStore.BulkLoad(_t.Store, district.Data, NullObserver.Instance, default);
    }

    public AttendanceStore Store => _t.Store;
    public Microsoft.Extensions.Time.Testing.FakeTimeProvider Clock => _t.Clock;

    public void Dispose() => _t.Dispose();

    public BackfillPlan Plan(BackfillStep step = BackfillStep.Validate, DateTime? asOf = null, params string[] students)
        => BackfillOperation.Plan(Store, Request(step, asOf, students), NullObserver.Instance, default);

    public BackfillRunResult Run(BackfillStep step = BackfillStep.Validate, DateTime? asOf = null, params string[] students)
        => BackfillOperation.Apply(Store, Request(step, asOf, students), null, NullObserver.Instance, default);

    public static BackfillRequest Request(BackfillStep step, DateTime? asOf, string[] students)
        => new() { Step = step, Schools = [RedwoodDistrict.School], Students = students, AsOf = asOf ?? Friday };

    public long Sql(string sql) { using var c = Store.OpenConnection(); return c.ScalarLong(sql); }

    public void Exec(string sql) { using var c = Store.OpenConnection(); c.Execute(sql); }

    public const string Ref = "(SELECT StudentRef FROM Student WHERE StudentUniqueId = '{0}')";

    public static string StudentRef(string id) => string.Format(System.Globalization.CultureInfo.InvariantCulture, Ref, id);

    /// <summary>The stored moves as "student donor→recipient category minutes", sorted.</summary>
    public List<string> Moves()
    {
        using var c = Store.OpenConnection();
        return c.Query("SELECT s.StudentUniqueId, m.DonorWeek, m.RecipientWeek, m.Category, m.Minutes FROM BackfillMove m JOIN Student s ON s.StudentRef = m.StudentRef " +
                       "ORDER BY s.StudentUniqueId, m.DonorWeek, m.RecipientWeek, m.Category",
            r => $"{r.GetString(0)} {r.GetInt32(1)}→{r.GetInt32(2)} {r.GetString(3)} {r.GetInt32(4)}");
    }

    /// <summary>Every row of the tables a backfill run writes (the run log aside), for "nothing changed" checks.</summary>
    public string Checksum()
    {
        using var c = Store.OpenConnection();
        return string.Join("|", new[] { "BackfillMove", "BackfillStudentState", "DayAggregate" }.Select(t =>
            string.Join(";", c.Query($"SELECT * FROM {t} ORDER BY 1, 2, 3", r => string.Join(",", Enumerable.Range(0, r.FieldCount).Select(i => r.GetValue(i)))))));
    }
}
