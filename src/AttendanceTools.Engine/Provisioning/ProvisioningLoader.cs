using System.Data.Common;
using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Provisioning;

/// <summary>A student of the feed as the export writes them: the student and their Active current year record's school and grade.</summary>
internal sealed record FeedMember(Student Student, string SchoolId, string Grade);

/// <summary>A current-year roster of a feed student, by position: <see cref="Member"/> in <see cref="FeedSource.Members"/>, <see cref="Section"/> in the sections read.</summary>
internal readonly record struct FeedRoster(int Member, int Section, DateOnly BeginDate, DateOnly? EndDate, bool HomeroomIndicator, string? SourcedId);

/// <summary>
/// What a provisioning run reads, from one read snapshot of the store: the feed's students, for an export
/// also what the package is written from (the district frame through the store's own table readers, the
/// students and their current rosters through narrow queries), the last export's snapshot and run, and the
/// maintenance lock.
/// </summary>
internal sealed class FeedSource
{
    public required int CurrentYear { get; init; }
    /// <summary>(student, school, grade) of every Active year record of the current year whose student is not deleted.</summary>
    public required List<(string StudentId, string SchoolId, string Grade)> Active { get; init; }
    /// <summary>The frame the package is built on: the current school year, every school and course, the current year's sections. Empty for a preview.</summary>
    public required DistrictData Data { get; init; }
    /// <summary>The students of <see cref="Active"/> in StudentUniqueId order (ordinal), with what users.csv says of them. Empty for a preview.</summary>
    public List<FeedMember> Members { get; init; } = [];
    /// <summary>Every current-year roster of a member, in store order. Empty for a preview.</summary>
    public List<FeedRoster> Rosters { get; init; } = [];
    public required List<FeedStudent> Snapshot { get; init; }
    public (long RunId, DateTimeOffset At)? LastExport { get; init; }
    public MaintenanceLockInfo? Lock { get; init; }
}

internal static class ProvisioningLoader
{
    public const string OperationName = "ProvisioningExport";

    private const int CancelCheckEvery = 4_096;

    /// <summary>The feed's students: every Active year record of the year <c>@y</c> whose student is not deleted (domain §9.3).</summary>
    private const string ActiveRecords =
        "FROM StudentYearRecord y JOIN Student p ON p.StudentRef = y.StudentRef JOIN School s ON s.SchoolRef = y.SchoolRef " +
        "WHERE y.SchoolYear = @y AND y.Status = @active AND p.IsDeleted = 0";

