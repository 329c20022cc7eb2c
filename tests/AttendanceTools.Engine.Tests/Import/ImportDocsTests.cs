using AttendanceTools.Engine.Import;

namespace AttendanceTools.Engine.Tests.Import;

/// <summary>The README's import section documents every file and column the importer reads and the exporter writes.</summary>
public sealed class ImportDocsTests
{
    private static string Section()
    {
        var readme = File.ReadAllText(Path.Combine(PackageFolder.FixturePath, "..", "..", "..", "README.md"));
        var start = readme.IndexOf("<!-- section: import -->", StringComparison.Ordinal);
        var end = readme.IndexOf("<!-- /section: import -->", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "README has no import section.");
        return readme[start..end];
    }

    [Fact]
    public void Every_own_file_and_column_is_in_the_README_with_its_required_flag()
    {
        var section = Section();
        foreach (var file in OwnFiles.All)
        {
            var heading = section.IndexOf($"#### `{file.FileName}`", StringComparison.Ordinal);
            Assert.True(heading >= 0, $"{file.FileName} is not documented.");
            var next = section.IndexOf("####", heading + 4, StringComparison.Ordinal);
            var table = section[heading..(next < 0 ? section.Length : next)];
            foreach (var column in file.Columns)
                Assert.Contains($"| `{column.Name}` | {(column.Required ? "yes" : "")} |", table, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_OneRoster_file_and_extension_column_is_in_the_README()
    {
        var section = Section();
        foreach (var file in OneRosterReader.Files) Assert.Contains($"`{file}`", section, StringComparison.Ordinal);
        foreach (var column in OneRosterWriter.OrgsHeader.Concat(OneRosterWriter.ClassesHeader).Concat(OneRosterWriter.UsersHeader)
                     .Concat(OneRosterWriter.EnrollmentsHeader).Where(c => c.StartsWith("metadata.", StringComparison.Ordinal)))
            Assert.Contains($"`{column}`", section, StringComparison.Ordinal);
        foreach (var id in new[] { "ImportMissingColumn", "ImportBadValue", "ImportDuplicateKey", "ImportBrokenReference", "ImportBadRange", "ImportEmptyFile",
                     "CalendarDateInconsistent", "CalendarDateWithoutBellSchedule", "ImportRefused", "ChangeThresholdExceeded" })
            Assert.Contains($"`{id}`", section, StringComparison.Ordinal);
    }
}
