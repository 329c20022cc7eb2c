namespace AttendanceTools.Engine.Tests.Import;

/// <summary>A temporary package folder: start from the tiny-district fixture (or empty) and edit files line by line.</summary>
public sealed class PackageFolder : IDisposable
{
    public PackageFolder(bool fromFixture = true)
    {
        Path = Directory.CreateTempSubdirectory("attendancetools-package-").FullName;
        if (!fromFixture) return;
        foreach (var file in Directory.EnumerateFiles(FixturePath, "*.csv"))
            System.IO.File.Copy(file, System.IO.Path.Combine(Path, System.IO.Path.GetFileName(file)));
    }

    public string Path { get; }

    /// <summary>tests/fixtures/tiny-district in the repository.</summary>
    public static string FixturePath { get; } = FindFixture();

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string[] Lines(string name) => System.IO.File.ReadAllLines(File(name));

    public PackageFolder Write(string name, params string[] lines)
    {
        System.IO.File.WriteAllText(File(name), string.Join("\n", lines) + "\n");
        return this;
    }

    /// <summary>Appends data rows to a file.</summary>
    public PackageFolder Append(string name, params string[] lines)
    {
        System.IO.File.AppendAllText(File(name), string.Join("\n", lines) + "\n");
        return this;
    }

    /// <summary>Replaces line <paramref name="line"/> (1-based; the header is line 1).</summary>
    public PackageFolder Replace(string name, int line, string text)
    {
        var all = Lines(name);
        all[line - 1] = text;
        return Write(name, all);
    }

    /// <summary>Removes line <paramref name="line"/> (1-based).</summary>
    public PackageFolder RemoveLine(string name, int line)
        => Write(name, [.. Lines(name).Where((_, i) => i != line - 1)]);

    /// <summary>
    /// Edits a file's data rows by position (a fixture's ids hold no commas): every <paramref name="removeEvery"/>th row is dropped,
    /// every <paramref name="changeEvery"/>th of the others gets <paramref name="change"/> applied to its fields.
    /// </summary>
    public PackageFolder EditRows(string name, int changeEvery, int removeEvery, Action<string[]> change)
    {
        var lines = Lines(name);
        var kept = new List<string> { lines[0] };
        for (var i = 1; i < lines.Length; i++)
        {
            if (i % removeEvery == 0) continue;
            var fields = lines[i].Split(',');
            if (i % changeEvery == 0) change(fields);
            kept.Add(string.Join(',', fields));
        }
        return Write(name, [.. kept]);
    }

    public PackageFolder Delete(string name)
    {
        System.IO.File.Delete(File(name));
        return this;
    }

    /// <summary>Keeps only the named files.</summary>
    public PackageFolder Only(params string[] names)
    {
        foreach (var f in Directory.EnumerateFiles(Path))
            if (!names.Contains(System.IO.Path.GetFileName(f))) System.IO.File.Delete(f);
        return this;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }

    private static string FindFixture()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "AttendanceTools.sln"))) dir = dir.Parent;
        return System.IO.Path.Combine(dir?.FullName ?? throw new InvalidOperationException("No repository root above " + AppContext.BaseDirectory),
            "tests", "fixtures", "tiny-district");
    }
}
