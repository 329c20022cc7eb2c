using System.Text.Json;
using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Rollover;

/// <summary>What Get-RolloverLog selects; empty lists and nulls select everything.</summary>
public sealed record RolloverLogFilter
{
    public IReadOnlyList<string> Types { get; init; } = [];
    public int? SchoolYear { get; init; }
    public int? RunNumber { get; init; }
    public IReadOnlyList<string> Students { get; init; } = [];
    public string? Severity { get; init; }
}

/// <summary>The rollover log and the backup list (domain §8.7), read-only.</summary>
public static class RolloverQueries
{
    public static List<RolloverLogEntry> Log(AttendanceStore store, RolloverLogFilter filter)
    {
        using var c = store.OpenConnection();
        var runs = RolloverRuns.Read(c, null)
            .Where(r => filter.Types.Count == 0 || filter.Types.Contains(r.Type, StringComparer.OrdinalIgnoreCase))
            .Where(r => filter.SchoolYear is null || r.SchoolYear == filter.SchoolYear)
            .Where(r => filter.RunNumber is null || r.RunNumber == filter.RunNumber)
            .ToList();
        var entries = new List<RolloverLogEntry>();
        foreach (var run in runs)
        {
            entries.AddRange(c.Query("SELECT Line, Severity, StudentUniqueId, Message FROM RolloverLog WHERE RunKey = @k ORDER BY Line", r =>
            {
                var message = r.GetString(3);
                RolloverRuns.LogMessage? parsed = null;
                if (message.StartsWith('{'))
                {
                    try { parsed = JsonSerializer.Deserialize<RolloverRuns.LogMessage>(message); } catch (JsonException) { }
                }
                return new RolloverLogEntry
                {
                    RunKey = run.RunKey, Type = run.Type, SchoolYear = SchoolYearText.Format(run.SchoolYear), RunNumber = run.RunNumber, Line = r.GetInt32(0),
                    Severity = r.GetString(1), StudentUniqueId = r.NullableString(2), Criterion = parsed?.Criterion, Action = parsed?.Action,
                    Message = parsed?.Text ?? message,
                };
            }, null, ("k", run.RunKey)));
        }
        return entries
            .Where(e => filter.Students.Count == 0 || (e.StudentUniqueId is { } s && filter.Students.Contains(s, StringComparer.OrdinalIgnoreCase)))
            .Where(e => filter.Severity is null || string.Equals(e.Severity, filter.Severity, StringComparison.OrdinalIgnoreCase))
            .ToList();
    }

    public static List<RolloverRunInfo> Runs(AttendanceStore store)
    {
        using var c = store.OpenConnection();
        return RolloverRuns.Read(c, null);
    }

    /// <summary>Store copies and rollover run backups, newest first.</summary>
    public static List<AttendanceBackupInfo> Backups(AttendanceStore store)
    {
        using var c = store.OpenConnection();
        var list = StoreBackupOperation.List(store, c);
        foreach (var run in RolloverRuns.Read(c, null).Where(r => r.BackupId is not null))
        {
            var tables = c.Query($"SELECT TableName, {Dialects.Of(c).Quote("RowCount")} FROM BackupLog WHERE RunKey = @k ORDER BY Line", r => (r.GetString(0), r.GetInt64(1)), null, ("k", run.RunKey));
            list.Add(new AttendanceBackupInfo
            {
                BackupId = run.BackupId!, Kind = "Rollover", SchoolYear = run.SchoolYear, CreatedAt = run.StartedAt, CreatedBy = run.StartedBy,
                RunType = run.Type, RunNumber = run.RunNumber, Tables = tables.Select(t => $"{t.Item1}: {t.Item2}").ToList(), Rows = tables.Sum(t => t.Item2),
                Reason = $"Before-images of {run.RunKey}", Restorable = run.State == "Applied",
            });
        }
        return list.OrderByDescending(b => b.CreatedAt).ThenByDescending(b => b.BackupId, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Removes a backup: a store copy's file and entry, or a rollover run's before-images (its journal
    /// and backup log), after which that run can no longer be restored (domain §8.7).
    /// </summary>
    public static void RemoveBackup(AttendanceStore store, AttendanceBackupInfo backup, string? lockToken)
    {
        if (backup.Kind == "Store")
        {
            StoreBackupOperation.Remove(store, backup, lockToken);
            return;
        }
        WriteProtocol.Apply(store, "RemoveBackup", lockToken, tx =>
        {
            var run = RolloverRuns.Read(tx.Connection, tx.Transaction, backup.RunType, backup.SchoolYear).First(r => r.RunNumber == backup.RunNumber);
            tx.Connection.Execute("DELETE FROM BackupLog WHERE RunKey = @k", tx.Transaction, ("k", run.RunKey));
            tx.Connection.Execute("DELETE FROM RunChange WHERE RunId = @id", tx.Transaction, ("id", run.RunId));
            tx.Connection.Execute("UPDATE RolloverRun SET BackupId = NULL WHERE RunType = @t AND SchoolYear = @y AND RunNumber = @n", tx.Transaction,
                ("t", run.Type), ("y", run.SchoolYear), ("n", run.RunNumber));
            return run.RunId;
        }, NullObserver.Instance, CancellationToken.None);
    }

}
