using System.Globalization;

namespace AttendanceTools.Engine;

/// <summary>
/// The change guard of domain §4.4: refuse a run that would change more than the caller allowed.
/// Exactly the limit passes; a table with no rows in scope is a first load and is not guarded (C12).
/// </summary>
public static class ChangeGuard
{
    public static double Percent(long existing, long changes) => existing == 0 ? 0 : 100.0 * changes / existing;

    public static void Check(string table, long existingRowsInScope, long changes, double? maxChangePercent)
    {
        if (!Exceeds(existingRowsInScope, changes, maxChangePercent, out var percent, out var max)) return;
        throw new AttendanceException("ChangeThresholdExceeded", FailureKind.LimitsExceeded,
            string.Create(CultureInfo.InvariantCulture,
                $"{table}: this run would change {percent:0.0}% of the {existingRowsInScope:N0} existing rows in scope ({changes:N0} inserts, updates and deletes), more than the {max:0.###}% allowed by -MaxChangePercent. Nothing was written."),
            table, "Check that the scope and the input data are what you meant; to accept this change once, run again with a higher -MaxChangePercent.");
    }

    /// <summary>
    /// The default delete guard of a writer that deletes rows missing from its input (an import): more than
    /// <paramref name="maxDeletePercent"/> of a table's existing rows is refused unless the caller raised it.
    /// An empty table is a first load and is not guarded (C12); exactly the limit passes.
    /// </summary>
    public static void CheckDeletes(string table, long existingRows, long deletes, double? maxDeletePercent)
    {
        if (!Exceeds(existingRows, deletes, maxDeletePercent, out var percent, out var max)) return;
        throw new AttendanceException("ChangeThresholdExceeded", FailureKind.LimitsExceeded,
            string.Create(CultureInfo.InvariantCulture,
                $"{table}: this run would delete {deletes:N0} of the {existingRows:N0} existing rows ({percent:0.0}%), more than the {max:0.###}% it deletes without -Force or -MaxChangePercent. Nothing was written."),
            table, "Check that the files are complete (a file in the package is the whole table: rows missing from it are deleted); to accept the deletes, run again with -Force or a -MaxChangePercent that allows them.");
    }

    /// <summary>True when a limit is set, the table had rows (C12) and the share is over the limit (exactly the limit passes).</summary>
    private static bool Exceeds(long existing, long count, double? limit, out double percent, out double max)
    {
        percent = Percent(existing, count);
        max = limit ?? 0;
        return limit is not null && existing != 0 && percent > max;
    }
}
