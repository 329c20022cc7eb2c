using AttendanceTools.Engine.Model;
using System.Data.Common;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Queries;

/// <summary>
/// Reads daily and meeting attendance (Get-AttendanceRecord). A store can hold millions of
/// records, so the result streams: each kind is one reader in clustered-key order (school,
/// date, student), <c>All</c> merges the two readers, and the connection closes when the
/// enumeration ends or is abandoned.
/// </summary>
public static class AttendanceRecordQuery
{
    private sealed record CodeRow(string Code, string PresenceStatus, string Excuse);

    /// <summary>
    /// The records the filter selects. Reported to <paramref name="notFound"/> before the first
    /// record: literal students, schools and codes that name nothing in the store. A range with
    /// From after To throws <c>DateRangeInvalid</c> at once.
    /// </summary>
    public static IEnumerable<AttendanceRecordInfo> Find(AttendanceStore store, AttendanceRecordFilter filter, Action<AttendanceException>? notFound = null)
    {
        Lookups.CheckRange(filter.From, filter.To);
        return Read(store, filter, notFound);
    }

    private static IEnumerable<AttendanceRecordInfo> Read(AttendanceStore store, AttendanceRecordFilter filter, Action<AttendanceException>? notFound)
    {
        using var c = store.OpenConnection();
        var schools = Lookups.Schools(c);
        var schoolRefs = Lookups.ResolveSchools(filter.Schools, schools, notFound);
        var studentRefs = ResolveStudents(c, filter.StudentIds, notFound);
        var codes = c.Query("SELECT CodeRef, Code, PresenceStatus, Excuse FROM AttendanceCode",
            r => (Ref: r.GetInt32(0), Row: new CodeRow(r.GetString(1),
                // Shown as the module writes it, whatever case an ETL job stored (issue #8 item 14).
                StoredEnumText.Parse<PresenceStatus>(r.GetString(2), "AttendanceCode.PresenceStatus").ToString(),
                StoredEnumText.Parse<Excuse>(r.GetString(3), "AttendanceCode.Excuse").ToString())));
        HashSet<int>? codeRefs = null;
        if (filter.Codes.Count > 0)
        {
            foreach (var code in filter.Codes.Where(NameMatch.IsLiteral))
                if (!codes.Any(x => NameMatch.Matches(code, x.Row.Code))) notFound?.Invoke(NotFound.Code(code));
            codeRefs = codes.Where(x => NameMatch.Any(filter.Codes, x.Row.Code)).Select(x => x.Ref).ToHashSet();
        }
        if (schoolRefs is { Count: 0 } || studentRefs is { Count: 0 } || codeRefs is { Count: 0 }) yield break;

        var context = new ReadContext(schools.ToDictionary(s => s.SchoolRef), codes.ToDictionary(x => x.Ref, x => x.Row));
        var where = new List<string>();
        var parameters = new List<(string, object?)>();
        if (schoolRefs is not null) { where.Add(Lookups.InSet(c, "X.SchoolRef", "schools")); parameters.Add(("schools", Lookups.Json(schoolRefs))); }
        if (studentRefs is not null) { where.Add(Lookups.InSet(c, "X.StudentRef", "students")); parameters.Add(("students", Lookups.Json(studentRefs))); }
        if (codeRefs is not null) { where.Add(Lookups.InSet(c, "X.CodeRef", "codes")); parameters.Add(("codes", Lookups.Json(codeRefs))); }
        if (filter.From is { } from) { where.Add("X.Date >= @from"); parameters.Add(("from", DbValue.Date(from))); }
        if (filter.To is { } to) { where.Add("X.Date <= @to"); parameters.Add(("to", DbValue.Date(to))); }
        var condition = where.Count == 0 ? "" : " WHERE " + string.Join(" AND ", where);

        var records = filter.Kind switch
        {
            AttendanceRecordKind.Daily => Daily(c, condition, parameters, context),
            AttendanceRecordKind.Meeting => Meeting(c, condition, parameters, context),
            _ => Merge(Daily(c, condition, parameters, context), Meeting(c, condition, parameters, context)),
        };
        foreach (var record in records) yield return record;
    }

    private sealed record ReadContext(Dictionary<int, SchoolRow> Schools, Dictionary<int, CodeRow> Codes);

    // Both readers select the shared columns first (0-8), then their own from 9 on.
    private const string Shared = "SELECT X.SchoolRef, X.Date, X.StudentRef, p.StudentUniqueId, p.LastSurname, p.FirstName, X.CodeRef, X.Origin, X.RunId";

