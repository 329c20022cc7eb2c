using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Infrastructure;

/// <summary>
/// The maintenance-lock tokens this runspace took (domain §4.5: "the session that took the lock
/// holds the token implicitly"), per store location. Keyed by runspace like <see cref="SessionStore"/>.
/// </summary>
internal static class SessionLocks
{
    private static readonly ConditionalWeakTable<Runspace, Dictionary<string, string>> Tokens = new();

    private static Dictionary<string, string>? Current(bool create)
    {
        if (Runspace.DefaultRunspace is not { } rs) return null;
        return create ? Tokens.GetOrCreateValue(rs) : Tokens.TryGetValue(rs, out var d) ? d : null;
    }

    public static void Remember(AttendanceStore store, string token)
    {
        if (Current(create: true) is { } d) lock (d) d[Key(store)] = token;
    }

    public static void Forget(AttendanceStore store)
    {
        if (Current(create: false) is { } d) lock (d) d.Remove(Key(store));
    }

    /// <summary>The token a writer passes: the one given (-LockToken or a piped lock), else the one this session holds for the store.</summary>
    public static string? TokenFor(AttendanceStore store, string? given)
    {
        if (!string.IsNullOrEmpty(given)) return given;
        if (Current(create: false) is not { } d) return null;
        lock (d) return d.TryGetValue(Key(store), out var token) ? token : null;
    }

    private static string Key(AttendanceStore store) => store.Location.ToUpperInvariant();
}
