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

/// <summary>A restore as planned (read-only): what <see cref="RolloverRestore.Apply"/> writes, exactly, or refuses.</summary>
public sealed class RolloverRestorePlan
{
    /// <summary>What the restore would do (a preview: <see cref="RolloverRestoreResult.IsPreview"/>).</summary>
    public required RolloverRestoreResult Result { get; init; }
    internal RolloverType Type { get; init; }
    internal int? Year { get; init; }
    internal int? RunNumber { get; init; }
    internal bool Force { get; init; }
    internal string? LockToken { get; init; }
    internal StoreStamp Stamp { get; init; }
    internal List<RolloverRunInfo> Runs { get; init; } = [];
    internal UndoPlan Undo { get; init; } = null!;
    internal List<RolloverRestore.IdentityStep> Identity { get; init; } = [];
    internal int Rows { get; init; }

    /// <summary>The counts a person confirmed ("runs 2, 1: 5 rows put back, 0 overwritten").</summary>
    internal string CountsText => $"runs {string.Join(", ", Result.RunNumbers)}: {Rows} rows put back, {Result.Overwritten.Count} overwritten";
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

    /// <summary>Plans and, unless <paramref name="preview"/>, writes at once (a runbook step, a test).</summary>
    public static RolloverRestoreResult Run(AttendanceStore store, RolloverType type, int? year, int? runNumber, bool force, bool preview,
        string? lockToken, IOperationObserver observer, CancellationToken ct)
    {
        var plan = Plan(store, type, year, runNumber, force, lockToken);
        return preview ? plan.Result : Apply(store, plan, observer, ct);
    }

    /// <summary>What the restore would put back (read-only); refuses, writing nothing, on conflicts unless forced.</summary>
    public static RolloverRestorePlan Plan(AttendanceStore store, RolloverType type, int? year, int? runNumber, bool force, string? lockToken)
    {
        using var c = store.OpenConnection();
        var stamp = StoreStamp.Read(c);
        MaintenanceLockOperation.Require(c, null, lockToken, $"Restoring the {type} rollover");
        var all = RolloverRuns.Read(c, null);
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
        var undo = UndoOperation.Plan(c, null, runs.Select(r => r.RunId).ToList(), policy);
        var identity = PlanIdentity(c, null, runs);
        var conflicts = undo.Conflicts.Select(x => x.ToString()).Concat(identity.Where(i => i.Conflict).Select(i => i.Describe())).ToList();
        if (conflicts.Count > 0 && !force)
            throw new AttendanceException("RestoreConflicts", FailureKind.InvalidOperation,
                $"Restoring {string.Join(", ", runs.Select(r => r.RunKey))} would overwrite {conflicts.Count} rows changed since: {string.Join("; ", conflicts.Take(10))}{(conflicts.Count > 10 ? $"; and {conflicts.Count - 10} more" : "")}. Nothing was written.",
                conflicts, "Check the listed rows; to restore anyway and overwrite them, run again with -Force.");
        var rows = undo.Rows + identity.Count(i => !UndoPlan.SameImage(i.Current, i.Image.Before));
        var result = new RolloverRestoreResult
        {
            Type = type.ToString(), SchoolYear = SchoolYearText.Format(y), RunNumbers = runs.Select(r => r.RunNumber).ToList(), Restored = rows - conflicts.Count,
            Overwritten = conflicts, IsPreview = true,
        };
        return new RolloverRestorePlan
        {
            Type = type, Year = year, RunNumber = runNumber, Force = force, LockToken = lockToken, Result = result, Stamp = stamp, Runs = runs, Undo = undo,
            Identity = identity, Rows = rows,
        };
    }

    /// <summary>
    /// Writes <paramref name="plan"/> through the engine's <see cref="WriteProtocol"/>: the store's writer lease, and a
    /// check that the store has not changed since the plan. A plan the person confirmed never silently changes: planned
    /// again, it is written only with the same counts, else the run is refused (<c>StoreChangedSincePlan</c>).
    /// </summary>
    public static RolloverRestoreResult Apply(AttendanceStore store, RolloverRestorePlan plan, IOperationObserver observer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return WriteProtocol.Apply(store, new WriteSteps<RolloverRestorePlan>
        {
            Operation = OperationName, StampOf = p => p.Stamp, CountsOf = p => p.CountsText, LockToken = plan.LockToken,
            Replan = _ => Plan(store, plan.Type, plan.Year, plan.RunNumber, plan.Force, plan.LockToken),
        }, plan, (tx, p) => Write(store, tx, p, observer, ct), observer, ct);
    }

    private static RolloverRestoreResult Write(AttendanceStore store, WriteTransaction tx, RolloverRestorePlan plan, IOperationObserver observer, CancellationToken ct)
    {
        var (c, t) = (tx.Connection, tx.Transaction);
        var clock = Stopwatch.StartNew();
        var (result, runs) = (plan.Result, plan.Runs);
        var started = store.Clock.GetUtcNow();
        var scope = $"{plan.Type} {result.SchoolYear} runs {string.Join(", ", result.RunNumbers)}";
        var runId = RunLog.Start(c, t, OperationName, scope, started);
        UndoOperation.Reverse(c, t, plan.Undo, plan.Force ? UndoConflictPolicy.Overwrite : UndoConflictPolicy.Refuse, null, ct);
        using (var writer = new RowChangeWriter(c, t, runId))
            foreach (var i in plan.Identity.Where(i => !UndoPlan.SameImage(i.Current, i.Image.Before)))
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
            Operation = OperationName, Scope = scope, StartedBy = RunLog.CurrentUser,
            Host = RunLog.CurrentHost, StartedAt = started, FinishedAt = store.Clock.GetUtcNow(), Updated = plan.Rows,
            Details = JsonSerializer.Serialize(new { Runs = runs.Select(r => r.RunKey), Restored = result.Restored, Overwritten = result.Overwritten.Count }),
            Warnings = result.Overwritten,
        });
        observer.Verbose(string.Create(CultureInfo.InvariantCulture, $"Restored {string.Join(", ", runs.Select(r => r.RunKey))}: {plan.Rows} rows put back in {clock.Elapsed.TotalSeconds:0.0} s."));
        return result with { RunId = runId, IsPreview = false };
    }

    internal sealed record IdentityStep(TableDef Table, IdentityImage Image, RowImage? Current, bool Conflict)
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
    private static List<IdentityStep> PlanIdentity(DbConnection c, DbTransaction? t, List<RolloverRunInfo> runsNewestFirst)
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
