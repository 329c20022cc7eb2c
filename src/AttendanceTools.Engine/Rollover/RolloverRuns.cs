using System.Data.Common;
using System.Text.Json;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Rollover;

/// <summary>Reads and writes the RolloverRun bookkeeping rows.</summary>
internal static class RolloverRuns
{
    public static List<RolloverRunInfo> Read(DbConnection c, DbTransaction? tx, string? type = null, int? year = null)
    {
        var sql = "SELECT RunType, SchoolYear, RunNumber, State, StartedAt, StartedBy, Counts, BackupId FROM RolloverRun WHERE 1 = 1";
        var ps = new List<(string, object?)>();
        if (type is not null) { sql += " AND RunType = @t"; ps.Add(("t", type)); }
        if (year is not null) { sql += " AND SchoolYear = @y"; ps.Add(("y", year)); }
        return c.Query(sql + " ORDER BY StartedAt, RunType, RunNumber", r => new RolloverRunInfo
        {
            Type = r.GetString(0), SchoolYear = r.GetInt32(1), RunNumber = r.GetInt32(2), State = r.GetString(3),
            StartedAt = DbValue.Timestamp(r.GetString(4)), StartedBy = r.GetString(5),
            RunId = r.IsDBNull(6) ? 0 : JsonDocument.Parse(r.GetString(6)).RootElement.TryGetProperty("RunId", out var id) ? id.GetInt64() : 0,
            BackupId = r.NullableString(7),
        }, tx, [.. ps]);
    }

    public static int NextNumber(DbConnection c, DbTransaction? tx, RolloverType type, int year)
        => (int)c.ScalarLong("SELECT COALESCE(MAX(RunNumber), 0) + 1 FROM RolloverRun WHERE RunType = @t AND SchoolYear = @y", tx,
            ("t", type.ToString()), ("y", year));

    public static void Insert(DbConnection c, DbTransaction tx, RolloverType type, int year, int number, DateTimeOffset started, DateTimeOffset finished,
        long runId, RolloverResult result)
        => c.Execute("INSERT INTO RolloverRun (RunType, SchoolYear, RunNumber, Mode, State, StartedAt, FinishedAt, StartedBy, Counts, BackupId) " +
                     "VALUES (@t, @y, @n, 'Rollover', 'Applied', @s, @f, @by, @counts, @b)", tx,
            ("t", type.ToString()), ("y", year), ("n", number), ("s", DbValue.Timestamp(started)), ("f", DbValue.Timestamp(finished)),
            ("by", RunLog.CurrentUser), ("counts", JsonSerializer.Serialize(new { RunId = runId, result.Processed, result.Promoted, result.Retained,
                result.Graduated, result.Inactivated, result.Deleted, result.PreRegisteredActivated, result.Unmatched, result.EnrollmentsClosed,
                result.EnrollmentsOpened, result.Warnings, result.Tables })),
            ("b", RolloverRunInfo.Key(type.ToString(), year, number)));

    public static void WriteLog(DbConnection c, DbTransaction tx, string runKey, IEnumerable<(string Severity, string? Student, int? Criterion, string? Action, string Text)> lines)
    {
        var start = (int)c.ScalarLong("SELECT COALESCE(MAX(Line), 0) FROM RolloverLog WHERE RunKey = @k", tx, ("k", runKey));
        using var cmd = c.Command("INSERT INTO RolloverLog (RunKey, Line, Severity, StudentUniqueId, Message) VALUES (@k, @l, @s, @st, @m)", tx,
            ("k", runKey), ("l", 0), ("s", ""), ("st", null), ("m", ""));
        cmd.PrepareForReuse();
        foreach (var (severity, student, criterion, action, text) in lines)
        {
            cmd.Parameters[1].Value = ++start;
            cmd.Parameters[2].Value = severity;
            cmd.Parameters[3].Value = (object?)student ?? DBNull.Value;
            // Criterion and action ride in the message as JSON: the log table predates them.
            cmd.Parameters[4].Value = JsonSerializer.Serialize(new LogMessage(criterion, action, text));
            cmd.ExecuteNonQuery();
        }
    }

    internal sealed record LogMessage(int? Criterion, string? Action, string Text);
}
