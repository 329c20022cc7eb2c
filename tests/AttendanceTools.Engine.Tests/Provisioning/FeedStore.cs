using System.Security.Cryptography;
using AttendanceTools.Engine.Provisioning;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Tests.Support;

namespace AttendanceTools.Engine.Tests.Provisioning;

/// <summary>
/// A store for provisioning tests: the schools of domain §8.8 (101 Oak Elementary, 201 Pine Middle,
/// 301 Cedar High), school years 2026 (current) and 2027, and helpers to add students, roll up and export.
/// </summary>
internal sealed class FeedStore : IDisposable
{
    private readonly TempStore _temp;
    private int _nextRef = 1;

    /// <param name="seed">Adds the schools and school years (else the store is empty).</param>
    /// <param name="provider">The store: SQLite, or a server database for the conformance tests (<see cref="StoreProviders"/>).</param>
    public FeedStore(bool seed = true, string provider = StoreProviders.Sqlite)
    {
        _temp = new TempStore(new DateTimeOffset(2026, 8, 25, 14, 0, 0, TimeSpan.Zero), provider: provider);
        if (!seed) return;
        Execute("""
            INSERT INTO SchoolYear (SchoolYear, Description, BeginDate, EndDate, IsCurrent) VALUES
              (2026, '2025-2026', 20250701, 20260630, 1), (2027, '2026-2027', 20260701, 20270630, 0);
            INSERT INTO School (SchoolRef, SchoolId, SourcedId, Name, IsDistrictOffice) VALUES
              (1, '101', NULL, 'Oak Elementary', 0), (2, '201', NULL, 'Pine Middle', 0), (3, '301', NULL, 'Cedar High', 0);
            """);
    }

    public AttendanceStore Store => _temp.Store;
    public string Folder => _temp.Folder;
    public Microsoft.Extensions.Time.Testing.FakeTimeProvider Clock => _temp.Clock;
    public string FeedPath => Path.Combine(_temp.Folder, "feed");

    public void Execute(string sql, params (string, object?)[] parameters)
    {
        if (_batch is { } b)
        {
            b.Connection.Execute(sql, b.Transaction, parameters);
            return;
        }
        using var c = Store.OpenConnection();
        c.Execute(sql, null, parameters);
    }

    private WriteTransaction? _batch;

    /// <summary>Runs <paramref name="seed"/>'s statements in one transaction (one commit instead of hundreds).</summary>
    public void Batch(Action seed)
    {
        using (_batch = WriteTransaction.Begin(Store))
        {
            seed();
            _batch.Commit();
        }
        _batch = null;
    }

    public long Scalar(string sql)
    {
        using var c = Store.OpenConnection();
        return c.ScalarLong(sql);
    }

    /// <summary>Adds a student with a year record; returns the student's ref.</summary>
    public int Student(string id, int year, string school, string grade, string status = "Active", bool promote = true)
    {
        var r = _nextRef++;
        Execute("INSERT INTO Student (StudentRef, StudentUniqueId, LocalId, FirstName, LastSurname, BirthDate, ClassOfSchoolYear, IsDeleted) " +
                "VALUES (@r, @id, @local, @id, 'Test', 20150301, NULL, 0)", ("r", r), ("id", id), ("local", $"L{r}"));
        YearRecord(id, year, school, grade, status, promote);
        return r;
    }

    public void YearRecord(string id, int year, string school, string grade, string status = "Active", bool promote = true)
        => Execute("INSERT INTO StudentYearRecord (StudentRef, SchoolYear, SchoolRef, GradeLevel, Status, Promote) " +
                   "SELECT p.StudentRef, @y, s.SchoolRef, @g, @st, @pr FROM Student p, School s WHERE p.StudentUniqueId = @id AND s.SchoolId = @school",
            ("id", id), ("y", year), ("school", school), ("g", grade), ("st", status), ("pr", promote ? 1 : 0));

    public void MakeCurrent(int year) => Execute("UPDATE SchoolYear SET IsCurrent = CASE WHEN SchoolYear = @y THEN 1 ELSE 0 END", ("y", year));

    public void Lock(bool disableScheduledTasks, string token = "lock-token")
        => Execute("INSERT INTO MaintenanceLock (Id, LockedBy, LockedAt, Reason, DisableScheduledTasks, Token) VALUES (1, 'registrar', @at, 'Year-end rollover', @d, @t)",
            ("at", DbValue.Timestamp(new DateTimeOffset(2026, 6, 20, 8, 0, 0, TimeSpan.Zero))), ("d", disableScheduledTasks ? 1 : 0), ("t", token));

    public ProvisioningPlan Plan(int year, ProvisioningLimits? limits = null, bool scheduled = false, string? token = null, IOperationObserver? observer = null)
        => ProvisioningOperation.Plan(Store, new ProvisioningRequest
        {
            Path = FeedPath, SchoolYear = year, Limits = limits ?? new ProvisioningLimits(), Scheduled = scheduled, LockToken = token,
        }, observer ?? NullObserver.Instance, CancellationToken.None);

    public ProvisioningExportResult Export(int year, ProvisioningLimits? limits = null, bool scheduled = false, string? token = null)
        => ProvisioningOperation.Apply(Store, Plan(year, limits, scheduled, token), NullObserver.Instance, CancellationToken.None);

    public AttendanceException Refused(int year, ProvisioningLimits? limits = null)
        => Assert.Throws<AttendanceException>(() => Export(year, limits));

    public ProvisioningPreview Preview(int? year = null, ProvisioningLimits? limits = null)
        => ProvisioningOperation.Preview(Store, new ProvisioningRequest { SchoolYear = year, Limits = limits ?? new ProvisioningLimits() },
            NullObserver.Instance, CancellationToken.None);

    public List<FeedStudent> Snapshot()
    {
        using var c = Store.OpenConnection();
        return [.. ProvisioningLoader.ReadSnapshot(c, null).OrderBy(s => s.StudentUniqueId, StringComparer.Ordinal)];
    }

    /// <summary>Every file under the feed folder with a hash of its bytes, plus the snapshot and run log: what a refused export must leave alone.</summary>
    public string State()
    {
        var files = Directory.Exists(FeedPath)
            ? Directory.EnumerateFiles(FeedPath).Order(StringComparer.Ordinal)
                .Select(f => $"{Path.GetFileName(f)}:{Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))}")
            : [];
        var snapshot = Snapshot().Select(s => s.ToString());
        return string.Join("|", files.Concat(snapshot).Append($"runs={Scalar("SELECT COUNT(*) FROM RunLog")}"));
    }

    /// <summary>Folders in the store's folder other than the feed itself: staging or previous folders left behind.</summary>
    public IEnumerable<string> Leftovers() => Directory.EnumerateDirectories(Folder).Select(Path.GetFileName).OfType<string>().Where(n => n != "feed");

    public void Dispose() => _temp.Dispose();
}
