using System.Diagnostics;

namespace AttendanceTools.Tests.Infrastructure;

/// <summary>What one run of tools/ScriptHost printed and returned.</summary>
internal sealed record HostRun(int ExitCode, string StdOut, string StdErr)
{
    public override string ToString() => $"exit {ExitCode}{Environment.NewLine}stdout:{Environment.NewLine}{StdOut}{Environment.NewLine}stderr:{Environment.NewLine}{StdErr}";
}

/// <summary>
/// Runs a script as a user without pwsh does: tools/ScriptHost in its own process, with the built
/// module, real stdout, stderr and exit code.
/// </summary>
internal static class ScriptHostProcess
{
    public static HostRun Run(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add(HostAssembly);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["ATTENDANCETOOLS_MODULE"] = Repo.ModuleFolder;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The script host did not finish within two minutes.");
        }
        return new HostRun(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>The host built by the same configuration as these tests (bin/Release/net10.0 or bin/Debug/net10.0).</summary>
    private static string HostAssembly
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
            var path = Path.Combine(Repo.Root, "tools", "ScriptHost", "bin", configuration, "net10.0", "ScriptHost.dll");
            Assert.True(File.Exists(path), $"The script host is not built at {path}.");
            return path;
        }
    }
}
