using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Import;

/// <summary>
/// The import's diff of a table too large to hold twice: the attendance tables, about three quarters of a district's
/// rows, which no other table refers to. Their files are read after every other table is diffed and checked, one table
/// at a time; the package's rows are keyed once by their natural key (typed, not boxed), the store's rows stream past
/// that index one at a time and are kept only when the import deletes them, and the package's rows are let go after
/// the table (the plan keeps the rows it writes). Peak memory is one table's package rows, not the store's and the
/// package's whole district.
/// </summary>
internal static class StreamedDiff
{
    /// <summary>The tables diffed this way, in dependency order: each has its own file, a typed key, and no table referring to it.</summary>
    public static IReadOnlyList<DistrictTable> Tables { get; } =
        [DistrictTables.DailyAttendance, DistrictTables.MeetingAttendance, DistrictTables.AttendanceTime];

    /// <summary>
    /// Diffs <paramref name="own"/>'s file against <paramref name="stored"/>, checks its rows' references against
    /// <paramref name="refs"/> (null: the package already has problems that make the check meaningless), and releases the rows.
    /// </summary>
    public static TableDiff Diff(OwnFile own, PackageSource source, ImportPackage package, IEnumerable<object> stored, DistrictRefs? refs,
        ImportProblems problems, CancellationToken ct)
    {
        ImportPackageReader.ReadDeferred(source, package, own, ct);
        return own.Table.Accept(new Visitor(package, stored, refs, problems, ct));
    }

    private enum Match : byte { None, Same, Changed, Duplicate }

    private sealed class Visitor(ImportPackage package, IEnumerable<object> stored, DistrictRefs? refs, ImportProblems problems, CancellationToken ct)
        : IDistrictTableVisitor<TableDiff>
    {
        public TableDiff Visit<T>(DistrictTable<T> table) where T : class
        {
            var desired = table.List(package.Data);
            var index = new Dictionary<T, int>(desired.Count, table.KeyEquality
                ?? throw new InvalidOperationException($"{table.Name} has no typed key, so it cannot be diffed as a stream."));
            var match = new Match[desired.Count];
            for (var i = 0; i < desired.Count; i++)
            {
                if ((i & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
                if (index.TryAdd(desired[i], i)) continue;
                match[i] = Match.Duplicate;
                ImportDiff.Duplicate(table, package, problems, table.KeyOf(desired[i]), package.LineOf(table, i), package.LineOf(table, index[desired[i]]));
            }

            var deletes = new List<T>();
            var existing = 0;
            foreach (var row in stored)
            {
                if ((++existing & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
                var s = (T)row;
                if (index.TryGetValue(s, out var i)) match[i] = table.SameValues(s, desired[i]) ? Match.Same : Match.Changed;
                else deletes.Add(s);
            }
            index.Clear();
            index.TrimExcess();

            var diff = new TableDiff(table, [], [], []) { Existing = existing, Desired = desired.Count };
            for (var i = 0; i < desired.Count; i++)
            {
                if (match[i] == Match.None) diff.Inserts.Add(desired[i]);
                else if (match[i] == Match.Changed) diff.Updates.Add(desired[i]);
            }
            // In key order, as the in-memory diff gives them.
            var ordered = deletes.ToArray();
            NaturalKeyComparer.Sort(ordered, table.KeyOf);
            diff.Deletes.AddRange(ordered);

            if (refs is not null && !problems.HasValueProblems) ImportValidator.Walk(table, desired, check: true, refs, ct);
            package.Release(table);
            return diff;
        }
    }
}
