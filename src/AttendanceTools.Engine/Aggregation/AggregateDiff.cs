namespace AttendanceTools.Engine.Aggregation;

/// <summary>What a calendar's refresh writes: only the difference between the desired and stored rows.</summary>
public sealed class AggregateChanges
{
    public List<DayAggregateRow> Inserts { get; } = [];
    public List<DayAggregateRow> Updates { get; } = [];
    public List<DayAggregateRow> Deletes { get; } = [];
    public int Unchanged { get; set; }
    public int Existing { get; set; }
    public int Total => Inserts.Count + Updates.Count + Deletes.Count;
}

public static class AggregateDiff
{
    /// <summary>Merges two lists sorted by (Date, StudentRef); both must already be limited to the run's scope.</summary>
    public static AggregateChanges Compute(List<DayAggregateRow> desired, List<DayAggregateRow> existing)
    {
        var changes = new AggregateChanges { Existing = existing.Count };
        int i = 0, j = 0;
        while (i < desired.Count || j < existing.Count)
        {
            var cmp = i >= desired.Count ? 1 : j >= existing.Count ? -1 : Compare(desired[i], existing[j]);
            if (cmp < 0) changes.Inserts.Add(desired[i++]);
            else if (cmp > 0) changes.Deletes.Add(existing[j++]);
            else
            {
                if (desired[i].SameValues(existing[j])) changes.Unchanged++;
                else changes.Updates.Add(desired[i]);
                i++;
                j++;
            }
        }
        return changes;
    }

    private static int Compare(in DayAggregateRow a, in DayAggregateRow b)
        => a.Date != b.Date ? a.Date.CompareTo(b.Date) : a.StudentRef.CompareTo(b.StudentRef);
}
