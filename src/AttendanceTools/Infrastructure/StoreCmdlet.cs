using System.Collections;
using System.Management.Automation;
using AttendanceTools.Engine;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Infrastructure;

/// <summary>
/// The one base class: owns <c>-Store</c>, store resolution, cancellation (Ctrl+C / Stop-Job), the
/// observer adapter and error mapping. Commands derive from it and stay translators.
/// </summary>
public abstract class StoreCmdlet : PSCmdlet
{
    private CancellationTokenSource? _cts;
    private CmdletObserver? _observer;

    /// <summary>
    /// The store to use: the object Connect-AttendanceStore -PassThru returns, a Get-AttendanceStore
    /// result, or the path of a store file. Without it, the store this session connected to.
    /// </summary>
    [Parameter]
    [ValidateNotNull]
    public object? Store { get; set; }

    /// <summary>The error ids of "this name matches nothing in the store".</summary>
    internal static readonly IReadOnlySet<string> NameNotFound = new HashSet<string>(StringComparer.Ordinal)
    {
        "SchoolNotFound", "CalendarNotFound", "StudentNotFound", "SchoolYearNotFound", "ProgramNotFound", "RunNotFound", "AttendanceCodeNotFound",
    };

    /// <summary>Cancelled when the user presses Ctrl+C or the job is stopped.</summary>
    protected CancellationToken CancelToken => (_cts ??= new CancellationTokenSource()).Token;

