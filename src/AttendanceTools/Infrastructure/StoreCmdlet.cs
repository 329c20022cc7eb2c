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

    /// <summary>Cancelled when the user presses Ctrl+C or the job is stopped.</summary>
    protected CancellationToken CancelToken => (_cts ??= new CancellationTokenSource()).Token;

    /// <summary>Progress, verbose and warning output from the engine.</summary>
    internal CmdletObserver Observer => _observer ??= new CmdletObserver(this);

    /// <inheritdoc />
    protected override void BeginProcessing() => _cts ??= new CancellationTokenSource();

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

    /// <summary>Reports one failed unit (a calendar, a student) and lets the command go on.</summary>
    protected void WriteErrorFor(Exception exception, object? target = null) => WriteError(ErrorMapper.ToRecord(exception, target));
}
