using System.Diagnostics;
using System.Management.Automation;
using AttendanceTools.Engine;

namespace AttendanceTools.Infrastructure;

/// <summary>
/// Turns engine reports into PowerShell streams. Called on the pipeline thread only (the engine is
/// synchronous), throttles progress to about four updates a second per activity, and completes
/// every open activity in <see cref="CompleteAll"/>.
/// </summary>
internal sealed class CmdletObserver : IOperationObserver
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly Cmdlet _cmdlet;
    private readonly int _idBase;
    private readonly Dictionary<int, (ProgressInfo Last, long WrittenAt)> _open = [];

    public CmdletObserver(Cmdlet cmdlet)
    {
        _cmdlet = cmdlet;
        // Distinct ids per invocation so nested or consecutive commands do not overwrite each other's bars.
        _idBase = (Environment.TickCount & 0x3FFF) * 16;
    }

    public void Progress(ProgressInfo progress)
    {
        var now = Stopwatch.GetTimestamp();
        if (!progress.Completed && _open.TryGetValue(progress.Id, out var prev)
            && Stopwatch.GetElapsedTime(prev.WrittenAt, now) < Interval && progress.PercentComplete != 100)
        {
            _open[progress.Id] = (progress, prev.WrittenAt);
            return;
        }
        Write(progress);
        if (progress.Completed) _open.Remove(progress.Id);
        else _open[progress.Id] = (progress, now);
    }

    public void Verbose(string message) => _cmdlet.WriteVerbose(message);

    public void Warning(string id, string message) => _cmdlet.WriteWarning($"{message} [{id}]");

    /// <summary>Writes a Completed record for every activity still open (call in a finally).</summary>
    public void CompleteAll()
    {
        foreach (var (_, (last, _)) in _open.OrderByDescending(p => p.Key).ToList())
            Write(last with { Completed = true });
        _open.Clear();
    }

    private void Write(ProgressInfo p)
    {
        var record = new ProgressRecord(_idBase + p.Id, p.Activity, string.IsNullOrEmpty(p.Status) ? p.Activity : p.Status)
        {
            PercentComplete = Math.Clamp(p.PercentComplete, -1, 100),
            ParentActivityId = p.ParentId < 0 ? -1 : _idBase + p.ParentId,
            RecordType = p.Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
        };
        _cmdlet.WriteProgress(record);
    }
}
