using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Infrastructure;

/// <summary>
/// Test seam for the crash tests, which run the module in a child pwsh and kill it at a named point
/// of the write protocol: with <c>ATTENDANCETOOLS_TEST_PAUSE_AT=Operation:Point</c> (for example
/// <c>Import:BeforeCommit</c>) in the environment, a run that reaches that point writes a line to the
/// file named by <c>ATTENDANCETOOLS_TEST_PAUSE_SIGNAL</c> and stops there until the process is killed.
/// Without the variable (normal use) nothing is installed.
/// </summary>
internal static class WritePointPause
{
    private const string PauseAtVariable = "ATTENDANCETOOLS_TEST_PAUSE_AT", SignalVariable = "ATTENDANCETOOLS_TEST_PAUSE_SIGNAL";
    private static int _installed;

    public static void InstallFromEnvironment()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 1) return;
        var at = Environment.GetEnvironmentVariable(PauseAtVariable);
        var signal = Environment.GetEnvironmentVariable(SignalVariable);
        if (string.IsNullOrEmpty(at) || string.IsNullOrEmpty(signal)) return;
        WritePoints.Reached = (operation, point) =>
        {
            if (!string.Equals($"{operation}:{point}", at, StringComparison.OrdinalIgnoreCase)) return;
            // Written aside and renamed, so a watcher never reads a half-written line.
            File.WriteAllText(signal + ".tmp", $"{operation}:{point} {Environment.ProcessId}{Environment.NewLine}");
            File.Move(signal + ".tmp", signal, overwrite: true);
            Thread.Sleep(Timeout.Infinite);
        };
    }
}
