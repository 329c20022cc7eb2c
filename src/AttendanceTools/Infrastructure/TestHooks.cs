namespace AttendanceTools.Infrastructure;

/// <summary>
/// Test-only seams, set by reflection from the cmdlet tests (never a public parameter). Null in
/// normal use.
/// </summary>
internal static class TestHooks
{
    /// <summary>Replaces the system clock for stores opened from now on (the 11 AM rule, "today").</summary>
    internal static TimeProvider? Clock { get; set; }

    internal static TimeProvider EffectiveClock => Clock ?? TimeProvider.System;
}
