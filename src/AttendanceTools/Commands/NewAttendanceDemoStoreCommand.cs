using System.Globalization;
using System.Management.Automation;
using AttendanceTools.Engine;
using AttendanceTools.Engine.Demo;
using AttendanceTools.Engine.Model;
using AttendanceTools.Completers;
using AttendanceTools.Infrastructure;

namespace AttendanceTools.Commands;

/// <summary>
/// <para type="synopsis">Creates a store file holding a generated, realistic demo district, and connects the session to it.</para>
/// <para type="description">The same seed and size always give the same district: schools, calendars, bell schedules, rosters, enrolments, attendance and year-end data that every AttendanceTools operation can be tried on.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "AttendanceDemoStore", SupportsShouldProcess = true, HelpUri = HelpLinks.Base + "New-AttendanceDemoStore.md")]
[OutputType(typeof(DemoStoreResult))]
public sealed class NewAttendanceDemoStoreCommand : PSCmdlet, IDisposable
{
    private CancellationTokenSource? _cts;

    /// <summary>The SQLite store file to create. An existing file is refused unless -Force is given.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>How many students the district has (100 to 200,000); the number of schools grows with it.</summary>
    [Parameter]
    [ValidateRange(DemoOptions.MinimumStudents, DemoOptions.MaximumStudents)]
    public int Students { get; set; } = DemoOptions.DefaultStudents;

    /// <summary>The seed of the generator: the same seed and number of students give identical data.</summary>
    [Parameter]
    public int Seed { get; set; } = 1;

    /// <summary>The current school year of the demo, as the end year (2026) or the span (2025-26); the next year is created too. Default: 2025-26.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(SchoolYearCompleter))]
    public string? SchoolYear { get; set; }

    /// <summary>Replace the file when it already exists.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Create the store without connecting this session to it.</summary>
    [Parameter]
    public SwitchParameter NoConnect { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing() => _cts = new CancellationTokenSource();

    /// <inheritdoc />
    protected override void StopProcessing() => _cts?.Cancel();

    /// <summary>Releases the cancellation source (PowerShell disposes cmdlets that implement IDisposable).</summary>
    public void Dispose() => _cts?.Dispose();

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        var full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        var observer = new CmdletObserver(this);
        var ct = _cts?.Token ?? CancellationToken.None;
        try
        {
            var options = new DemoOptions
            {
                Students = Students,
                Seed = Seed,
                SchoolYear = SchoolYearArgument.Parse(SchoolYear) ?? DemoOptions.DefaultSchoolYear,
            };
            var request = new DemoStoreRequest { Path = full, Options = options, Replace = Force, Clock = TestHooks.EffectiveClock };
            // Plan first (checks the path, generates the district in memory; writes nothing), so the preview has exact counts.
            var plan = DemoStore.Plan(request, observer, ct);
            var what = string.Create(CultureInfo.InvariantCulture,
                $"Create the demo store '{full}': {plan.Schools} schools, {plan.Students:N0} students, {plan.Data.Calendars.Count} calendars, school year {SchoolYearText.Format(options.SchoolYear)} and the next, seed {Seed}{(plan.ReplacesExisting ? "; replaces the existing file" : "")}.");
            if (!ShouldProcess(what, $"{what} Continue?", "New-AttendanceDemoStore")) return;

            var result = DemoStore.Apply(plan, observer, ct);
            if (!NoConnect)
            {
                var store = StoreOpener.Open(full, readOnly: false, createIfMissing: false, observer);
                SessionStore.Set(store);
                WriteVerbose($"Connected to the demo store '{store.Location}'.");
            }
            WriteObject(OutputShape.For(result));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // PowerShell is already stopping the pipeline; cancellation is not an error.
        }
        catch (AttendanceException ex)
        {
            ThrowTerminatingError(ErrorMapper.ToRecord(ex, full));
        }
        finally
        {
            observer.CompleteAll();
        }
    }
}
