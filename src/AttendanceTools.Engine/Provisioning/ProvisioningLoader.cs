using System.Data.Common;
using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Provisioning;

/// <summary>
/// What a provisioning run reads, from one read snapshot of the store: the district tables the feed
/// is built from (through the store's own table readers), the last export and the run log's last export.
/// </summary>
internal sealed class FeedSource
{
    public required int CurrentYear { get; init; }
    public required DistrictData Data { get; init; }
    public required List<FeedStudent> Snapshot { get; init; }
    public (long RunId, DateTimeOffset At)? LastExport { get; init; }
    public MaintenanceLockInfo? Lock { get; init; }
}

internal static class ProvisioningLoader
{
    public const string OperationName = "ProvisioningExport";

    /// <summary>Reads the feed's inputs; <paramref name="withClasses"/> adds courses, sections and rosters (the export needs them, the preview does not).</summary>
    public static FeedSource Load(AttendanceStore store, bool withClasses, CancellationToken ct)
    {
        using var c = store.OpenConnection();
        using var tx = DistrictStore.BeginSnapshot(c);
        var data = new DistrictData
        {
            DistrictName = StoreSettings.Get(c, StoreSettings.DistrictName, tx),
            TimeZone = StoreSettings.Get(c, StoreSettings.TimeZone, tx),
        };
        var refs = new DistrictRefs(ThrowingReferenceSink.Instance);
        DistrictTable[] tables = withClasses
            ? [DistrictTables.SchoolYears, DistrictTables.Schools, DistrictTables.Courses, DistrictTables.Sections, DistrictTables.Students, DistrictTables.YearRecords, DistrictTables.Rosters]
            : [DistrictTables.SchoolYears, DistrictTables.Schools, DistrictTables.Students, DistrictTables.YearRecords];
        // DistrictTables.All is ordered so that a table's references are read before it.
        foreach (var table in DistrictTables.All.Where(tables.Contains))
            DistrictStore.ReadTable(store, c, tx, table, refs, table.Rows(data), ct);
        var current = data.SchoolYears.Where(y => y.IsCurrent).Select(y => (int?)y.SchoolYear).FirstOrDefault()
            ?? throw new AttendanceException("SchoolYearNotFound", FailureKind.NotFound,
                $"No school year of the store '{store.Location}' is marked current, so the feed has no year to compute graduation years from.", store.Location,
                "Import the school years with one of them current (schoolYears.csv, IsCurrent = true).");
        return new FeedSource
        {
            CurrentYear = current, Data = data, Snapshot = ReadSnapshot(c, tx), LastExport = LastExport(c, tx), Lock = MaintenanceLockCheck.Read(c, tx),
        };
    }

    /// <summary>(student, school, grade) of every Active year record of the year whose student is not deleted.</summary>
    public static IEnumerable<(string StudentId, string SchoolId, string Grade)> Active(DistrictData data, int year)
    {
        var deleted = data.Students.Where(s => s.IsDeleted).Select(s => s.StudentUniqueId).ToHashSet(StringComparer.Ordinal);
        return data.YearRecords
            .Where(y => y.SchoolYear == year && y.Status == YearRecordStatus.Active && !deleted.Contains(y.StudentUniqueId))
            .Select(y => (y.StudentUniqueId, y.SchoolId, y.GradeLevel));
    }

    public static List<FeedStudent> ReadSnapshot(DbConnection c, DbTransaction? tx)
        => c.Query("SELECT StudentUniqueId, SchoolId, GradeLevel, GraduationYear FROM ProvisioningSnapshot",
            r => new FeedStudent(r.GetString(0), r.GetString(1), r.GetString(2), r.NullableInt(3)), tx);

    private static (long, DateTimeOffset)? LastExport(DbConnection c, DbTransaction? tx)
    {
        var rows = c.Query("SELECT RunId, FinishedAt FROM RunLog WHERE Operation = @op AND Status <> 'Running' ORDER BY RunId DESC LIMIT 1",
            r => (r.GetInt64(0), DbValue.Timestamp(r.GetString(1))), tx, ("op", OperationName));
        return rows.Count == 0 ? null : rows[0];
    }
}
