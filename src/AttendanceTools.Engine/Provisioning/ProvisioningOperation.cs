using System.Diagnostics;
using System.Text.Json;
using AttendanceTools.Engine.Import;
using AttendanceTools.Engine.Messages;
using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Storage.Schema;

namespace AttendanceTools.Engine.Provisioning;

/// <summary>What to preview or export.</summary>
public sealed record ProvisioningRequest
{
    /// <summary>The school year the caller expects to be current (end year); the export's first guard compares it with the store's.</summary>
    public int? SchoolYear { get; init; }
    public ProvisioningLimits Limits { get; init; } = new();
    /// <summary>The feed folder (export only).</summary>
    public string? Path { get; init; }
    /// <summary>A scheduled run: skipped, successfully, while a maintenance lock disables scheduled tasks (§4.5).</summary>
    public bool Scheduled { get; init; }
    public string? LockToken { get; init; }
    public TimeSpan? LeaseWait { get; init; }
}

/// <summary>An export as planned (read-only): the preview with its guards and the files the export would write.</summary>
public sealed class ProvisioningPlan
{
    internal ProvisioningPlan(ProvisioningRequest request, ProvisioningPreview? preview, FeedSource? source, List<FeedStudent> feed, List<PackageFile> files,
        MaintenanceLockInfo? skippedFor)
    {
        Request = request;
        PreviewOrNull = preview;
        Source = source;
        Feed = feed;
        PackageFiles = files;
        SkippedFor = skippedFor;
    }

    public ProvisioningRequest Request { get; }
    internal ProvisioningPreview? PreviewOrNull { get; }
    internal FeedSource? Source { get; }
    internal List<FeedStudent> Feed { get; }
    internal List<PackageFile> PackageFiles { get; }
    internal MaintenanceLockInfo? SkippedFor { get; }
    /// <summary>Where the store stood when the plan read it: the apply refuses a plan whose counts changed since.</summary>
    internal StoreStamp Stamp { get; init; }

    public bool SkippedForMaintenance => SkippedFor is not null;
    public ProvisioningPreview Preview => PreviewOrNull ?? throw new InvalidOperationException("A skipped run has no preview.");
    public string Path => Request.Path!;
    public IReadOnlyList<ExportFileInfo> Files => [.. PackageFiles.Select(f => new ExportFileInfo(f.Name, f.RowCount))];
    /// <summary>The first failing guard's error, or null when the export may proceed.</summary>
    public AttendanceException? Refusal => PreviewOrNull is { } p ? ProvisioningCore.Refusal(p) : null;

    public string SkipReason => SkippedFor is { } l
        ? $"The store is under a maintenance lock that disables scheduled tasks (held by {l.LockedBy} since {l.LockedAt:yyyy-MM-dd HH:mm} UTC{(string.IsNullOrEmpty(l.Reason) ? "" : $": {l.Reason}")}); the scheduled provisioning export was skipped and wrote nothing."
        : "";

    public string WhatIfText()
    {
        var p = Preview;
        var files = string.Join(", ", PackageFiles.Select(f => $"{f.Name} {Text.Number(f.RowCount)}"));
        return $"Export the {p.SchoolYear} provisioning feed of {Text.Count(p.Total, "student")} to '{Path}' ({files}) and replace the snapshot: " +
               $"{Text.Number(p.New)} new, {Text.Number(p.Updated)} updated ({Text.Number(p.GraduationYearChanged)} with a new graduation year), {Text.Number(p.Removed)} removed.";
    }
}

/// <summary>
/// Roll-up safeguards for provisioning feeds (domain §9): the preview against the last export, and the
/// guarded OneRoster export that replaces the snapshot only when every guard passes.
/// </summary>
public static class ProvisioningOperation
{
    public const string OperationName = ProvisioningLoader.OperationName;
    private const string Activity = "Export provisioning feed";

    /// <summary>The desired feed against the last export, with the guards (read-only).</summary>
    public static ProvisioningPreview Preview(AttendanceStore store, ProvisioningRequest request, IOperationObserver observer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(observer);
        var source = ProvisioningLoader.Load(store, withClasses: false, ct);
        return Compute(source, request, observer, out _);
    }

