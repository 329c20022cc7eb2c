namespace AttendanceTools.Engine.Aggregation;

/// <summary>
/// Which input rows a run reads (issue 16), derived from its <see cref="AggregationScope"/>s: the
/// <b>blocks</b> — runs of consecutive calendar dates that are whole days in scope, read for every
/// student with range scans of the clustered (school, date) and (calendar, date) keys — and the
/// <b>students</b> with date ranges of their own (the change log's student-days), read student by
/// student through the (StudentRef, …) indexes. A nightly run after a few edits thus reads the new
/// day for everyone and a handful of student-days, not a week of the whole school.
/// </summary>
internal sealed class LoadScope
{
    private readonly List<(int From, int To)> _blocks;

    private LoadScope(List<(int From, int To)> blocks, Dictionary<int, List<(int From, int To)>> students)
    {
        _blocks = blocks;
        Students = students;
    }

    /// <summary>Sorted, disjoint date ranges (inclusive) whose every student is read.</summary>
    public IReadOnlyList<(int From, int To)> Blocks => _blocks;

    /// <summary>First and last date of the blocks; From &gt; To when there is none.</summary>
    public (int From, int To) BlockSpan => _blocks.Count == 0 ? (int.MaxValue, int.MinValue) : (_blocks[0].From, _blocks[^1].To);

    /// <summary>Per student read on its own: its date ranges, sorted and merged. Its enrolments and roster spans are read whole.</summary>
    public IReadOnlyDictionary<int, List<(int From, int To)>> Students { get; }

    public bool IsEmpty => _blocks.Count == 0 && Students.Count == 0;

    /// <summary>True when <paramref name="date"/> lies in a block (its rows are read with the block's range scan).</summary>
    public bool InBlock(int date)
    {
        int lo = 0, hi = _blocks.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >> 1;
            if (date < _blocks[mid].From) hi = mid - 1;
            else if (date > _blocks[mid].To) lo = mid + 1;
            else return true;
        }
        return false;
    }

    /// <summary>
    /// One calendar's reads. <paramref name="dates"/>: every date the scope was built from (calendar days and
    /// stale dates, sorted); a block ends at the first of them that is not a whole day in scope.
    /// </summary>
    public static LoadScope For(AggregationScope scope, IReadOnlyList<int> dates)
    {
        var blocks = new List<(int From, int To)>();
        var open = false;
        foreach (var date in dates)
        {
            if (!scope.HasWholeDay(date))
            {
                open = false;
                continue;
            }
            if (open) blocks[^1] = (blocks[^1].From, date);
            else blocks.Add((date, date));
            open = true;
        }
        var students = new Dictionary<int, List<(int From, int To)>>();
        foreach (var (student, ranges) in scope.StudentRanges) students[student] = Merge(ranges);
        return new LoadScope(blocks, students);
    }

    /// <summary>A school's reads: what any of its calendars reads (a mark one calendar does not need is left out when it is assembled).</summary>
    public static LoadScope Union(IEnumerable<LoadScope> scopes)
    {
        var blocks = new List<(int From, int To)>();
        var students = new Dictionary<int, List<(int From, int To)>>();
        foreach (var s in scopes)
        {
            blocks.AddRange(s._blocks);
            foreach (var (student, ranges) in s.Students)
                if (students.TryGetValue(student, out var list)) list.AddRange(ranges);
                else students[student] = [.. ranges];
        }
        foreach (var student in students.Keys.ToList()) students[student] = Merge(students[student]);
        return new LoadScope(Merge(blocks), students);
    }

    /// <summary>The ranges sorted, overlapping ones merged.</summary>
    public static List<(int From, int To)> Merge(IEnumerable<(int From, int To)> ranges)
    {
        var merged = new List<(int From, int To)>();
        foreach (var (from, to) in ranges.OrderBy(r => r.From))
        {
            if (merged.Count > 0 && from <= merged[^1].To) merged[^1] = (merged[^1].From, Math.Max(merged[^1].To, to));
            else merged.Add((from, to));
        }
        return merged;
    }
}
