using System.Data.Common;
using System.Text.Json;

namespace AttendanceTools.Engine.Storage;

/// <summary>One applied run, as written to and read from the run log.</summary>
public sealed record RunInfo
{
    public long RunId { get; init; }
    public required string Operation { get; init; }
    public required string Scope { get; init; }
    public required string StartedBy { get; init; }
    public required string Host { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset FinishedAt { get; init; }
    public TimeSpan Duration => FinishedAt - StartedAt;
    public string Status { get; init; } = "Succeeded";
    public long Inserted { get; init; }
    public long Updated { get; init; }
    public long Deleted { get; init; }
    public long Unchanged { get; init; }
    /// <summary>"inserted/updated/deleted", as the run-log view shows it.</summary>
    public string Changes => string.Create(System.Globalization.CultureInfo.CurrentCulture, $"{Inserted:N0}/{Updated:N0}/{Deleted:N0}");
    /// <summary>
    /// Per-table or per-scope counts. Writers set any serialisable object (or JSON text); read back
    /// it is plain objects (dictionaries, lists, numbers, text), never a JSON string.
    /// </summary>
    public object? Details { get; init; }
    public IReadOnlyList<string> Warnings { get; init; } = [];
    public string? UndoRef { get; init; }
}

/// <summary>Reads and writes the run log. Run-log rows are bookkeeping: never part of a change set.</summary>
public static class RunLog
{
    public static string CurrentUser => $"{Environment.UserName}";
    public static string CurrentHost => $"{Environment.MachineName} (pid {Environment.ProcessId})";

    private static readonly string[] StartColumns =
        ["Operation", "Scope", "StartedBy", "Host", "StartedAt", "FinishedAt", "DurationMs", "Status", "Inserted", "Updated", "Deleted", "Unchanged"];

    /// <summary>Reserves a run id inside the apply transaction, so rows can carry it; finish with <see cref="Complete"/>.</summary>
    public static long Start(DbConnection connection, DbTransaction tx, string operation, string scope, DateTimeOffset startedAt)
    {
        // The identity comes back the dialect's way (RETURNING, SQL Server's OUTPUT INSERTED).
        using var cmd = connection.Command(Dialects.Of(connection).InsertReturningIdentity(Schema.Tables.RunLog, StartColumns), tx,
            ("Operation", operation), ("Scope", scope), ("StartedBy", CurrentUser), ("Host", CurrentHost), ("StartedAt", DbValue.Timestamp(startedAt)),
            ("FinishedAt", DbValue.Timestamp(startedAt)), ("DurationMs", 0L), ("Status", "Running"), ("Inserted", 0L), ("Updated", 0L), ("Deleted", 0L), ("Unchanged", 0L));
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static void Complete(DbConnection connection, DbTransaction tx, long runId, RunInfo info)
    {
        connection.Execute(
            "UPDATE RunLog SET FinishedAt = @fin, DurationMs = @ms, Status = @st, Inserted = @i, Updated = @u, Deleted = @d, Unchanged = @n, " +
            "Details = @det, Warnings = @w, UndoRef = @undo WHERE RunId = @id", tx,
            ("fin", DbValue.Timestamp(info.FinishedAt)), ("ms", (long)info.Duration.TotalMilliseconds), ("st", info.Status),
            ("i", info.Inserted), ("u", info.Updated), ("d", info.Deleted), ("n", info.Unchanged), ("det", RunDetails.ToJson(info.Details)),
            ("w", info.Warnings.Count == 0 ? null : JsonSerializer.Serialize(info.Warnings)), ("undo", info.UndoRef), ("id", runId));
    }

    public static long Write(DbConnection connection, DbTransaction tx, RunInfo info)
    {
        var id = Start(connection, tx, info.Operation, info.Scope, info.StartedAt);
        Complete(connection, tx, id, info);
        return id;
    }

    public static List<RunInfo> Read(DbConnection connection, string? operation = null, long? runId = null, DateTimeOffset? since = null, int? newest = null,
        DbTransaction? transaction = null)
    {
        var sql = "SELECT RunId, Operation, Scope, StartedBy, Host, StartedAt, FinishedAt, Status, Inserted, Updated, Deleted, Unchanged, Details, Warnings, UndoRef " +
                  "FROM RunLog WHERE Status <> 'Running'";
        var parameters = new List<(string, object?)>();
        if (operation is not null) { sql += " AND Operation = @op"; parameters.Add(("op", operation)); }
        if (runId is not null) { sql += " AND RunId = @id"; parameters.Add(("id", runId)); }
        if (since is not null) { sql += " AND StartedAt >= @since"; parameters.Add(("since", DbValue.Timestamp(since.Value))); }
        sql += " ORDER BY RunId DESC";
        var rows = connection.Query(sql, Map, transaction, [.. parameters]);
        return newest is { } n && rows.Count > n ? rows.GetRange(0, n) : rows;
    }

    internal const string Columns = "RunId, Operation, Scope, StartedBy, Host, StartedAt, FinishedAt, Status, Inserted, Updated, Deleted, Unchanged, Details, Warnings, UndoRef";

    internal static RunInfo Map(DbDataReader r) => new()
    {
        RunId = r.GetInt64(0), Operation = r.GetString(1), Scope = r.GetString(2), StartedBy = r.GetString(3), Host = r.GetString(4),
        StartedAt = DbValue.Timestamp(r.GetString(5)), FinishedAt = DbValue.Timestamp(r.GetString(6)), Status = r.GetString(7),
        Inserted = r.GetInt64(8), Updated = r.GetInt64(9), Deleted = r.GetInt64(10), Unchanged = r.GetInt64(11), Details = RunDetails.FromJson(r.NullableString(12)),
        Warnings = r.IsDBNull(13) ? [] : JsonSerializer.Deserialize<List<string>>(r.GetString(13)) ?? [], UndoRef = r.NullableString(14),
    };
}
