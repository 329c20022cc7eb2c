namespace AttendanceTools.Engine.Aggregation;

/// <summary>What a calendar's refresh writes: only the difference between the desired and stored rows.</summary>
public sealed class AggregateChanges
{
    public List<DayAggregateRow> Inserts { get; internal set; } = [];
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
        var merge = new Merge(desired);
        foreach (var row in existing) merge.Stored(row);
        return merge.Finish();
    }

    /// <summary>
    /// The merge of the desired rows with the stored ones as they stream out of the store in key order
    /// (no list of the stored rows: a whole-year calendar holds millions).
    /// </summary>
    public sealed class Merge(List<DayAggregateRow> desired)
    {
        private readonly AggregateChanges _changes = new();
        private int _next;

        /// <summary>The next stored row in scope, in (Date, StudentRef) order.</summary>
        public void Stored(in DayAggregateRow row)
        {
            _changes.Existing++;
            while (_next < desired.Count && Compare(desired[_next], row) < 0) _changes.Inserts.Add(desired[_next++]);
            if (_next < desired.Count && Compare(desired[_next], row) == 0)
            {
                if (desired[_next].SameValues(row)) _changes.Unchanged++;
                else _changes.Updates.Add(desired[_next]);
                _next++;
            }
            else _changes.Deletes.Add(row);
        }

        public AggregateChanges Finish()
        {
            // A first load: every desired row is an insert (no copy of a list that can hold millions).
            if (_changes.Existing == 0) _changes.Inserts = desired;
            else while (_next < desired.Count) _changes.Inserts.Add(desired[_next++]);
            return _changes;
        }
    }

    private static int Compare(in DayAggregateRow a, in DayAggregateRow b)
        => a.Date != b.Date ? a.Date.CompareTo(b.Date) : a.StudentRef.CompareTo(b.StudentRef);
}
