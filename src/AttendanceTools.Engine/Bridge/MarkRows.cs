using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Bridge;

internal readonly record struct DailyKey(int SchoolRef, DateOnly Date, int StudentRef);

internal readonly record struct MeetingKey(int SchoolRef, DateOnly Date, int StudentRef, int SectionRef, int PeriodRef);

internal sealed record DailyRow(int CodeRef, int? TimeIn, int? TimeOut, string Origin);

internal sealed record MeetingRow(int CodeRef, int? PresentMinutes, string Origin, string SectionIdentifier);

/// <summary>
/// Reads and writes single daily and meeting rows inside the batch's transaction, counting what it
/// changes and which student-days it touched. Plain SQL, so the change-tracking triggers log every
/// write for the next aggregation refresh. A write that changes nothing is not made.
/// </summary>
internal sealed class MarkRows(MarkContext ctx, long? runId)
{
    public AttendanceRecordWriter.Counts Counts { get; } = new();
    public HashSet<AttendanceTouch> Touched { get; } = [];

    private static (string, object?)[] Key(DailyKey k) => [("s", k.SchoolRef), ("d", DbValue.Date(k.Date)), ("st", k.StudentRef)];

    private static (string, object?)[] Key(MeetingKey k) =>
        [("s", k.SchoolRef), ("d", DbValue.Date(k.Date)), ("st", k.StudentRef), ("x", k.SectionRef), ("p", k.PeriodRef)];

    private const string DailyWhere = "SchoolRef = @s AND Date = @d AND StudentRef = @st";
    private const string MeetingWhere = "SchoolRef = @s AND Date = @d AND StudentRef = @st AND SectionRef = @x AND ClassPeriodRef = @p";

    public DailyRow? ReadDaily(DailyKey k) => ctx.Connection.Query($"SELECT CodeRef, TimeIn, TimeOut, Origin FROM DailyAttendance WHERE {DailyWhere}",
        r => new DailyRow(r.GetInt32(0), r.NullableInt(1), r.NullableInt(2), r.GetString(3)), ctx.Transaction, Key(k)).FirstOrDefault();

    public MeetingRow? ReadMeeting(MeetingKey k) => ctx.Connection.Query(
        $"SELECT m.CodeRef, m.PresentMinutes, m.Origin, x.SectionIdentifier FROM MeetingAttendance m JOIN Section x ON x.SectionRef = m.SectionRef WHERE m.{MeetingWhere.Replace(" AND ", " AND m.", StringComparison.Ordinal)}",
        r => new MeetingRow(r.GetInt32(0), r.NullableInt(1), r.GetString(2), r.GetString(3)), ctx.Transaction, Key(k)).FirstOrDefault();

    /// <summary>The student's meeting records in one period of a day, in every section.</summary>
    public List<(MeetingKey Key, MeetingRow Row)> MeetingInPeriod(int school, DateOnly date, int student, int period) => ctx.Connection.Query(
        "SELECT m.SectionRef, m.CodeRef, m.PresentMinutes, m.Origin, x.SectionIdentifier FROM MeetingAttendance m JOIN Section x ON x.SectionRef = m.SectionRef " +
        "WHERE m.SchoolRef = @s AND m.Date = @d AND m.StudentRef = @st AND m.ClassPeriodRef = @p ORDER BY x.SectionIdentifier",
        r => (new MeetingKey(school, date, student, r.GetInt32(0), period), new MeetingRow(r.GetInt32(1), r.NullableInt(2), r.GetString(3), r.GetString(4))),
        ctx.Transaction, ("s", school), ("d", DbValue.Date(date)), ("st", student), ("p", period));

    public string UpsertDaily(DailyKey k, int code, int? timeIn, int? timeOut, string origin)
    {
        var before = ReadDaily(k);
        if (before is not null && before == new DailyRow(code, timeIn, timeOut, origin)) return Unchanged();
        var values = Key(k).Concat([("c", code), ("i", timeIn), ("o", timeOut), ("origin", origin), ("r", runId)]).ToArray();
        if (before is null)
            ctx.Connection.Execute("INSERT INTO DailyAttendance (SchoolRef, Date, StudentRef, CodeRef, TimeIn, TimeOut, Origin, RunId) VALUES (@s, @d, @st, @c, @i, @o, @origin, @r)",
                ctx.Transaction, values);
        else
            ctx.Connection.Execute($"UPDATE DailyAttendance SET CodeRef = @c, TimeIn = @i, TimeOut = @o, Origin = @origin, RunId = @r WHERE {DailyWhere}", ctx.Transaction, values);
        return Wrote(k.SchoolRef, k.StudentRef, k.Date, before is null);
    }

    public string UpsertMeeting(MeetingKey k, int code, int? presentMinutes, string origin)
    {
        var before = ReadMeeting(k);
        if (before is not null && before.CodeRef == code && before.PresentMinutes == presentMinutes && before.Origin == origin) return Unchanged();
        var values = Key(k).Concat([("c", code), ("m", presentMinutes), ("origin", origin), ("r", runId)]).ToArray();
        if (before is null)
            ctx.Connection.Execute("INSERT INTO MeetingAttendance (SchoolRef, Date, StudentRef, SectionRef, ClassPeriodRef, CodeRef, PresentMinutes, Origin, RunId) " +
                                   "VALUES (@s, @d, @st, @x, @p, @c, @m, @origin, @r)", ctx.Transaction, values);
        else
            ctx.Connection.Execute($"UPDATE MeetingAttendance SET CodeRef = @c, PresentMinutes = @m, Origin = @origin, RunId = @r WHERE {MeetingWhere}", ctx.Transaction, values);
        return Wrote(k.SchoolRef, k.StudentRef, k.Date, before is null);
    }

    public string DeleteDaily(DailyKey k)
    {
        if (ctx.Connection.Execute($"DELETE FROM DailyAttendance WHERE {DailyWhere}", ctx.Transaction, Key(k)) == 0) throw Missing("daily", k.StudentRef, k.Date);
        return Deleted(k.SchoolRef, k.StudentRef, k.Date);
    }

    public string DeleteMeeting(MeetingKey k)
    {
        if (ctx.Connection.Execute($"DELETE FROM MeetingAttendance WHERE {MeetingWhere}", ctx.Transaction, Key(k)) == 0) throw Missing("meeting", k.StudentRef, k.Date);
        return Deleted(k.SchoolRef, k.StudentRef, k.Date);
    }

    private AttendanceException Missing(string kind, int student, DateOnly date)
    {
        var id = ctx.Connection.ScalarString("SELECT StudentUniqueId FROM Student WHERE StudentRef = @st", ctx.Transaction, ("st", student));
        return new AttendanceException("AttendanceRecordNotFound", FailureKind.NotFound,
            $"Student {id} has no {kind} record to remove on {AttendanceRecordWriter.Day(date)}{(kind == "meeting" ? " in that section and period" : "")}.",
            $"{id} {AttendanceRecordWriter.Day(date)}", "Get-AttendanceRecord -StudentId <id> -From <date> -To <date> shows the student's records.");
    }

    private string Unchanged()
    {
        Counts.Unchanged++;
        return "Unchanged";
    }

    private string Wrote(int school, int student, DateOnly date, bool inserted)
    {
        if (inserted) Counts.Inserted++;
        else Counts.Updated++;
        Touched.Add(new AttendanceTouch(school, student, date));
        return inserted ? "Created" : "Updated";
    }

    private string Deleted(int school, int student, DateOnly date)
    {
        Counts.Deleted++;
        Touched.Add(new AttendanceTouch(school, student, date));
        return "Deleted";
    }
}
