using System.Globalization;
using AttendanceTools.Engine.Model;

namespace AttendanceTools.Engine.Storage;

/// <summary>Natural key ↔ integer surrogate for one identity table (School, Calendar, Section, …).</summary>
internal sealed class RefMap<TKey> where TKey : notnull
{
    private readonly Dictionary<TKey, int> _byKey = [];
    private readonly Dictionary<int, TKey> _byRef = [];

    /// <summary>The id the next inserted row gets (ids are assigned by us, not by the store).</summary>
    public int NextRef { get; set; } = 1;

    public int Count => _byKey.Count;

    public int Add(TKey key, int id)
    {
        _byKey[key] = id;
        _byRef[id] = key;
        if (id >= NextRef) NextRef = id + 1;
        return id;
    }

    public int AddNext(TKey key) => Add(key, NextRef);

    public bool TryGet(TKey key, out int id) => _byKey.TryGetValue(key, out id);

    public bool Contains(TKey key) => _byKey.ContainsKey(key);

    public TKey KeyOf(int id) => _byRef.TryGetValue(id, out var key)
        ? key
        : throw new AttendanceException("StoreInconsistent", FailureKind.InvalidData,
            $"The store refers to row {id} of a table that does not hold it.", id);

    public void Remove(TKey key)
    {
        if (_byKey.Remove(key, out var id)) _byRef.Remove(id);
    }
}

/// <summary>Receives references that do not resolve. The bulk loader throws; the import validator collects.</summary>
internal interface IReferenceSink
{
    void Missing(DistrictRefs.RowContext row, string column, string value, string reference);
}

/// <summary>
/// Resolves the natural-key references of district rows to surrogates (and back, when reading).
/// Lookups that fail go to the sink with the row being processed, so one code path both loads the
/// store and validates an import.
/// </summary>
internal sealed class DistrictRefs
{
    /// <summary>The row being bound: its table, its index in the table's list, and the row itself.</summary>
    public readonly record struct RowContext(DistrictTable Table, int Index, object Row)
    {
        public string Entity => Table.Name;
        /// <summary>The natural key as text; computed only when a message needs it.</summary>
        public string Key => Table.Describe(Row);
    }

    private readonly IReferenceSink _sink;
    private readonly List<(DateOnly Begin, DateOnly End, int Year)> _yearSpans = [];
    private readonly HashSet<int> _years = [];

    public DistrictRefs(IReferenceSink sink) => _sink = sink;

    public RefMap<string> Schools { get; } = new();
    public RefMap<(string School, int Year, string Code)> Calendars { get; } = new();
    public RefMap<(string School, string Name)> ClassPeriods { get; } = new();
    public RefMap<(string School, string Name)> BellSchedules { get; } = new();
    public RefMap<(string School, string Code)> Courses { get; } = new();
    public RefMap<(string School, int Year, string Id)> Sections { get; } = new();
    public RefMap<string> Students { get; } = new();
    public RefMap<(string School, string Name)> Programs { get; } = new();
    public RefMap<(string School, int Year, string Code)> Codes { get; } = new();

    /// <summary>The row whose references are being resolved (set by the caller before binding it).</summary>
    public RowContext Row { get; set; }

    /// <summary>Written into RunId columns of attendance rows.</summary>
    public long? RunId { get; set; }

    /// <summary>The surrogate the next inserted row of an identity table gets.</summary>
    public int NextId(DistrictTable table) => table.Name switch
    {
        "School" => Schools.NextRef,
        "Calendar" => Calendars.NextRef,
        "ClassPeriod" => ClassPeriods.NextRef,
        "BellSchedule" => BellSchedules.NextRef,
        "Course" => Courses.NextRef,
        "Section" => Sections.NextRef,
        "Student" => Students.NextRef,
        "Program" => Programs.NextRef,
        "AttendanceCode" => Codes.NextRef,
        _ => throw new InvalidOperationException($"{table.Name} has no identity column."),
    };

    /// <summary>The surrogate of an identity row with natural key <paramref name="key"/> (as <see cref="DistrictTable.KeyOf"/> gives it).</summary>
    public bool TryIdOf(DistrictTable table, object key, out int id) => table.Name switch
    {
        "School" => Schools.TryGet((string)key, out id),
        "Calendar" => Calendars.TryGet(((string, int, string))key, out id),
        "ClassPeriod" => ClassPeriods.TryGet(((string, string))key, out id),
        "BellSchedule" => BellSchedules.TryGet(((string, string))key, out id),
        "Course" => Courses.TryGet(((string, string))key, out id),
        "Section" => Sections.TryGet(((string, int, string))key, out id),
        "Student" => Students.TryGet((string)key, out id),
        "Program" => Programs.TryGet(((string, string))key, out id),
        "AttendanceCode" => Codes.TryGet(((string, int, string))key, out id),
        _ => throw new InvalidOperationException($"{table.Name} has no identity column."),
    };

