using AttendanceTools.Engine.Messages;
using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Import;

/// <summary>Reads every package file present in a folder: our own files first (OneRoster rows may need their school years), then OneRoster.</summary>
internal static class ImportPackageReader
{
    /// <summary>Every file name the importer reads and the exporter writes.</summary>
    public static IEnumerable<string> KnownFiles => OneRosterReader.Files.Concat(OwnFiles.All.Select(f => f.FileName));

    /// <summary>
    /// Reads every file but those of <paramref name="deferred"/>, which are only checked to be there and readable (their rows come
    /// through <see cref="ReadDeferred"/>); <see cref="Finish"/> reports warnings and accounts once every file is read.
    /// </summary>
    public static ImportPackage Read(PackageSource source, DistrictData current, DateOnly today, IReadOnlyCollection<DistrictTable> deferred,
        IOperationObserver observer, CancellationToken ct)
    {
        var package = new ImportPackage();
        var progress = new ProgressInfo { Id = 1, Activity = "Reading the import package", Status = "" };
        var files = OwnFiles.All.Count + 1;
        var done = 0;
        foreach (var own in OwnFiles.All)
        {
            ct.ThrowIfCancellationRequested();
            observer.Progress(progress with { Status = own.FileName, PercentComplete = 100 * done++ / files });
            using var input = source.OpenFile(own.FileName);
            if (input is null) continue;
            package.Files.Add(own.FileName);
            var lines = package.Source(own.Table, own.FileName);
            if (deferred.Contains(own.Table))
            {
                package.Deferred.Add(own);
                continue;
            }
            own.Read(input, own.Table.Rows(package.Data), lines, ct);
            source.Account(own.FileName).ColumnsNotKept.AddRange(input.Unused);
        }
        CheckCurrentYear(package, source.Problems);
        observer.Progress(progress with { Status = "OneRoster files", PercentComplete = 100 * done / files });
        new OneRosterReader(source, package, current, today, ct).Read();
        observer.Progress(progress with { Status = "Done", PercentComplete = 100, Completed = true });
        return package;
    }

    /// <summary>Reads a deferred file's rows into the package (its table's list, which the caller releases when done with them).</summary>
    public static void ReadDeferred(PackageSource source, ImportPackage package, OwnFile own, CancellationToken ct)
    {
        using var input = source.OpenFile(own.FileName)
                          ?? throw new InvalidOperationException($"{own.FileName} was in the package when it was first read and is gone now.");
        own.Read(input, own.Table.Rows(package.Data), package.LinesOf(own.Table), ct);
        source.Account(own.FileName).ColumnsNotKept.AddRange(input.Unused);
    }

    /// <summary>The files the importer ignored, the tolerances taken and each file's account, once every file has been read.</summary>
    public static void Finish(PackageSource source, ImportPackage package, IOperationObserver observer)
    {
        var known = new HashSet<string>(KnownFiles, StringComparer.Ordinal);
        foreach (var other in Directory.EnumerateFiles(source.Folder, "*.csv").Select(Path.GetFileName).Where(f => !known.Contains(f!)).Order(StringComparer.Ordinal))
            package.Warnings.Add(new EngineWarning(ImportWarningIds.FileIgnored, $"'{other}' is not a file this importer reads; it was ignored."));
        package.Warnings.AddRange(source.Warnings);
        package.Warnings.AddRange(source.ToleranceWarnings());
        package.Accounts.AddRange(source.Accounts(package.Files));
        foreach (var w in package.Warnings) observer.Warning(w.Id, w.Message);
        foreach (var a in package.Accounts) observer.Verbose(a.ToString());
    }

    /// <summary>Domain §3.1: exactly one school year is current.</summary>
    private static void CheckCurrentYear(ImportPackage package, ImportProblems problems)
    {
        var table = Storage.DistrictTables.SchoolYears;
        if (!package.Has(table) || package.Data.SchoolYears.Count == 0) return;
        var current = package.Data.SchoolYears.Select((y, i) => (y, i)).Where(x => x.y.IsCurrent).ToList();
        if (current.Count == 1) return;
        var file = package.FileOf(table);
        if (current.Count == 0)
            problems.Add(ImportErrorIds.BadValue, file, 1, "IsCurrent", null, "No school year is marked current; exactly one must be (IsCurrent = true).");
        else
            problems.Add(ImportErrorIds.BadValue, file, package.LineOf(table, current[1].i), "IsCurrent", "true",
                $"School year {current[1].y.SchoolYear} is marked current, but so is {current[0].y.SchoolYear} (line {package.LineOf(table, current[0].i)}); exactly one may be.");
    }
}
