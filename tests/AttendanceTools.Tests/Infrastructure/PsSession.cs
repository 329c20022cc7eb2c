using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Microsoft.Data.Sqlite;

namespace AttendanceTools.Tests.Infrastructure;

/// <summary>What one script run produced, stream by stream.</summary>
internal sealed record PsResult(
    Collection<PSObject> Output,
    IReadOnlyList<ErrorRecord> Errors,
    IReadOnlyList<WarningRecord> Warnings,
    IReadOnlyList<VerboseRecord> Verbose,
    IReadOnlyList<ProgressRecord> Progress,
    IReadOnlyList<InformationRecord> Information,
    IReadOnlyList<string> HostLines,
    bool HadErrors,
    RuntimeException? Terminating)
{
    /// <summary>The FullyQualifiedErrorId of the terminating error, else of the first error record.</summary>
    public string? ErrorId => Terminating?.ErrorRecord.FullyQualifiedErrorId ?? Errors.FirstOrDefault()?.FullyQualifiedErrorId;

    public ErrorRecord? FirstError => Terminating?.ErrorRecord ?? Errors.FirstOrDefault();

    public PsResult ShouldSucceed()
    {
        if (Terminating is not null || Errors.Count > 0)
            throw new Xunit.Sdk.XunitException("The script failed: " + string.Join(Environment.NewLine,
                new[] { Terminating?.ErrorRecord }.Concat(Errors).Where(e => e is not null).Select(e => $"{e!.FullyQualifiedErrorId}: {e.Exception.Message}")));
        return this;
    }
}

/// <summary>
/// One runspace from <c>InitialSessionState.CreateDefault2()</c> with the built module imported,
/// a recording host, and a temporary folder that goes away with it.
/// </summary>
internal sealed class PsSession : IDisposable
{
    static PsSession()
    {
        // Load this test assembly's own (different) Microsoft.Data.Sqlite into the default context
        // first, as another module would; the module must still load and use its own copy.
        using var c = new SqliteConnection("Data Source=:memory:");
        c.Open();
    }

    private readonly Runspace _runspace;
    private readonly RecordingHost _host = new();

    public PsSession(bool importModule = true)
    {
        TempFolder = Directory.CreateTempSubdirectory("attendancetools-test-").FullName;
        var iss = InitialSessionState.CreateDefault2();
        _runspace = RunspaceFactory.CreateRunspace(_host, iss);
        _runspace.Open();
        _runspace.SessionStateProxy.Path.SetLocation(TempFolder);
        if (importModule) Run($"Import-Module '{Repo.ModuleManifest}' -ErrorAction Stop").ShouldSucceed();
    }

    public string TempFolder { get; }

    public string PathIn(string name) => Path.Combine(TempFolder, name);

    /// <summary>Runs a script; variables are set first (so tests never splice values into script text).</summary>
    public PsResult Run(string script, IDictionary<string, object?>? variables = null)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        if (variables is not null)
            foreach (var (name, value) in variables) _runspace.SessionStateProxy.SetVariable(name, value);
        ps.AddScript(script);
        var before = _host.Lines.Count;
        Collection<PSObject> output = [];
        RuntimeException? terminating = null;
        try
        {
            output = ps.Invoke();
        }
        catch (RuntimeException ex)
        {
            terminating = ex;
        }
        return new PsResult(output, [.. ps.Streams.Error], [.. ps.Streams.Warning], [.. ps.Streams.Verbose], [.. ps.Streams.Progress],
            [.. ps.Streams.Information], _host.Lines.Skip(before).ToList(), ps.HadErrors || terminating is not null, terminating);
    }

    public void Dispose()
    {
        try { Run("Disconnect-AttendanceStore -ErrorAction SilentlyContinue"); } catch (RuntimeException) { }
        _runspace.Dispose();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(TempFolder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>Reads an output object's property without casting (the module's types live in another load context).</summary>
internal static class PsObjectExtensions
{
    public static object? Prop(this PSObject o, string name) => o.Properties[name]?.Value is { } v ? (v is PSObject p ? p.BaseObject : v) : null;

    public static T Prop<T>(this PSObject o, string name) => (T)LanguagePrimitives.ConvertTo(o.Properties[name]?.Value, typeof(T), System.Globalization.CultureInfo.InvariantCulture);

    public static string TypeName(this PSObject o) => o.TypeNames[0];
}
