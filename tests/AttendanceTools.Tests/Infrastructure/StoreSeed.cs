using Microsoft.Data.Sqlite;

namespace AttendanceTools.Tests.Infrastructure;

/// <summary>
/// The small hand-made district of <see cref="Shared.SeedScript"/>, written into a store that
/// New-AttendanceStore created, through this test project's own SQLite (the tests never
/// reference the engine).
/// </summary>
internal static class StoreSeed
{
    /// <summary>Creates a store file with the module, fills it with the small district, connects the session to it, and returns the file's path.</summary>
    public static string SmallDistrict(PsSession session, string fileName = "district.db")
    {
        var db = session.PathIn(fileName);
        var vars = new Dictionary<string, object?> { ["db"] = db };
        // The module and this project each load their own native SQLite. Two copies of SQLite must
        // never have the same file open at once (POSIX locks are per process, so one copy's close
        // drops the other's locks: sqlite.org/howtocorrupt.html §2.2.1). So the module creates the
        // schema and lets go of the file, the seed writes and closes, and only then the module reconnects.
        session.Run("$null = New-AttendanceStore -Path $db; Disconnect-AttendanceStore", vars).ShouldSucceed();
        using (var connection = new SqliteConnection($"Data Source={db};Pooling=False"))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = Shared.SeedScript.Sql;
            cmd.ExecuteNonQuery();
        }
        session.Run("Connect-AttendanceStore -Path $db", vars).ShouldSucceed();
        return db;
    }
}
