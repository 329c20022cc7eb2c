namespace AttendanceTools.Tests.Infrastructure;

/// <summary>
/// The schema this build migrates to, in one place for the cmdlet tests (they do not reference the
/// engine): the version of the last migration, and every step a new store records.
/// </summary>
internal static class SchemaFacts
{
    /// <summary>v1 tables, v2 change tracking, v3 run journal, v4 recording-method changes, v5 store identity, v6 store backups, v9 OneRoster interchange, v10 meeting attendance by student.</summary>
    public static readonly long[] AllVersions = [1L, 2L, 3L, 4L, 5L, 6L, 9L, 10L];

    public static int Current => (int)AllVersions[^1];
}
