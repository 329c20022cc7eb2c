namespace AttendanceTools.Engine.Aggregation;

/// <summary>
/// Which student-days of one calendar a run computes and owns: rows outside the scope are never
/// created, compared or deleted. Whole days (every student) and per-student date ranges combine,
/// which covers the manual run (all days to the cut-off), the student run (given students), and
/// the nightly run (the previous day plus whatever the change log says changed).
/// </summary>
public sealed class AggregationScope
{
    private readonly HashSet<int> _wholeDays = [];
    private readonly Dictionary<int, List<(int From, int To)>> _studentRanges = [];

    /// <param name="cutoff">The last date (yyyymmdd) this run may touch.</param>
    public AggregationScope(int cutoff) => Cutoff = cutoff;

    public int Cutoff { get; }

    /// <summary>Smallest and largest date in scope (for loading marks); From &gt; To when the scope is empty.</summary>
    public (int From, int To) Bounds { get; private set; } = (int.MaxValue, int.MinValue);

    public bool IsEmpty => Bounds.From > Bounds.To;

    /// <summary>Every student on these days (yyyymmdd, inclusive).</summary>
    public void AddDays(int from, int to, IEnumerable<int> calendarDates)
    {
        foreach (var d in calendarDates)
            if (d >= from && d <= to && d <= Cutoff && _wholeDays.Add(d)) Widen(d, d);
    }

    /// <summary>One student on a date range (inclusive, clipped to the cut-off).</summary>
    public void AddStudent(int studentRef, int from, int to)
    {
        to = Math.Min(to, Cutoff);
        if (from > to) return;
        if (!_studentRanges.TryGetValue(studentRef, out var list)) _studentRanges[studentRef] = list = [];
        list.Add((from, to));
        Widen(from, to);
    }

    public bool HasWholeDay(int date) => _wholeDays.Contains(date);

    public bool HasStudentRanges => _studentRanges.Count > 0;

    /// <summary>The students with date ranges of their own (beside the whole days), and those ranges.</summary>
    public IEnumerable<(int Student, IReadOnlyList<(int From, int To)> Ranges)> StudentRanges
        => _studentRanges.Select(p => (p.Key, (IReadOnlyList<(int From, int To)>)p.Value));

    /// <summary>True when <paramref name="studentRef"/> has a date range of its own.</summary>
    public bool HasRanges(int studentRef) => _studentRanges.ContainsKey(studentRef);

    public bool Contains(int date, int studentRef)
    {
        if (date > Cutoff) return false;
        if (_wholeDays.Contains(date)) return true;
        if (!_studentRanges.TryGetValue(studentRef, out var list)) return false;
        foreach (var (from, to) in list)
            if (date >= from && date <= to) return true;
        return false;
    }

    /// <summary>True when some student has this date in scope.</summary>
    public bool TouchesDay(int date)
    {
        if (date > Cutoff) return false;
        if (_wholeDays.Contains(date)) return true;
        foreach (var list in _studentRanges.Values)
            foreach (var (from, to) in list)
                if (date >= from && date <= to) return true;
        return false;
    }

    private void Widen(int from, int to) => Bounds = (Math.Min(Bounds.From, from), Math.Max(Bounds.To, to));
}