    /// <summary>Reads the feed's inputs; <paramref name="withClasses"/> adds what the package is written from (the preview needs none of it).</summary>
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
        List<FeedMember> members = [];
        List<FeedRoster> rosters = [];
        List<(string, string, string)> active;
        if (withClasses)
        {
            // The small tables through the store's table readers (the package's frame is written from their records);
            // only the current year's school year and sections.
            var refs = new DistrictRefs(ThrowingReferenceSink.Instance);
            var filters = new Dictionary<DistrictTable, string>
            {
                [DistrictTables.SchoolYears] = "SchoolYear = @y",
                [DistrictTables.Sections] = "SchoolYear = @y",
            };
            DistrictTable[] tables = [DistrictTables.SchoolYears, DistrictTables.Schools, DistrictTables.Courses, DistrictTables.Sections];
            // DistrictTables.All is ordered so that a table's references are read before it.
            foreach (var table in DistrictTables.All.Where(tables.Contains))
                DistrictStore.ReadTable(store, c, tx, table, refs, table.Rows(data), ct, filters.GetValueOrDefault(table), ("y", current));
            // The students and rosters, the bulk of a large district, through narrow queries into compact rows.
            members = Members(store, c, tx, current, refs, ct);
            rosters = Rosters(c, tx, current, members, SectionPositions(data, refs), refs, ct);
            active = [.. members.Select(m => (m.Student.StudentUniqueId, m.SchoolId, m.Grade))];
        }
        else active = Active(c, tx, current);
        return new FeedSource
        {
            CurrentYear = current, Active = active, Data = data, Members = members, Rosters = rosters, Snapshot = ReadSnapshot(c, tx),
            LastExport = LastExport(c, tx), Lock = MaintenanceLockCheck.Read(c, tx),
        };
    }

    /// <summary>One narrow query, so a preview of a large district reads only the three columns it needs.</summary>
    private static List<(string, string, string)> Active(DbConnection c, DbTransaction tx, int year)
        => c.Query("SELECT p.StudentUniqueId, s.SchoolId, y.GradeLevel " + ActiveRecords,
            r => (r.GetString(0), r.GetString(1), r.GetString(2)), tx, ("y", year), ("active", nameof(YearRecordStatus.Active)));

    /// <summary>
    /// The same students as <see cref="Active"/>, each read whole (the Student table's own reader, so users.csv says what
    /// Export-AttendanceData says), sorted by StudentUniqueId, ordinal, as the feed is.
    /// </summary>
    private static List<FeedMember> Members(AttendanceStore store, DbConnection c, DbTransaction tx, int year, DistrictRefs refs, CancellationToken ct)
    {
        var table = DistrictTables.Students;
        var columns = table.Def.Columns.Count;
        var sql = $"SELECT {string.Join(", ", table.Def.Columns.Select(x => "p." + store.Dialect.Quote(x.Name)))}, s.SchoolId, y.GradeLevel {ActiveRecords}";
        using var cmd = c.Command(sql, tx, ("y", year), ("active", nameof(YearRecordStatus.Active)));
        using var reader = cmd.OpenReader();
        var members = new List<FeedMember>();
        while (reader.Read())
        {
            if (members.Count % CancelCheckEvery == 0) ct.ThrowIfCancellationRequested();
            members.Add(new FeedMember((Student)table.Read(reader, refs), reader.GetString(columns), reader.GetString(columns + 1)));
        }
        members.Sort(static (a, b) => string.CompareOrdinal(a.Student.StudentUniqueId, b.Student.StudentUniqueId));
        return members;
    }

    /// <summary>Each section's surrogate → its position in <see cref="DistrictData.Sections"/>.</summary>
    private static Dictionary<int, int> SectionPositions(DistrictData data, DistrictRefs refs)
    {
        var positions = new Dictionary<int, int>(data.Sections.Count);
        for (var i = 0; i < data.Sections.Count; i++)
        {
            var s = data.Sections[i];
            if (refs.Sections.TryGet((s.SchoolId, s.SchoolYear, s.SectionIdentifier), out var id)) positions[id] = i;
        }
        return positions;
    }

    /// <summary>
    /// The current year's rosters of the members, as positions, in store order. Every current roster is read and the members'
    /// kept here: a filter on the feed's students made SQLite probe the rosters' key once per section and student.
    /// </summary>
    private static List<FeedRoster> Rosters(DbConnection c, DbTransaction tx, int year, List<FeedMember> members, Dictionary<int, int> sections,
        DistrictRefs refs, CancellationToken ct)
    {
        var member = new Dictionary<int, int>(members.Count);
        for (var i = 0; i < members.Count; i++)
        {
            var id = members[i].Student.StudentUniqueId;
            if (refs.Students.TryGet(id, out var studentRef)) member[studentRef] = i;
        }
        var rosters = new List<FeedRoster>();
        var n = 0;
        void Add(int sectionRef, int studentRef, int begin, int? end, bool homeroom, string? sourcedId)
        {
            if (++n % CancelCheckEvery == 0) ct.ThrowIfCancellationRequested();
            if (member.TryGetValue(studentRef, out var m))
                rosters.Add(new FeedRoster(m, sections[sectionRef], DbValue.Date(begin), end is { } e ? DbValue.Date(e) : null, homeroom, sourcedId));
        }
        const string Current = "FROM StudentSectionAssociation WHERE SectionRef IN (SELECT s.SectionRef FROM Section s WHERE s.SchoolYear = @y)";
        // On SQLite the integer columns are stepped through a compiled statement (a data reader costs several times SQLite's own
        // work per row) and the enrolment sourcedIds a package brought, where there are any, read beside them by key.
        using var fast = SqliteStatement.TryPrepare(c, "SELECT SectionRef, StudentRef, BeginDate, EndDate, HomeroomIndicator " + Current.Replace("@y", "?1", StringComparison.Ordinal));
        if (fast is not null)
        {
            var sourcedIds = c.Query("SELECT SectionRef, StudentRef, BeginDate, SourcedId " + Current + " AND SourcedId IS NOT NULL",
                r => (Key: (r.GetInt32(0), r.GetInt32(1), r.GetInt32(2)), Id: r.GetString(3)), tx, ("y", year)).ToDictionary(x => x.Key, x => x.Id);
            fast.Bind(1, year);
            while (fast.Read())
                Add(fast.Int(0), fast.Int(1), fast.Int(2), fast.IsNull(3) ? null : fast.Int(3), fast.Int(4) != 0,
                    sourcedIds.Count == 0 ? null : sourcedIds.GetValueOrDefault((fast.Int(0), fast.Int(1), fast.Int(2))));
            return rosters;
        }
        using var cmd = c.Command("SELECT SectionRef, StudentRef, BeginDate, EndDate, HomeroomIndicator, SourcedId " + Current, tx, ("y", year));
        using var reader = cmd.OpenReader();
        while (reader.Read())
            Add(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.NullableInt(3), reader.GetBool(4), reader.NullableString(5));
        return rosters;
    }

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
