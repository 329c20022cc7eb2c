using System.Data.Common;
using System.Globalization;
using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Storage;
using E = AttendanceTools.Engine.Import.ImportErrorIds;

namespace AttendanceTools.Engine.Import;

/// <summary>
/// Import-AttendanceData: plan (read the package, check it against the district it would produce, diff
/// each table against the store) and apply (write only the difference, in one transaction). A file in
/// the package is the complete set for its table; tables without a file are left as they are.
/// </summary>
public static class DistrictImport
{
    public static ImportPlan Plan(ImportRequest request, IOperationObserver observer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var store = request.Store;
        ArgumentNullException.ThrowIfNull(observer);
        var problems = new ImportProblems();
        // A .zip is unpacked into a temporary folder for the reading; the plan then holds everything it needs.
        using var source = PackageSource.Open(request, problems);
        var folder = source.Path;

        observer.Verbose($"Reading the store '{store.Location}' to compare with the package.");
        var stamp = StoreStamp.Read(store);
        // One snapshot for the whole plan: the attendance tables are read from it last, one at a time (StreamedDiff).
        using var snapshot = DistrictSnapshot.Open(store);
        var current = snapshot.Read(StreamedDiff.Tables, ct);
        var currentRefs = snapshot.Refs;
        var package = ImportPackageReader.Read(source, current, Today(store), StreamedDiff.Tables, observer, ct);
        if (package.Files.Count == 0)
            throw new AttendanceException("ImportNoFiles", FailureKind.InvalidArgument,
                $"The folder '{folder}' holds none of the files an import reads (orgs.csv, users.csv, calendarDates.csv, …).", folder,
                "See the README section 'Importing and exporting data' for the file names.");

        var byTable = package.Tables.Where(t => !package.IsDeferred(t)).ToDictionary(t => t, t => ImportDiff.Diff(t, current, package, problems, ct));
        DistrictRefs? refs = null;
        if (!problems.HasValueProblems)
        {
            var merged = ImportValidator.Merge(current, package);
            refs = ImportValidator.CheckReferences(merged, package, problems, ct);
            ImportValidator.CheckCalendarDatesInYear(merged, package, problems);
        }
        foreach (var table in StreamedDiff.Tables)
        {
            if (package.Deferred.Find(f => f.Table == table) is { } own)
                byTable[table] = StreamedDiff.Diff(own, source, package, snapshot.Rows(table, ct), refs, problems, ct);
            else if (refs is not null && !problems.HasValueProblems && ImportValidator.NeedsCheck(table, package))
                ImportValidator.Walk(table, snapshot.Rows(table, ct), check: true, refs, ct);
        }
        ImportPackageReader.Finish(source, package, observer);
        var diffs = package.Tables.Select(t => byTable[t]).ToList(); // dependency order, the streamed tables in their place
        if (!problems.Any) CheckStrandedRows(store, package, diffs, currentRefs, problems);
        if (problems.Any) throw problems.Refusal(folder);

        var tables = diffs.Select(d => new ImportTableChange
        {
            Table = d.Table.Name, File = package.FileOf(d.Table), Existing = d.Existing, Inserted = d.Inserts.Count,
            Updated = d.Updates.Count, Deleted = d.Deletes.Count, Unchanged = d.Desired - d.Inserts.Count - d.Updates.Count,
        }).ToList();
        Guard(tables, request.MaxChangePercent, request.MaxDeletePercent);
        var plan = new ImportPlan(request with { Path = folder }, [.. package.Files], tables, diffs, package.Warnings, package.Accounts,
            package.DistrictName is { } n && n != current.DistrictName ? n : null,
            package.TimeZone is { } z && z != current.TimeZone ? z : null) { Stamp = stamp };
        observer.Verbose(plan.WhatIfText());
        return plan;
    }

