using System.Diagnostics;

namespace AttendanceTools.Bench;

/// <summary>Peak working set of this process while a scenario runs, sampled every 20 ms.</summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly Timer _timer;
    private long _peak;

    public MemorySampler()
    {
        _peak = Current();
        _timer = new Timer(_ => Sample(), null, 0, 20);
    }

    public long PeakBytes { get { Sample(); return Interlocked.Read(ref _peak); } }

    private void Sample()
    {
        var now = Current();
        long seen;
        while (now > (seen = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, seen) != seen) { }
    }

    private static long Current()
    {
        using var p = Process.GetCurrentProcess();
        return p.WorkingSet64;
    }

    public void Dispose() => _timer.Dispose();
}
