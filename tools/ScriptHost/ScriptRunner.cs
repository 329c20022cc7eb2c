using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace AttendanceTools.ScriptHost;

/// <summary>
/// Runs one script the way pwsh -File would in a runbook: module imported, errors stop the script
/// ($ErrorActionPreference = 'Stop' unless the script says otherwise), output printed as it comes.
/// Exit code: the script's own "exit N"; else 1 when it failed or wrote errors; else 0.
/// </summary>
internal sealed class ScriptRunner(TextWriter stdout, TextWriter stderr)
{
    public int Run(string moduleManifest, string scriptPath, IReadOnlyList<string> scriptArgs)
    {
        var formatFiles = Directory.GetFiles(Path.GetDirectoryName(moduleManifest)!, "*.Format.ps1xml");
        var renderer = new OutputRenderer(stdout, FormatViews.Load(formatFiles));
        var host = new ConsoleHost(stdout, stderr, renderer.Flush);

        var iss = InitialSessionState.CreateDefault2();
        // Windows applies execution policy to hosted engines too; this host runs the file it was given.
        // (Elsewhere there is no policy, and setting one throws PlatformNotSupportedException.)
        if (OperatingSystem.IsWindows()) iss.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
        using var runspace = RunspaceFactory.CreateRunspace(host, iss);
        // One thread for everything, so format-view script blocks run where the runspace lives.
        runspace.ThreadOptions = PSThreadOptions.UseCurrentThread;
        runspace.Open();
        Runspace.DefaultRunspace = runspace;

        var setup = Invoke(runspace, ps => ps
            .AddScript(". $args[0]; Import-Module -Name $args[1] -ErrorAction Stop; $global:ErrorActionPreference = 'Stop'")
            .AddArgument(Path.Combine(AppContext.BaseDirectory, "Shims.ps1"))
            .AddArgument(moduleManifest), renderer);
        if (setup != 0) return setup;

        var code = Invoke(runspace, ps =>
        {
            ps.AddCommand(scriptPath);
            ScriptArguments.AddTo(ps, scriptArgs);
            return ps;
        }, renderer);
        if (code != 0) return code;
        if (host.RequestedExitCode is { } requested) return requested;
        return runspace.SessionStateProxy.GetVariable("LASTEXITCODE") is int last ? last : 0;
    }

    private int Invoke(Runspace runspace, Func<PowerShell, PowerShell> build, OutputRenderer renderer)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = runspace;
        build(ps);
        var written = new List<ErrorRecord>();
        ps.Streams.Error.DataAdded += (_, e) =>
        {
            var error = ps.Streams.Error[e.Index];
            written.Add(error);
            renderer.Flush();
            stderr.WriteLine(OutputRenderer.ErrorText(error));
        };
        using var output = new PSDataCollection<PSObject>();
        output.DataAdded += (_, e) => renderer.Add(output[e.Index]);
        // Ctrl+C stops the pipeline the PowerShell way, so cmdlets cancel and roll back instead of being killed.
        ConsoleCancelEventHandler stop = (_, e) => { e.Cancel = true; ps.BeginStop(null, null); };
        Console.CancelKeyPress += stop;
        try
        {
            ps.Invoke<PSObject, PSObject>(null, output, new PSInvocationSettings());
            renderer.Flush();
            return written.Count > 0 ? 1 : 0;
        }
        catch (RuntimeException ex)
        {
            renderer.Flush();
            // The error a stopped script threw is usually also in the error stream; print it once.
            if (!written.Contains(ex.ErrorRecord)) stderr.WriteLine(OutputRenderer.ErrorText(ex.ErrorRecord));
            return 1;
        }
        finally
        {
            Console.CancelKeyPress -= stop;
        }
    }
}