    private static IEnumerable<AttendanceRecordInfo> Daily(DbConnection c, string condition, List<(string, object?)> parameters, ReadContext ctx)
        => Read(c, "Daily",
            Shared + ", X.TimeIn, X.TimeOut FROM DailyAttendance X JOIN Student p ON p.StudentRef = X.StudentRef" + condition +
            " ORDER BY X.SchoolRef, X.Date, X.StudentRef",
            parameters, ctx, (r, x) => x with { TimeIn = Time(r.NullableInt(9)), TimeOut = Time(r.NullableInt(10)) });

    private static IEnumerable<AttendanceRecordInfo> Meeting(DbConnection c, string condition, List<(string, object?)> parameters, ReadContext ctx)
        => Read(c, "Meeting",
            Shared + ", x2.SectionIdentifier, cp.ClassPeriodName, X.PresentMinutes FROM MeetingAttendance X JOIN Student p ON p.StudentRef = X.StudentRef " +
            "JOIN Section x2 ON x2.SectionRef = X.SectionRef JOIN ClassPeriod cp ON cp.ClassPeriodRef = X.ClassPeriodRef" + condition +
            " ORDER BY X.SchoolRef, X.Date, X.StudentRef, X.SectionRef, X.ClassPeriodRef",
            parameters, ctx, (r, x) => x with { Section = r.GetString(9), Period = r.GetString(10), PresentMinutes = r.NullableInt(11) });

    private static IEnumerable<AttendanceRecordInfo> Read(DbConnection c, string kind, string sql, List<(string, object?)> parameters, ReadContext ctx,
        Func<DbDataReader, AttendanceRecordInfo, AttendanceRecordInfo> own)
    {
        using var cmd = c.Command(sql, null, [.. parameters]);
        using var r = cmd.OpenReader();
        while (r.Read())
        {
            var school = ctx.Schools[r.GetInt32(0)];
            var code = ctx.Codes[r.GetInt32(6)];
            yield return own(r, new AttendanceRecordInfo
            {
                Kind = kind, SchoolRef = school.SchoolRef, School = school.Name, SchoolId = school.SchoolId,
                DateValue = r.GetInt32(1), Date = r.GetDate(1).ToDateTime(TimeOnly.MinValue), StudentRef = r.GetInt32(2), Student = r.GetString(3), StudentName = $"{r.GetString(4)}, {r.GetString(5)}",
                Code = code.Code, PresenceStatus = code.PresenceStatus, Excuse = code.Excuse, Origin = r.GetString(7), RunId = r.NullableLong(8),
            });
        }
    }

    /// <summary>Merges two streams ordered by (school, date, student); on a tie the daily record comes first.</summary>
    private static IEnumerable<AttendanceRecordInfo> Merge(IEnumerable<AttendanceRecordInfo> daily, IEnumerable<AttendanceRecordInfo> meeting)
    {
        using var d = daily.GetEnumerator();
        using var m = meeting.GetEnumerator();
        var hasD = d.MoveNext();
        var hasM = m.MoveNext();
        while (hasD || hasM)
        {
            if (hasD && (!hasM || Compare(d.Current, m.Current) <= 0))
            {
                yield return d.Current;
                hasD = d.MoveNext();
            }
            else
            {
                yield return m.Current;
                hasM = m.MoveNext();
            }
        }
    }

    private static int Compare(AttendanceRecordInfo a, AttendanceRecordInfo b)
    {
        var x = a.SchoolRef.CompareTo(b.SchoolRef);
        if (x == 0) x = a.DateValue.CompareTo(b.DateValue);
        return x != 0 ? x : a.StudentRef.CompareTo(b.StudentRef);
    }

    private static TimeSpan? Time(int? minutes) => minutes is >= 0 and < 24 * 60 ? TimeSpan.FromMinutes(minutes.Value) : null;

    /// <summary>Student refs for the patterns (null = no filter); literal ids that name no student are reported.</summary>
    private static HashSet<int>? ResolveStudents(DbConnection c, IReadOnlyList<string> patterns, Action<AttendanceException>? notFound)
    {
        if (patterns.Count == 0) return null;
        List<(int Ref, string Id)> rows = patterns.All(NameMatch.IsLiteral)
            ? c.Query("SELECT StudentRef, StudentUniqueId FROM Student WHERE " + Lookups.InSet(c, "StudentUniqueId", "ids", ignoreCase: true),
                r => (r.GetInt32(0), r.GetString(1)), null, ("ids", System.Text.Json.JsonSerializer.Serialize(patterns)))
            : c.Query("SELECT StudentRef, StudentUniqueId FROM Student", r => (r.GetInt32(0), r.GetString(1)));
        var refs = rows.Where(s => NameMatch.Any(patterns, s.Id)).Select(s => s.Ref).ToHashSet();
        foreach (var p in patterns.Where(NameMatch.IsLiteral))
            if (!rows.Any(s => NameMatch.Matches(p, s.Id))) notFound?.Invoke(NotFound.Student(p, ""));
        return refs;
    }
}
