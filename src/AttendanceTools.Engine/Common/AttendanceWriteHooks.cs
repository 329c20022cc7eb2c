using System.Data.Common;

namespace AttendanceTools.Engine;

/// <summary>A student's attendance changed on a date at a school (a meeting or daily mark, or a time entry).</summary>
public readonly record struct AttendanceTouch(int SchoolRef, int StudentRef, DateOnly Date);

/// <summary>
/// The one place where attendance writes made through the module (imports, single-record writes,
/// bridge) tell dependent operations, inside the same transaction, what they touched. Realtime
/// backfill (domain §5.5) hooks in here.
/// </summary>
public static class AttendanceWriteHooks
{
    /// <summary>Called by every attendance writer before it commits.</summary>
    public static void AfterAttendanceWrite(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<AttendanceTouch> touched,
        TimeProvider clock, IOperationObserver observer)
    {
        if (touched.Count == 0) return;
        // Dependent operations are called from here.
        Backfill.BackfillRealtime.AfterAttendanceWrite(connection, transaction, touched, clock, observer);
    }
}
