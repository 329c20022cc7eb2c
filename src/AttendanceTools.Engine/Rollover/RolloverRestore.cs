using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Storage.Schema;
using AttendanceTools.Engine.Undo;

namespace AttendanceTools.Engine.Rollover;

/// <summary>What Restore-Rollover did (or, as a preview, would do).</summary>
public sealed record RolloverRestoreResult
{
    public required string Type { get; init; }
    public required string SchoolYear { get; init; }
    /// <summary>The runs restored, newest first.</summary>
    public required IReadOnlyList<int> RunNumbers { get; init; }
    /// <summary>Rows put back to their before-images.</summary>
    public int Restored { get; init; }
    /// <summary>Rows changed since the runs that -Force overwrote, as "Table key: expected …, found …".</summary>
    public IReadOnlyList<string> Overwritten { get; init; } = [];
    public long? RunId { get; init; }
    public bool IsPreview { get; init; }
}

/// <summary>
/// Restore of rollover runs (domain §8.7): runs n … k of one type, newest first, from their
/// before-images — the shared run journal through <see cref="UndoOperation"/>, plus the images of
/// rows with store-generated keys the run kept in its backup log. Conflicts refuse unless forced.
/// </summary>
public static class RolloverRestore
{
    public const string OperationName = "RolloverRestore";

    private static readonly Dictionary<string, TableDef> IdentityTables = new[] { Tables.Student, Tables.Section }.ToDictionary(t => t.Name, StringComparer.Ordinal);

    public static RolloverRestoreResult Run(AttendanceStore store, RolloverType type, int? year, int? runNumber, bool force, bool preview,
        string? lockToken, IOperationObserver observer, CancellationToken ct)
    {
        using var lease = preview ? null : Lease.Acquire(store, RolloverOperation.OperationName, observer, ct);
        using var tx = WriteTransaction.Begin(store, lockToken);
        var (c, t) = (tx.Connection, tx.Transaction);
        var clock = Stopwatch.StartNew();
        MaintenanceLockOperation.Require(c, t, lockToken, $"Restoring the {type} rollover");
        var all = RolloverRuns.Read(c, t);
        var applied = all.Where(r => r.Type == type.ToString() && r.State == "Applied" && (year is null || r.SchoolYear == year)).ToList();
        var y = year ?? (applied.Count > 0 ? applied[^1].SchoolYear : 0);
        applied = applied.Where(r => r.SchoolYear == y).ToList();
        var first = runNumber is { } n ? applied.FirstOrDefault(r => r.RunNumber == n) : applied.MinBy(r => r.RunNumber);
        if (first is null)
            throw new AttendanceException("RolloverNothingToRestore", FailureKind.InvalidOperation,
                runNumber is { } m
                    ? $"There is no applied {type} run {m}{(year is null ? "" : " of " + SchoolYearText.Format(y))} to restore (Get-AttendanceBackup -Kind Rollover lists the runs)."
                    : $"No {type} rollover run{(year is null ? "" : " of " + SchoolYearText.Format(y))} is applied; there is nothing to restore.",
                type.ToString());
        var runs = applied.Where(r => r.RunNumber >= first.RunNumber).OrderByDescending(r => r.RunNumber).ToList();
        var dependent = all.Where(r => r.State == "Applied" && r.SchoolYear == y && Enum.TryParse<RolloverType>(r.Type, out var rt) && rt > type && r.StartedAt >= first.StartedAt).ToList();
        if (dependent.Count > 0)
            throw new AttendanceException("RolloverDependentRuns", FailureKind.InvalidOperation,
                $"The {type} run {first.RunNumber} of {SchoolYearText.Format(y)} cannot be restored while {string.Join(", ", dependent.Select(d => $"the {d.Type} run {d.RunNumber}"))} applied after it depends on it.",
                dependent[0].RunKey, $"Restore that run first: Restore-Rollover -Type {dependent[^1].Type} -RunNumber {dependent.Where(d => d.Type == dependent[^1].Type).Min(d => d.RunNumber)}.");
        var lost = runs.Where(r => r.BackupId is null).ToList();
        if (lost.Count > 0)
            throw new AttendanceException("RolloverNothingToRestore", FailureKind.InvalidOperation,
                $"The backup of {string.Join(", ", lost.Select(r => r.RunKey))} was removed, so it can no longer be restored.", lost[0].RunKey);

        var policy = force ? UndoConflictPolicy.Overwrite : UndoConflictPolicy.Refuse;
        var plan = UndoOperation.Plan(c, t, runs.Select(r => r.RunId).ToList(), policy);
        var identity = PlanIdentity(c, t, runs);
        var conflicts = plan.Conflicts.Select(x => x.ToString()).Concat(identity.Where(i => i.Conflict).Select(i => i.Describe())).ToList();
        if (conflicts.Count > 0 && !force)
            throw new AttendanceException("RestoreConflicts", FailureKind.InvalidOperation,
                $"Restoring {string.Join(", ", runs.Select(r => r.RunKey))} would overwrite {conflicts.Count} rows changed since: {string.Join("; ", conflicts.Take(10))}{(conflicts.Count > 10 ? $"; and {conflicts.Count - 10} more" : "")}. Nothing was written.",
                conflicts, "Check the listed rows; to restore anyway and overwrite them, run again with -Force.");
        var rows = plan.Rows + identity.Count(i => !UndoPlan.SameImage(i.Current, i.Image.Before));
        var result = new RolloverRestoreResult
        {
            Type = type.ToString(), SchoolYear = SchoolYearText.Format(y), RunNumbers = runs.Select(r => r.RunNumber).ToList(), Restored = rows - conflicts.Count,
            Overwritten = conflicts, IsPreview = preview,
        };
        if (preview) return result;

        var started = store.Clock.GetUtcNow();
        var runId = RunLog.Start(c, t, OperationName, $"{type} {SchoolYearText.Format(y)} runs {string.Join(", ", result.RunNumbers)}", started);
        UndoOperation.Reverse(c, t, plan, policy, null, ct);
        using (var writer = new RowChangeWriter(c, t, runId))
            foreach (var i in identity.Where(i => !UndoPlan.SameImage(i.Current, i.Image.Before)))
                writer.Apply(i.Table, i.Current, i.Image.Before);
        foreach (var run in runs)
        {
            c.Execute("UPDATE RolloverRun SET State = 'Restored', Mode = 'Restore' WHERE RunType = @t AND SchoolYear = @y AND RunNumber = @n", t,
                ("t", run.Type), ("y", run.SchoolYear), ("n", run.RunNumber));
            RolloverRuns.WriteLog(c, t, run.RunKey, [("Info", null, null, "Restored",
                $"Restored by {RunLog.CurrentUser} at {started:yyyy-MM-dd HH:mm} UTC (restore of runs {string.Join(", ", result.RunNumbers)}).")]);
        }
        RunLog.Complete(c, t, runId, new RunInfo
        {
            Operation = OperationName, Scope = $"{type} {SchoolYearText.Format(y)} runs {string.Join(", ", result.RunNumbers)}", StartedBy = RunLog.CurrentUser,
            Host = RunLog.CurrentHost, StartedAt = started, FinishedAt = store.Clock.GetUtcNow(), Updated = rows,
            Details = JsonSerializer.Serialize(new { Runs = runs.Select(r => r.RunKey), Restored = result.Restored, Overwritten = conflicts.Count }),
            Warnings = conflicts,
        });
        tx.Commit();
        observer.Verbose(string.Create(CultureInfo.InvariantCulture, $"Restored {string.Join(", ", runs.Select(r => r.RunKey))}: {rows} rows put back in {clock.Elapsed.TotalSeconds:0.0} s."));
        return result with { RunId = runId };
    }

