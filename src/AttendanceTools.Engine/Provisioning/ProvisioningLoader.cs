using System.Data.Common;
using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Provisioning;

/// <summary>
/// What a provisioning run reads, from one read snapshot of the store: the feed's students, the
/// district tables the package is built from (through the store's own table readers), the last
/// export's snapshot and run, and the maintenance lock.
/// </summary>
internal sealed class FeedSource
{
    public required int CurrentYear { get; init; }
    /// <summary>(student, school, grade) of every Active year record of the current year whose student is not deleted.</summary>
    public required List<(string StudentId, string SchoolId, string Grade)> Active { get; init; }
    /// <summary>The district tables the package is built from; empty for a preview.</summary>
    public required DistrictData Data { get; init; }
    public required List<FeedStudent> Snapshot { get; init; }
    public (long RunId, DateTimeOffset At)? LastExport { get; init; }
    public MaintenanceLockInfo? Lock { get; init; }
}

internal static class ProvisioningLoader
{
    public const string OperationName = "ProvisioningExport";

    /// <summary>Reads the feed's inputs; <paramref name="withClasses"/> adds the tables the package is written from (the preview needs none of them).</summary>
    public static FeedSource Load(AttendanceStore store, bool withClasses, CancellationToken ct)
    {
        using var c = store.OpenConnection();
        using var tx = DistrictStore.BeginSnapshot(c);
        var current = (int)c.ScalarLong("SELECT COALESCE(MAX(SchoolYear), 0) FROM SchoolYear WHERE IsCurrent = 1", tx);
        if (current == 0)
            throw new AttendanceException("SchoolYearNotFound", FailureKind.NotFound,
                $"No school year of the store '{store.Location}' is marked current, so the feed has no year to compute graduation years from.", store.Location,
                "Import the school years with one of them current (schoolYears.csv, IsCurrent = true).");
        var data = new DistrictData
        {
            DistrictName = StoreSettings.Get(c, StoreSettings.DistrictName, tx),
            TimeZone = StoreSettings.Get(c, StoreSettings.TimeZone, tx),
        };
        if (withClasses)
        {
            // Only the current year's sections, year records and rosters (FeedPackage picks the same rows from
            // them as from whole tables). Every student is read: a roster names its student by ref, and a
            // filter on the feed's students made SQLite probe the rosters' key once per section and student.
            var refs = new DistrictRefs(ThrowingReferenceSink.Instance);
            var filters = new Dictionary<DistrictTable, string>
            {
                [DistrictTables.Sections] = "SchoolYear = @y",
                [DistrictTables.YearRecords] = "SchoolYear = @y",
                [DistrictTables.Rosters] = "SectionRef IN (SELECT s.SectionRef FROM Section s WHERE s.SchoolYear = @y)",
            };
            DistrictTable[] tables =
                [DistrictTables.SchoolYears, DistrictTables.Schools, DistrictTables.Courses, DistrictTables.Sections, DistrictTables.Students, DistrictTables.YearRecords, DistrictTables.Rosters];
            // DistrictTables.All is ordered so that a table's references are read before it.
            foreach (var table in DistrictTables.All.Where(tables.Contains))
                DistrictStore.ReadTable(store, c, tx, table, refs, table.Rows(data), ct, filters.GetValueOrDefault(table),
                    ("y", current));
        }
        return new FeedSource
        {
            CurrentYear = current, Active = Active(c, tx, current), Data = data, Snapshot = ReadSnapshot(c, tx), LastExport = LastExport(c, tx),
            Lock = MaintenanceLockCheck.Read(c, tx),
        };
    }

    /// <summary>One narrow query, so a preview of a large district reads only the three columns it needs.</summary>
    private static List<(string, string, string)> Active(DbConnection c, DbTransaction tx, int year)
        => c.Query("SELECT p.StudentUniqueId, s.SchoolId, y.GradeLevel FROM StudentYearRecord y JOIN Student p ON p.StudentRef = y.StudentRef " +
                   "JOIN School s ON s.SchoolRef = y.SchoolRef WHERE y.SchoolYear = @y AND y.Status = @active AND p.IsDeleted = 0",
            r => (r.GetString(0), r.GetString(1), r.GetString(2)), tx, ("y", year), ("active", nameof(YearRecordStatus.Active)));

    public static List<FeedStudent> ReadSnapshot(DbConnection c, DbTransaction? tx)
        => c.Query("SELECT StudentUniqueId, SchoolId, GradeLevel, GraduationYear FROM ProvisioningSnapshot",
            r => new FeedStudent(r.GetString(0), r.GetString(1), r.GetString(2), r.NullableInt(3)), tx);

    private static (long, DateTimeOffset)? LastExport(DbConnection c, DbTransaction? tx)
    {
        var rows = c.Query("SELECT RunId, FinishedAt FROM RunLog WHERE RunId = (SELECT MAX(RunId) FROM RunLog WHERE Operation = @op AND Status <> 'Running')",
            r => (r.GetInt64(0), DbValue.Timestamp(r.GetString(1))), tx, ("op", OperationName));
        return rows.Count == 0 ? null : rows[0];
    }
}
