using System.Diagnostics;
using AttendanceTools.Engine.Messages;
using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Import;

/// <summary>What Export-AttendanceData was asked to do.</summary>
public sealed record ExportRequest
{
    public required AttendanceStore Store { get; init; }
    /// <summary>The folder to write the package into (created when missing).</summary>
    public required string Path { get; init; }
    /// <summary>Write into a folder that already holds files: package files are replaced, package files of empty tables removed, other files kept.</summary>
    public bool Force { get; init; }
}

/// <summary>One written file and its data rows (the header not counted).</summary>
public sealed record ExportFileInfo(string File, long Rows);

/// <summary>What an export wrote.</summary>
public sealed record ExportResult
{
    public required string Path { get; init; }
    public required IReadOnlyList<ExportFileInfo> Files { get; init; }
    public long Rows => Files.Sum(f => f.Rows);
    public TimeSpan Duration { get; init; }
}

/// <summary>The files an export would write (read-only; for -WhatIf).</summary>
public sealed class ExportPlan
{
    internal ExportPlan(ExportRequest request, List<PackageFile> files, List<string> stale)
    {
        Request = request;
        PackageFiles = files;
        Stale = stale;
    }

    internal ExportRequest Request { get; }
    internal List<PackageFile> PackageFiles { get; }
    /// <summary>Package files already in the folder that this export has nothing for (removed under -Force).</summary>
    internal List<string> Stale { get; }

    public string Path => Request.Path;
    public IReadOnlyList<ExportFileInfo> Files => [.. PackageFiles.Select(f => new ExportFileInfo(f.Name, f.RowCount))];

    public string WhatIfText()
    {
        var files = string.Join(", ", PackageFiles.Select(f => $"{f.Name} {Text.Number(f.RowCount)}"));
        var stale = Stale.Count == 0 ? "." : $"; remove {string.Join(", ", Stale)}.";
        var total = Text.Number(PackageFiles.Sum(f => (long)f.RowCount));
        return $"Export {total} rows in {Text.Number(PackageFiles.Count)} files to '{Path}': {files}{stale}";
    }
}

/// <summary>
/// Export-AttendanceData: the whole store as a package the importer reads back (OneRoster 1.2 plus our
/// own files), rows sorted by natural key, so export → import into an empty store → export is byte-identical.
/// A table without rows gets no file (OneRoster forbids header-only files).
/// </summary>
public static class DistrictExport
{
    public static ExportPlan Plan(ExportRequest request, IOperationObserver observer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(observer);
        var folder = System.IO.Path.GetFullPath(request.Path);
        if (File.Exists(folder))
            throw new AttendanceException("ExportPathIsFile", FailureKind.InvalidArgument, $"'{folder}' is a file; export writes into a folder.", folder);
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any() && !request.Force)
            throw new AttendanceException("ExportFolderNotEmpty", FailureKind.InvalidOperation,
                $"The folder '{folder}' is not empty; an export would mix with what is there.", folder,
                "Choose an empty or new folder, or add -Force to replace the package files in it.");

        observer.Verbose($"Reading the store '{request.Store.Location}'.");
        var data = DistrictStore.Read(request.Store, ct);
        var files = Build(data);
        var known = ImportPackageReader.KnownFiles.ToHashSet(StringComparer.Ordinal);
        var stale = Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder).Select(System.IO.Path.GetFileName).OfType<string>()
                .Where(f => known.Contains(f) && !files.Exists(p => p.Name == f)).Order(StringComparer.Ordinal).ToList()
            : [];
        return new ExportPlan(request with { Path = folder }, files, stale);
    }

    public static ExportResult Write(ExportPlan plan, IOperationObserver observer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(observer);
        try
        {
            return WriteFiles(plan, observer, ct);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new AttendanceException("ExportWriteFailed", FailureKind.PermissionDenied,
                $"Writing the export to '{plan.Path}' failed: {ex.Message}", plan.Path, "Check that the folder is writable and no file in it is open elsewhere.", ex);
        }
    }

    private static ExportResult WriteFiles(ExportPlan plan, IOperationObserver observer, CancellationToken ct)
    {
        var stopwatch = Stopwatch.StartNew();
        Directory.CreateDirectory(plan.Path);
        foreach (var stale in plan.Stale) File.Delete(System.IO.Path.Combine(plan.Path, stale));
        var progress = new ProgressInfo { Id = 1, Activity = "Exporting", Status = "" };
        var written = new List<ExportFileInfo>();
        for (var i = 0; i < plan.PackageFiles.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var file = plan.PackageFiles[i];
            observer.Progress(progress with { Status = file.Name, PercentComplete = 100 * i / plan.PackageFiles.Count });
            using (var output = new CsvOutput(System.IO.Path.Combine(plan.Path, file.Name)))
            {
                output.Header(file.Header);
                file.WriteRows(output);
            }
            written.Add(new ExportFileInfo(file.Name, file.RowCount));
            observer.Verbose($"Wrote {Text.Count(file.RowCount, "row")} to {file.Name}.");
        }
        observer.Progress(progress with { Status = "Done", PercentComplete = 100, Completed = true });
        return new ExportResult { Path = plan.Path, Files = written, Duration = stopwatch.Elapsed };
    }

    /// <summary>Every file of the package for <paramref name="data"/>, in writing order.</summary>
    internal static List<PackageFile> Build(DistrictData data)
    {
        var files = OneRosterWriter.Files(data);
        foreach (var own in OwnFiles.All)
        {
            var rows = own.Table.Rows(data);
            if (rows.Count == 0) continue;
            var items = new object[rows.Count];
            for (var i = 0; i < rows.Count; i++) items[i] = rows[i]!;
            NaturalKeyComparer.Sort(items, own.Table.KeyOf);
            files.Add(new PackageFile(own.FileName, [.. own.Columns.Select(c => c.Name)], [.. items.Select(own.Fields)]));
        }
        return files;
    }
}
