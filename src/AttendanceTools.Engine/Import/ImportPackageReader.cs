using AttendanceTools.Engine.Messages;
using AttendanceTools.Engine.Model;

namespace AttendanceTools.Engine.Import;

/// <summary>Reads every package file present in a folder: our own files first (OneRoster rows may need their school years), then OneRoster.</summary>
internal static class ImportPackageReader
{
    /// <summary>Every file name the importer reads and the exporter writes.</summary>
    public static IEnumerable<string> KnownFiles => OneRosterReader.Files.Concat(OwnFiles.All.Select(f => f.FileName));

    public static ImportPackage Read(string folder, DistrictData current, DateOnly today, ImportProblems problems, IOperationObserver observer, CancellationToken ct)
    {
        var package = new ImportPackage();
        var progress = new ProgressInfo { Id = 1, Activity = "Reading the import package", Status = "" };
        var files = OwnFiles.All.Count + 1;
        var done = 0;
        foreach (var own in OwnFiles.All)
        {
            ct.ThrowIfCancellationRequested();
            observer.Progress(progress with { Status = own.FileName, PercentComplete = 100 * done++ / files });
            using var input = CsvInput.Open(folder, own.FileName, problems);
            if (input is null) continue;
            package.Files.Add(own.FileName);
            var lines = package.Source(own.Table, own.FileName);
            own.Read(input, own.Table.Rows(package.Data), lines, ct);
            observer.Verbose($"Read {Text.Count(lines.Count, "row")} from {own.FileName}.");
        }
        observer.Progress(progress with { Status = "OneRoster files", PercentComplete = 100 * done / files });
        new OneRosterReader(folder, package, problems, current, today, ct).Read();

        var known = new HashSet<string>(KnownFiles, StringComparer.Ordinal);
        foreach (var other in Directory.EnumerateFiles(folder, "*.csv").Select(Path.GetFileName).Where(f => !known.Contains(f!)).Order(StringComparer.Ordinal))
            package.Warnings.Add(new EngineWarning("ImportFileIgnored", $"'{other}' is not a file this importer reads; it was ignored."));
        foreach (var w in package.Warnings) observer.Warning(w.Id, w.Message);
        observer.Progress(progress with { Status = "Done", PercentComplete = 100, Completed = true });
        return package;
    }
}