    /// <summary>Plans an export: reads, computes the feed, its diff and guards, and builds the files in memory. Writes nothing.</summary>
    public static ProvisioningPlan Plan(AttendanceStore store, ProvisioningRequest request, IOperationObserver observer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(observer);
        var path = FeedFolder.CheckTarget(request.Path ?? throw new ArgumentException("An export needs a folder.", nameof(request)));
        request = request with { Path = path };
        var clock = Stopwatch.StartNew();
        observer.Progress(new ProgressInfo { Id = 1, Activity = Activity, Status = $"Reading the store '{store.Location}'" });
        // The stamp before the reading: the apply compares it with the store under the lease.
        var stamp = StoreStamp.Read(store);
        var source = ProvisioningLoader.Load(store, withClasses: true, ct);
        if (request.Scheduled && source.Lock is { DisableScheduledTasks: true } held)
        {
            observer.Progress(new ProgressInfo { Id = 1, Activity = Activity, Status = "Skipped", Completed = true });
            return new ProvisioningPlan(request, null, null, [], [], held) { Stamp = stamp };
        }
        var read = clock.Elapsed;
        var preview = Compute(source, request, observer, out var feed);
        observer.Progress(new ProgressInfo { Id = 1, Activity = Activity, Status = "Building the OneRoster files", PercentComplete = 50 });
        var files = FeedPackage.Build(source, feed);
        observer.Progress(new ProgressInfo { Id = 1, Activity = Activity, Status = "Planned", Completed = true });
        // The split says where a large district's time goes (reading the tables or building the files).
        observer.Verbose($"Planned the {preview.SchoolYear} feed in {Text.Duration(clock.Elapsed)} (reading {Text.Duration(read)}): {Text.Count(preview.Total, "student")}, " +
                         $"{Text.Count(files.Count, "file")}, {Text.Number(files.Sum(f => (long)f.RowCount))} rows.");
        return new ProvisioningPlan(request, preview, source, feed, files, null) { Stamp = stamp };
    }

    private static ProvisioningPreview Compute(FeedSource source, ProvisioningRequest request, IOperationObserver observer, out List<FeedStudent> feed)
    {
        var warnings = new List<EngineWarning>();
        feed = ProvisioningCore.Desired(source.Active, source.CurrentYear, warnings);
        foreach (var w in warnings) observer.Warning(w.Id, w.Message);
        var preview = ProvisioningCore.Preview(source.CurrentYear, request.SchoolYear, feed, source.Snapshot, request.Limits, warnings) with
        {
            LastExportedAt = source.LastExport?.At, LastExportRunId = source.LastExport?.RunId,
        };
        observer.Verbose(preview.Guards.Aggregate($"Feed {preview}; snapshot {Text.Count(preview.SnapshotCount, "student")}.", (text, g) => $"{text} {g}."));
        return preview;
    }

    /// <summary>
    /// Writes the feed: refuses (writing nothing) when a guard fails; otherwise, through the engine's
    /// <see cref="WriteProtocol"/> (the store's writer lease, a check that the store has not changed since the plan,
    /// one transaction), stages the files, replaces the snapshot, logs the run, swaps the folder in and commits.
    /// The export a person previewed never silently changes: planned again, it is written only with the same
    /// counts, else the run is refused (<c>StoreChangedSincePlan</c>).
    /// </summary>
    public static ProvisioningExportResult Apply(AttendanceStore store, ProvisioningPlan plan, IOperationObserver observer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(observer);
        if (plan.SkippedForMaintenance) return Skipped(plan);
        if (plan.Refusal is { } refused) throw refused;
        FeedFolder? swapped = null;
        try
        {
            var result = WriteProtocol.Apply(store, new WriteSteps<ProvisioningPlan>
            {
                Operation = OperationName, StampOf = p => p.Stamp, CountsOf = p => p.SkippedForMaintenance ? p.SkipReason : p.WhatIfText(),
                LockToken = plan.Request.LockToken, LeaseWait = plan.Request.LeaseWait,
                Replan = token => Plan(store, plan.Request, observer, token),
            }, plan, (tx, p) => Write(store, tx, p, folder => swapped = folder, observer, ct), observer, ct);
            swapped?.Clean();
            return result;
        }
        catch when (swapped is not null)
        {
            // The folder was swapped in but the store did not commit: the previous feed goes back.
            swapped.Undo();
            swapped.Clean();
            throw;
        }
    }

    private static ProvisioningExportResult Skipped(ProvisioningPlan plan)
        => new() { Status = "Skipped", Path = plan.Path, SchoolYearNumber = plan.Request.SchoolYear ?? 0, Reason = plan.SkipReason };

