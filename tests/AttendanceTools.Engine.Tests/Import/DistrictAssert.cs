using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Tests.Import;

/// <summary>Compares two districts table by table, ignoring row order (records by value, section periods by content).</summary>
internal static class DistrictAssert
{
    public static void Equal(DistrictData expected, DistrictData actual)
    {
        Assert.Equal(expected.DistrictName, actual.DistrictName);
        Assert.Equal(expected.TimeZone, actual.TimeZone);
        foreach (var table in DistrictTables.All)
        {
            var want = Sorted(table, expected);
            var got = Sorted(table, actual);
            Assert.True(want.Count == got.Count, $"{table.Name}: expected {want.Count} rows, got {got.Count}.");
            for (var i = 0; i < want.Count; i++)
                Assert.True(table.SameValues(want[i], got[i]), $"{table.Name}: expected {want[i]}, got {got[i]}.");
        }
    }

    private static List<object> Sorted(DistrictTable table, DistrictData data)
        => [.. table.Rows(data).Cast<object>().OrderBy(table.KeyOf, NaturalKeyComparer.Instance)];
}
