using System.Data.Common;

namespace AttendanceTools.Engine.Storage;

/// <summary>
/// Where the store stood when a plan read it: the newest run-log entry (every run of the module,
/// whatever the operation, writes one in its apply transaction) and the newest change-log entry
/// (written by triggers for any writer of attendance inputs, a district ETL job included). A plan
/// is stale exactly when the stamp read inside the apply transaction differs from its own.
/// </summary>
public readonly record struct StoreStamp(long LastRunId, long LastChangeSeq)
{
    /// <summary>Reads the stamp; inside a write transaction the answer cannot move until the commit.</summary>
    public static StoreStamp Read(DbConnection connection, DbTransaction? transaction = null)
        => new(connection.ScalarLong("SELECT COALESCE(MAX(RunId), 0) FROM RunLog", transaction),
            connection.ScalarLong("SELECT COALESCE(MAX(Seq), 0) FROM ChangeLog", transaction));

    public static StoreStamp Read(AttendanceStore store)
    {
        using var c = store.OpenConnection();
        return Read(c);
    }

    /// <summary>
    /// What happened since <paramref name="since"/>, for a person: the runs that finished ("Import run 12
    /// by ann on HOST") and whether attendance inputs were changed outside the module's runs.
    /// </summary>
    public static string DescribeChanges(DbConnection connection, DbTransaction? transaction, StoreStamp since, StoreStamp now)
    {
        var runs = connection.Query("SELECT RunId, Operation, StartedBy, Host FROM RunLog WHERE RunId > @r AND Status <> 'Running' ORDER BY RunId",
            r => $"{r.GetString(1)} run {r.GetInt64(0)} by {r.GetString(2)} on {r.GetString(3)}", transaction, ("r", since.LastRunId));
        var parts = new List<string>();
        if (runs.Count > 0) parts.Add(string.Join(", ", runs.Take(3)) + (runs.Count > 3 ? $" and {runs.Count - 3} more" : ""));
        if (now.LastChangeSeq != since.LastChangeSeq && runs.Count == 0) parts.Add("attendance inputs were changed outside AttendanceTools");
        return parts.Count == 0 ? "the store changed" : string.Join("; ", parts);
    }

    public override string ToString() => $"run {LastRunId}, change {LastChangeSeq}";
}