    /// <summary>Makes the next id of an identity table at least <paramref name="next"/> (ids of deleted rows are not reused).</summary>
    public void ReserveIds(DistrictTable table, int next)
    {
        switch (table.Name)
        {
            case "School": Schools.NextRef = Math.Max(Schools.NextRef, next); break;
            case "Calendar": Calendars.NextRef = Math.Max(Calendars.NextRef, next); break;
            case "ClassPeriod": ClassPeriods.NextRef = Math.Max(ClassPeriods.NextRef, next); break;
            case "BellSchedule": BellSchedules.NextRef = Math.Max(BellSchedules.NextRef, next); break;
            case "Course": Courses.NextRef = Math.Max(Courses.NextRef, next); break;
            case "Section": Sections.NextRef = Math.Max(Sections.NextRef, next); break;
            case "Student": Students.NextRef = Math.Max(Students.NextRef, next); break;
            case "Program": Programs.NextRef = Math.Max(Programs.NextRef, next); break;
            case "AttendanceCode": Codes.NextRef = Math.Max(Codes.NextRef, next); break;
            default: throw new InvalidOperationException($"{table.Name} has no identity column.");
        }
    }

    public void AddYear(SchoolYearRow y)
    {
        _years.Add(y.SchoolYear);
        _yearSpans.Add((y.BeginDate, y.EndDate, y.SchoolYear));
    }

    public void RemoveYear(int year)
    {
        _years.Remove(year);
        _yearSpans.RemoveAll(s => s.Year == year);
    }

    public bool HasYear(int year) => _years.Contains(year);

    /// <summary>Domain §2.2: the year whose BeginDate ≤ date ≤ EndDate.</summary>
    public int? YearOf(DateOnly date)
    {
        foreach (var (begin, end, year) in _yearSpans)
            if (begin <= date && date <= end) return year;
        return null;
    }

    public void Year(int year, string column = "SchoolYear")
    {
        if (!_years.Contains(year)) Missing(column, year.ToString(CultureInfo.InvariantCulture), $"school year {year}");
    }

    public int School(string schoolId, string column = "SchoolId")
        => Schools.TryGet(schoolId, out var id) ? id : Missing(column, schoolId, $"school '{schoolId}'");

    public int Calendar(string school, int year, string code, string column = "CalendarCode")
        => Calendars.TryGet((school, year, code), out var id) ? id : Missing(column, code, $"calendar '{code}' of school '{school}' in {year}");

    public int ClassPeriod(string school, string name, string column = "ClassPeriodName")
        => ClassPeriods.TryGet((school, name), out var id) ? id : Missing(column, name, $"class period '{name}' of school '{school}'");

    public int BellSchedule(string school, string name, string column = "BellScheduleName")
        => BellSchedules.TryGet((school, name), out var id) ? id : Missing(column, name, $"bell schedule '{name}' of school '{school}'");

    public object OptionalBellSchedule(string school, string? name)
        => name is null ? DBNull.Value : BellSchedule(school, name);

    public void Course(string school, string code, string column = "LocalCourseCode")
    {
        if (!Courses.Contains((school, code))) Missing(column, code, $"course '{code}' of school '{school}'");
    }

    public int Section(string school, int year, string sectionId, string column = "SectionIdentifier")
        => Sections.TryGet((school, year, sectionId), out var id) ? id : Missing(column, sectionId, $"section '{sectionId}' of school '{school}' in {year}");

    public int Student(string studentUniqueId, string column = "StudentUniqueId")
        => Students.TryGet(studentUniqueId, out var id) ? id : Missing(column, studentUniqueId, $"student '{studentUniqueId}'");

    public int Program(string school, string name, string column = "ProgramName")
        => Programs.TryGet((school, name), out var id) ? id : Missing(column, name, $"program '{name}' of school '{school}'");

    public int Code(string school, int year, string code, string column = "Code")
        => Codes.TryGet((school, year, code), out var id) ? id : Missing(column, code, $"attendance code '{code}' of school '{school}' in {year}");

    /// <summary>A daily record's code belongs to the school year that contains its date.</summary>
    public int CodeOn(string school, DateOnly date, string code, string column = "Code")
        => YearOf(date) is { } year
            ? Code(school, year, code, column)
            : Missing("Date", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), $"a school year containing {date:yyyy-MM-dd}");

    /// <summary>Every class period a section lists must exist at its school.</summary>
    public void PeriodList(string school, IReadOnlyList<string> names, string column = "ClassPeriodNames")
    {
        foreach (var name in names) ClassPeriod(school, name, column);
    }

    private int Missing(string column, string value, string reference)
    {
        _sink.Missing(Row, column, value, reference);
        return 0;
    }
}

/// <summary>The bulk loader's sink: the first unresolved reference refuses the whole load.</summary>
internal sealed class ThrowingReferenceSink : IReferenceSink
{
    public static readonly ThrowingReferenceSink Instance = new();

    public void Missing(DistrictRefs.RowContext row, string column, string value, string reference)
        => throw new AttendanceException("ImportBrokenReference", FailureKind.InvalidData,
            $"{row.Entity} {row.Key} refers in {column} to {reference}, which does not exist. Nothing was written.", row.Row);
}