    private sealed record IdentityStep(TableDef Table, IdentityImage Image, RowImage? Current, bool Conflict)
    {
        public string Describe()
        {
            var image = (Image.After ?? Image.Before)!;
            var key = string.Join(", ", Table.PrimaryKey.Select(k => $"{k}={image[k]}"));
            string Show(RowImage? r) => r is null ? "(absent)" : string.Join(", ", r.Where(kv => !Table.PrimaryKey.Contains(kv.Key)).Select(kv => $"{kv.Key}={kv.Value}"));
            return $"{Table.Name} {key}: expected {Show(Image.After)}, found {Show(Current)}";
        }
    }

    /// <summary>The Student/Section images kept in the runs' backup logs, newest change first, checked like the journal's rows.</summary>
    private static List<IdentityStep> PlanIdentity(DbConnection c, DbTransaction t, List<RolloverRunInfo> runsNewestFirst)
    {
        var kept = new List<(TableDef Table, IdentityImage Image)>();
        foreach (var run in runsNewestFirst)
            foreach (var (tableName, data) in c.Query("SELECT TableName, Data FROM BackupLog WHERE RunKey = @k AND Data IS NOT NULL ORDER BY Line DESC",
                         r => (r.GetString(0), r.GetString(1)), t, ("k", run.RunKey)))
            {
                var images = IdentityImage.Deserialize(data);
                for (var i = images.Count - 1; i >= 0; i--) kept.Add((IdentityTables[tableName], images[i]));
            }
        // The current rows per table in key ranges, not one query per kept image.
        var stored = kept.GroupBy(k => k.Table).ToDictionary(g => g.Key.Name,
            g => CurrentRows.Read(c, t, g.Key, g.Select(k => (IReadOnlyDictionary<string, object?>)(k.Image.After ?? k.Image.Before)!)), StringComparer.Ordinal);
        var steps = new List<IdentityStep>();
        var overlay = new Dictionary<string, RowImage?>(StringComparer.Ordinal);
        foreach (var (table, image) in kept)
        {
            var keyText = CurrentRows.KeyText(table, (image.After ?? image.Before)!);
            var key = table.Name + "|" + keyText;
            var current = overlay.TryGetValue(key, out var o) ? o : stored[table.Name].GetValueOrDefault(keyText);
            var conflict = !UndoPlan.SameImage(current, image.After) && !UndoPlan.SameImage(current, image.Before);
            steps.Add(new IdentityStep(table, image, current, conflict));
            overlay[key] = image.Before;
        }
        return steps;
    }
}
