namespace AttendanceTools.Infrastructure;

/// <summary>
/// How a writer comes to delete rows; it decides how the writer asks first (issue #11, "destructive writes prompt").
/// Writers that delete only rows they derive themselves (day aggregates, backfill moves, bridged marks, the
/// provisioning snapshot) carry no kind: running them again from the same sources puts those rows back.
/// </summary>
public enum RowDeletion
{
    /// <summary>
    /// Deleting or overwriting is what the command is for (a record, a backup, a lease, an undo, a restore, a rollover):
    /// the cmdlet is ConfirmImpact High, so it prompts unless -Confirm:$false.
    /// </summary>
    Intended,

    /// <summary>
    /// Deletes rows that are missing from its input (an import: a file is the whole table). How many depends on the
    /// plan, so the cmdlet is ConfirmImpact Medium, asks again as a High-impact command when the plan deletes
    /// (<see cref="StoreCmdlet.ConfirmDeletes"/>), and holds a default delete guard that -Force or -MaxChangePercent raises.
    /// </summary>
    Planned,
}

/// <summary>
/// Declares that a writer deletes rows, and how. A compliance test holds every writer to the rule of its kind,
/// so a new writer that deletes says so here and inherits the rule.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class DeletesRowsAttribute(RowDeletion kind) : Attribute
{
    /// <summary>How the writer deletes.</summary>
    public RowDeletion Kind { get; } = kind;
}
