using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace AttendanceTools.Tests.Reliability;

/// <summary>
/// Plants lease rows the way a run on this or another host would have left them, through the tests'
/// own SQLite while the module holds no connection to the file.
/// </summary>
internal static class LeaseRows
{
    /// <summary>A process id that certainly ran on this host and is gone: a child that has exited and been reaped.</summary>
    public static int DeadProcessId()
    {
        using var p = Process.Start(new ProcessStartInfo("sh", "-c true") { UseShellExecute = false })!;
        p.WaitForExit();
        return p.Id;
    }

    public static void Plant(string store, string name, string holder, string host, int processId, DateTimeOffset acquiredAt, DateTimeOffset expiresAt)
    {
        using var c = new SqliteConnection($"Data Source={store};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "INSERT INTO Lease (Name, Holder, Host, ProcessId, AcquiredAt, ExpiresAt, Token) VALUES (@n, @h, @host, @pid, @at, @exp, 'planted')";
        cmd.Parameters.AddWithValue("@n", name);
        cmd.Parameters.AddWithValue("@h", holder);
        cmd.Parameters.AddWithValue("@host", host);
        cmd.Parameters.AddWithValue("@pid", processId);
        cmd.Parameters.AddWithValue("@at", Stamp(acquiredAt));
        cmd.Parameters.AddWithValue("@exp", Stamp(expiresAt));
        cmd.ExecuteNonQuery();
    }

    /// <summary>A lease of a process on this host that was killed: its id is free now.</summary>
    public static int PlantDeadHolder(string store, string name = "Store")
    {
        var pid = DeadProcessId();
        Plant(store, name, "crashed-job", $"{Environment.MachineName} (pid {pid})", pid, DateTimeOffset.UtcNow.AddSeconds(-30), DateTimeOffset.UtcNow.AddMinutes(90));
        return pid;
    }

    public static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static List<string> Names(string store) => Strings(store, "SELECT Name FROM Lease ORDER BY Name");

    public static List<string> Strings(string store, string sql)
    {
        using var c = new SqliteConnection($"Data Source={store};Mode=ReadOnly;Pooling=False");
        c.Open();
        return DbRows.Read(c, sql);
    }
}