    /// <summary>Progress, verbose and warning output from the engine.</summary>
    internal CmdletObserver Observer => _observer ??= new CmdletObserver(this);

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        _cts ??= new CancellationTokenSource();
        RefuseEmptyNameLists();
    }

    /// <summary>
    /// A list parameter given on the command line as $null, @() or only empty strings (typically a
    /// variable that a script never filled) is refused, naming the parameter: read as "no filter" it
    /// would widen a run meant for some students to the whole district, and left alone it would reach
    /// the engine as a null. Piped objects are not affected (they bind later, record by record).
    /// </summary>
    private void RefuseEmptyNameLists()
    {
        foreach (var (name, value) in MyInvocation.BoundParameters)
        {
            if (GetType().GetProperty(name)?.PropertyType != typeof(string[])) continue;
            if (value is string[] list && list.Any(v => !string.IsNullOrEmpty(v))) continue;
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"-{name} was given no value ($null, an empty list or empty strings). Name at least one, or leave -{name} out to mean all.", name),
                "ParameterValueEmpty", ErrorCategory.InvalidArgument, name));
        }
    }

    /// <inheritdoc />
    protected override void StopProcessing() => _cts?.Cancel();

    /// <summary>The store for this call: <c>-Store</c>, else the session's; otherwise a terminating error that says what to run.</summary>
    protected AttendanceStore ResolveStore()
    {
        if (Store is not null)
        {
            try
            {
                return StoreOpener.FromArgument(Store, SessionState);
            }
            catch (AttendanceException ex)
            {
                ThrowTerminatingError(ErrorMapper.ToRecord(ex));
            }
        }
        var store = SessionStore.Current;
        if (store is not null) return store;
        ThrowTerminatingError(ErrorMapper.ToRecord(new AttendanceException("StoreNotConnected", FailureKind.InvalidOperation,
            "No attendance store is connected in this session, and no -Store was given.", null,
            "Run Connect-AttendanceStore -Path <file> first (New-AttendanceDemoStore makes a demo store), or pass -Store.")));
        return null!; // unreachable: ThrowTerminatingError throws
    }

    /// <summary>Runs engine work, turning failures into terminating errors and cancellation into a quiet stop.</summary>
    protected void Guarded(Action work)
    {
        try
        {
            work();
        }
        catch (OperationCanceledException) when (CancelToken.IsCancellationRequested)
        {
            // PowerShell is already stopping the pipeline; cancellation is not an error.
        }
        catch (AttendanceException ex) when (NameNotFound.Contains(ex.ErrorId))
        {
            // The module's one rule for names (README "Concepts", about_AttendanceTools): a name that matches nothing is a non-terminating
            // error, whether the engine reports it and goes on or throws it, so the command's other input still
            // runs and -ErrorAction Stop (or $ErrorActionPreference) decides whether the script stops.
            WriteErrorFor(ex);
        }
        catch (AttendanceException ex)
        {
            ThrowTerminatingError(ErrorMapper.ToRecord(ex));
        }
        catch (System.Data.Common.DbException ex)
        {
            // A server store's fault the engine did not classify (a dropped connection after its retries, a server error).
            ThrowTerminatingError(ErrorMapper.ToRecord(ex));
        }
        finally
        {
            _observer?.CompleteAll();
        }
    }

    /// <summary>
    /// The second question of a writer whose plan deletes rows (<see cref="RowDeletion.Planned"/>). PowerShell decides
    /// whether ShouldProcess prompts from the ConfirmImpact the cmdlet declares, which cannot depend on the plan; so
    /// the writer declares Medium and, when its plan deletes, asks here exactly when a High-impact command would:
    /// $ConfirmPreference is High (the default) and neither -Confirm:$false nor -Force was given. When ShouldProcess
    /// has already asked (-Confirm, or $ConfirmPreference Medium or Low) it does not ask twice; -WhatIf never gets here.
    /// </summary>
    /// <returns>True to go on; false when the user said no.</returns>
    protected bool ConfirmDeletes(string query, string caption, bool force)
        => force || EffectiveConfirmPreference() != ConfirmImpact.High || ShouldContinue(query, caption);

    /// <summary>
    /// True when ShouldProcess would neither prompt nor stop at a cmdlet of <paramref name="impact"/>: no -WhatIf, and
    /// -Confirm / $ConfirmPreference above that impact. Such a run can write without showing counts first.
    /// </summary>
    protected bool RunsUnattended(ConfirmImpact impact)
    {
        var whatIf = MyInvocation.BoundParameters.TryGetValue("WhatIf", out var w)
            ? IsOn(w) : LanguagePrimitives.IsTrue(SessionState.PSVariable.GetValue("WhatIfPreference"));
        var preference = EffectiveConfirmPreference();
        return !whatIf && (preference == ConfirmImpact.None || impact < preference);
    }

    /// <summary>A bound switch's value: -Name, -Name:$true or -Name:$false.</summary>
    private static bool IsOn(object? value) => value is SwitchParameter sp ? sp.IsPresent : LanguagePrimitives.IsTrue(value);

    /// <summary>The confirm preference this call runs under: -Confirm / -Confirm:$false when given, else $ConfirmPreference.</summary>
    private ConfirmImpact EffectiveConfirmPreference()
    {
        if (MyInvocation.BoundParameters.TryGetValue("Confirm", out var confirm))
            return IsOn(confirm) ? ConfirmImpact.Low : ConfirmImpact.None;
        return LanguagePrimitives.TryConvertTo<ConfirmImpact>(SessionState.PSVariable.GetValue("ConfirmPreference"), out var preference)
            ? preference : ConfirmImpact.High;
    }

    /// <summary>Writes an output object shaped for Export-Csv (<see cref="OutputShape"/>): ISO dates, lists as text.</summary>
    protected new void WriteObject(object? sendToPipeline) => base.WriteObject(OutputShape.For(sendToPipeline));

    /// <summary>Writes a collection's items (or the object itself), each shaped for Export-Csv.</summary>
    protected new void WriteObject(object? sendToPipeline, bool enumerateCollection)
    {
        if (!enumerateCollection || sendToPipeline is not IEnumerable items || sendToPipeline is string or IDictionary)
        {
            WriteObject(sendToPipeline);
            return;
        }
        foreach (var item in items) WriteObject(item);
    }

    /// <summary>Reports one failed unit (a calendar, a student) and lets the command go on.</summary>
    protected void WriteErrorFor(Exception exception, object? target = null) => WriteError(ErrorMapper.ToRecord(exception, target));
}
