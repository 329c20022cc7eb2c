using System.Diagnostics;
using AttendanceTools.Engine.Messages;
using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Rollover;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Demo;

/// <summary>Where and what to build.</summary>
public sealed record DemoStoreRequest
{
    /// <summary>Full path of the SQLite store file to create.</summary>
    public required string Path { get; init; }
    public DemoOptions Options { get; init; } = new();
    /// <summary>Replace an existing file (else <c>StoreAlreadyExists</c>).</summary>
    public bool Replace { get; init; }
    /// <summary>The clock the new store's run log uses.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}

/// <summary>A generated district ready to be written, with the counts a preview shows.</summary>
public sealed class DemoStorePlan
{
    internal DemoStorePlan(DemoStoreRequest request, DistrictData data, bool replaces, TimeSpan generateDuration)
    {
        Request = request;
        Data = data;
        ReplacesExisting = replaces;
        GenerateDuration = generateDuration;
    }

    public DemoStoreRequest Request { get; }
    public DistrictData Data { get; }
    public bool ReplacesExisting { get; }
    public TimeSpan GenerateDuration { get; }
    public int Schools => Data.Schools.Count;
    public int Students => Data.Students.Count;
}

/// <summary>
/// New-AttendanceDemoStore's engine side: plan (check the target, generate the district; writes
/// nothing), then apply (bulk-load into a temporary file beside the target and move it into
/// place), so a failed or cancelled run leaves an existing store exactly as it was.
/// </summary>
public static class DemoStore
{
    /// <summary>Refuses a target that exists (unless replacing) or whose folder does not.</summary>
    public static void CheckTarget(string path, bool replace)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var folder = System.IO.Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
            throw new AttendanceException("StoreNotFound", FailureKind.NotFound, $"The folder '{folder}' for the demo store '{path}' does not exist.", path);
        if (Directory.Exists(path))
            throw new AttendanceException("StoreAlreadyExists", FailureKind.AlreadyExists, $"'{path}' is a folder; the demo store needs a file path.", path);
        if (File.Exists(path) && !replace)
            throw new AttendanceException("StoreAlreadyExists", FailureKind.AlreadyExists,
                $"The file '{path}' already exists; New-AttendanceDemoStore does not overwrite it.", path,
                "Choose another path, or add -Force to replace the file with a new demo store.");
    }

    public static DemoStorePlan Plan(DemoStoreRequest request, IOperationObserver observer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Options.Validate();
        CheckTarget(request.Path, request.Replace);
        var stopwatch = Stopwatch.StartNew();
        var data = DemoDistrictGenerator.Generate(request.Options, observer, ct);
        observer.Verbose($"Generated {Text.Count(data.Students.Count, "student")} in {Text.Count(data.Schools.Count, "school")} in {Text.Duration(stopwatch.Elapsed)}.");
        return new DemoStorePlan(request, data, File.Exists(request.Path), stopwatch.Elapsed);
    }

    public static DemoStoreResult Apply(DemoStorePlan plan, IOperationObserver observer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(observer);
        var request = plan.Request;
        var target = request.Path;
        CheckTarget(target, request.Replace);
        var folder = System.IO.Path.GetDirectoryName(target) ?? ".";
        var temp = System.IO.Path.Combine(folder, $".{System.IO.Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        var stopwatch = Stopwatch.StartNew();
        DistrictLoadResult load;
        try
        {
            var store = AttendanceStore.OpenSqlite(temp, new StoreOpenOptions { Clock = request.Clock });
            load = DistrictStore.BulkLoad(store, plan.Data, observer, ct);
            Bridge.BridgeSettings.WriteMethodChanges(store, plan.Data.RecordingMethodChanges);
            WriteRolloverCriteria(store);
            Checkpoint(store);
            AttendanceStore.ReleaseConnections();
            ct.ThrowIfCancellationRequested();
            MoveIntoPlace(temp, target);
        }
        catch
        {
            AttendanceStore.ReleaseConnections();
            TryDelete(temp);
            throw;
        }
        observer.Verbose($"Wrote {Text.Count(load.TotalRows, "row")} to '{target}' in {Text.Duration(stopwatch.Elapsed)}.");
        return new DemoStoreResult
        {
            Path = target,
            DistrictName = plan.Data.DistrictName ?? "",
            SchoolYearNumber = request.Options.SchoolYear,
            Seed = request.Options.Seed,
            Students = plan.Students,
            Schools = plan.Schools,
            Calendars = plan.Data.Calendars.Count,
            RowCounts = load.Rows,
            Replaced = plan.ReplacesExisting,
            GenerateDuration = plan.GenerateDuration,
            LoadDuration = stopwatch.Elapsed,
        };
    }

    /// <summary>The district's year-end criteria, as a district has them in its SIS (no run of its own: part of building the store).</summary>
    private static void WriteRolloverCriteria(AttendanceStore store)
    {
        using var c = store.OpenConnection();
        using var tx = c.BeginTransaction();
        RolloverCriteria.Replace(c, tx, DemoDistrictGenerator.RolloverCriteria);
        tx.Commit();
    }

    /// <summary>Folds the write-ahead log into the file so the file alone is the whole store when it moves.</summary>
    private static void Checkpoint(AttendanceStore store)
    {
        using var c = store.OpenConnection();
        c.Execute("PRAGMA wal_checkpoint(TRUNCATE);");
    }

    private static void MoveIntoPlace(string temp, string target)
    {
        try
        {
            // The temporary file's -wal is empty after the checkpoint; a leftover -wal of the replaced
            // store must go before the rename, or SQLite could replay its frames into the new file.
            DeleteSidecars(temp);
            DeleteSidecars(target);
            File.Move(temp, target, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new AttendanceException("StoreReplaceFailed", FailureKind.PermissionDenied,
                $"The demo store could not be moved to '{target}': {ex.Message}", target,
                "Close other programs and sessions using the file (Disconnect-AttendanceStore), or choose another path.", ex);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            DeleteSidecars(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temporary file is harmless and the original error matters more.
        }
    }

    private static void DeleteSidecars(string path)
    {
        File.Delete(path + "-wal");
        File.Delete(path + "-shm");
        File.Delete(path + "-journal");
    }
}