    /// <summary>The export inside the protocol's transaction; <paramref name="swapping"/> learns the folder once it is swapped in.</summary>
    private static ProvisioningExportResult Write(AttendanceStore store, WriteTransaction tx, ProvisioningPlan plan, Action<FeedFolder> swapping,
        IOperationObserver observer, CancellationToken ct)
    {
        if (plan.SkippedForMaintenance) return Skipped(plan);
        if (plan.Refusal is { } refused) throw refused;
        var preview = plan.Preview;
        var started = store.Clock.GetUtcNow();
        var clock = Stopwatch.StartNew();
        var folder = FeedFolder.Stage(plan.Path);
        var swapped = false;
        try
        {
            var written = DistrictExport.Write(new ExportPlan(new ExportRequest { Store = store, Path = folder.Staging }, plan.PackageFiles, []), observer, ct);
            ct.ThrowIfCancellationRequested();
            var scope = $"{preview.SchoolYear} feed to '{plan.Path}'";
            var runId = RunLog.Start(tx.Connection, tx.Transaction, OperationName, scope, started);
            WriteSnapshot(store, tx, plan.Feed, preview.Changes, started);
            RunLog.Complete(tx.Connection, tx.Transaction, runId, new RunInfo
            {
                Operation = OperationName, Scope = scope, StartedBy = RunLog.CurrentUser, Host = RunLog.CurrentHost,
                StartedAt = started, FinishedAt = store.Clock.GetUtcNow(),
                Inserted = preview.New, Updated = preview.Updated, Deleted = preview.Removed, Unchanged = preview.Unchanged,
                Details = JsonSerializer.Serialize(new
                {
                    preview.SchoolYear, preview.Total, preview.New, preview.Removed, preview.Updated, preview.GraduationYearChanged, preview.SnapshotCount,
                    Files = written.Files.Select(f => new { f.File, f.Rows }),
                }),
                Warnings = preview.Warnings,
            });
            folder.Swap();
            swapped = true;
            swapping(folder);
            observer.Verbose($"Exported {Text.Count(preview.Total, "student")} to '{plan.Path}' in {Text.Duration(clock.Elapsed)} (run {runId}).");
            return new ProvisioningExportResult
            {
                Status = "Exported", Path = plan.Path, SchoolYearNumber = preview.SchoolYearNumber, Total = preview.Total, New = preview.New,
                Removed = preview.Removed, Updated = preview.Updated, GraduationYearChanged = preview.GraduationYearChanged,
                Files = written.Files, RunId = runId, Duration = clock.Elapsed, Warnings = preview.Warnings,
            };
        }
        finally
        {
            // After the swap the previous folder stays aside until the commit is known (Apply undoes the swap on failure).
            if (!swapped) folder.Clean();
        }
    }

    /// <summary>
    /// Only the difference: removed students deleted, changed ones updated, new ones inserted (by the store's bulk path:
    /// a first export inserts every student); unchanged rows keep their ExportedAt.
    /// </summary>
    private static void WriteSnapshot(AttendanceStore store, WriteTransaction tx, List<FeedStudent> feed, IReadOnlyList<ProvisioningChange> changes, DateTimeOffset exportedAt)
    {
        var table = Tables.ProvisioningSnapshot;
        var at = DbValue.Timestamp(exportedAt);
        var byId = feed.ToDictionary(f => f.StudentUniqueId, StringComparer.Ordinal);
        var values = new object?[table.Columns.Count];
        object?[] Row(FeedStudent s)
        {
            (values[0], values[1], values[2], values[3], values[4]) = (s.StudentUniqueId, s.SchoolId, s.GradeLevel, s.GraduationYear, at);
            return values;
        }
        var kinds = changes.ToLookup(c => c.Change, StringComparer.Ordinal);
        if (kinds[nameof(FeedChangeKind.Removed)].Any())
        {
            using var delete = PreparedRowCommand.Delete(tx.Connection, tx.Transaction, store.Dialect, table);
            foreach (var change in kinds[nameof(FeedChangeKind.Removed)])
            {
                values[0] = change.StudentId;
                delete.Execute(values);
            }
        }
        if (kinds[nameof(FeedChangeKind.Updated)].Any())
        {
            using var update = PreparedRowCommand.Update(tx.Connection, tx.Transaction, store.Dialect, table)!;
            foreach (var change in kinds[nameof(FeedChangeKind.Updated)]) update.Execute(Row(byId[change.StudentId]));
        }
        if (kinds[nameof(FeedChangeKind.New)].Any())
        {
            using var insert = new BulkInserter(tx.Connection, tx.Transaction, store.Dialect, table);
            foreach (var change in kinds[nameof(FeedChangeKind.New)]) insert.Add(Row(byId[change.StudentId]));
            insert.Complete();
        }
    }
}