    /// <summary>
    /// Writes the plan through the engine's <see cref="WriteProtocol"/>: the store's writer lease, a check that
    /// no other run changed the store since the plan (else it plans again, and writes counts other than the
    /// confirmed ones only when <paramref name="confirmReplanned"/>, given the new plan, agrees), one transaction.
    /// </summary>
    public static ImportResult Apply(ImportPlan plan, IOperationObserver observer, CancellationToken ct, Func<ImportPlan, bool>? confirmReplanned = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(observer);
        return WriteProtocol.Apply(plan.Store, new WriteSteps<ImportPlan>
        {
            Operation = OperationName, StampOf = p => p.Stamp, CountsOf = p => p.CountsText,
            LockToken = plan.Request.LockToken,
            Replan = token => Plan(plan.Request, observer, token),
            ConfirmReplanned = confirmReplanned is null ? null : (_, replanned) => confirmReplanned(replanned),
        }, plan, (tx, p) => ImportWriter.Write(tx, p, observer, ct), observer, ct);
    }

    /// <summary>The import's run-log operation name.</summary>
    public const string OperationName = "Import";

    /// <summary>
    /// Domain §4.4 guard, table by table (the shared <see cref="ChangeGuard"/>: exactly the limit passes, empty tables are not guarded),
    /// then the default delete guard: a package missing most of a table's rows is far more often a truncated file than a decision.
    /// </summary>
    private static void Guard(List<ImportTableChange> tables, double? max, double? maxDelete)
    {
        foreach (var t in tables)
        {
            ChangeGuard.Check($"Table {t.Table} ({t.File})", t.Existing, t.Inserted + t.Updated + t.Deleted, max);
            ChangeGuard.CheckDeletes($"Table {t.Table} ({t.File})", t.Existing, t.Deleted, maxDelete);
        }
    }

    /// <summary>Deleted students and schools must not leave rows of tables no package file covers (backfill moves, year-end history).</summary>
    private static void CheckStrandedRows(AttendanceStore store, ImportPackage package, List<TableDiff> diffs, DistrictRefs refs, ImportProblems problems)
    {
        var students = diffs.FirstOrDefault(d => d.Table == DistrictTables.Students)?.Deletes ?? [];
        var schools = diffs.FirstOrDefault(d => d.Table == DistrictTables.Schools)?.Deletes ?? [];
        if (students.Count == 0 && schools.Count == 0) return;
        using var c = store.OpenConnection();
        foreach (var (table, column, deleted, owner) in new (string, string, List<object>, DistrictTable)[]
                 {
                     ("BackfillMove", "StudentRef", students, DistrictTables.Students), ("RolloverYearEndStudent", "StudentRef", students, DistrictTables.Students),
                     ("BackfillMove", "SchoolRef", schools, DistrictTables.Schools),
                 })
        {
            if (deleted.Count == 0) continue;
            var counts = c.Query($"SELECT {column}, COUNT(*) FROM {table} GROUP BY {column}", r => (r.GetInt32(0), r.GetInt64(1))).ToDictionary(x => x.Item1, x => x.Item2);
            foreach (var row in deleted)
            {
                var key = owner.KeyOf(row);
                if (!refs.TryIdOf(owner, key, out var id) || !counts.TryGetValue(id, out var n)) continue;
                problems.Add(new ImportProblem
                {
                    ErrorId = E.BrokenReference, File = package.FileOf(owner), Table = table, Key = $"{owner.Name} {DistrictTable.KeyText(key)}",
                    Column = owner.KeyNames[0], Value = key as string,
                    Reason = $"{owner.Name} {DistrictTable.KeyText(key)} is not in {package.FileOf(owner)}, so the import would delete it, " +
                             $"but {table} holds {n} rows for it. Keep it in the file.",
                });
            }
        }
    }

    /// <summary>Today in the district's time zone (used to pick the current year when OneRoster does not say).</summary>
    private static DateOnly Today(AttendanceStore store)
    {
        using var c = store.OpenConnection();
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(store.Clock.GetUtcNow(), StoreSettings.GetTimeZone(c)).DateTime);
    }
}
