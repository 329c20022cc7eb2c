using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Infrastructure;

/// <summary>
/// The store a runspace is connected to. Keyed by runspace, never a plain static: Azure
/// Automation runs several jobs in one process, and ThreadJob / ForEach-Object -Parallel share it.
/// </summary>
internal static class SessionStore
{
    private sealed class Slot
    {
        public AttendanceStore? Store;
    }

    private static readonly ConditionalWeakTable<Runspace, Slot> Slots = new();

    public static AttendanceStore? Current => Runspace.DefaultRunspace is { } rs && Slots.TryGetValue(rs, out var slot) ? slot.Store : null;

    public static void Set(AttendanceStore? store)
    {
        var rs = Runspace.DefaultRunspace ?? throw new InvalidOperationException("There is no current runspace.");
        Slots.GetOrCreateValue(rs).Store = store;
    }
}
