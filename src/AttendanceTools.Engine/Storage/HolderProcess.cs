using System.ComponentModel;
using System.Diagnostics;

namespace AttendanceTools.Engine.Storage;

/// <summary>Whether the process that holds a lease still runs: answerable only on the holder's own host.</summary>
internal static class HolderProcess
{
    /// <summary>This process's start time as stored with its leases (UTC, to the second).</summary>
    public static string? CurrentStart { get; } = StartOf(Environment.ProcessId) is { } start ? DbValue.Timestamp(start) : null;

    /// <summary>Hosts are stored as "MACHINE (pid N)" (older leases: "MACHINE").</summary>
    public static bool IsOnThisHost(string host)
        => string.Equals(host, Environment.MachineName, StringComparison.OrdinalIgnoreCase)
           || host.StartsWith(Environment.MachineName + " (", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// True only when the holder certainly no longer runs: it is on this host and its process id
    /// is free, a zombie, or now belongs to a process started after the holder (a reused id); or it is
    /// this very process and none of its runs holds the lease's token. Anything unknown counts as alive.
    /// </summary>
    public static bool IsGone(string host, int processId, string? processStartedAt, string token)
    {
        if (!IsOnThisHost(host)) return false;
        // This very process: gone when none of its runs holds the token any more (its release failed).
        if (processId == Environment.ProcessId) return !Lease.IsLive(token);
        if (IsZombie(processId)) return true;
        if (!Exists(processId, out var start)) return true;
        if (processStartedAt is null || start is null) return false;
        // Start times read twice can differ by rounding; a reused id starts well after the holder did.
        return (start.Value - DbValue.Timestamp(processStartedAt)).Duration() > TimeSpan.FromSeconds(2);
    }

    private static bool Exists(int processId, out DateTimeOffset? start)
    {
        start = null;
        try
        {
            using var p = Process.GetProcessById(processId);
            if (p.HasExited) return false;
            start = StartOf(p);
            return true;
        }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }

    private static DateTimeOffset? StartOf(int processId)
    {
        try
        {
            using var p = Process.GetProcessById(processId);
            return StartOf(p);
        }
        catch (ArgumentException) { return null; }
        catch (InvalidOperationException) { return null; }
    }

    private static DateTimeOffset? StartOf(Process p)
    {
        try { return new DateTimeOffset(p.StartTime.ToUniversalTime(), TimeSpan.Zero); }
        catch (InvalidOperationException) { return null; }
        catch (Win32Exception) { return null; }
        catch (NotSupportedException) { return null; }
    }

    /// <summary>A killed process that its parent has not reaped yet still has an id on Linux, in state Z.</summary>
    private static bool IsZombie(int processId)
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            var close = stat.LastIndexOf(')');
            return close > 0 && close + 2 < stat.Length && stat[close + 2] is 'Z' or 'X';
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }
}
