using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Storage;
using E = AttendanceTools.Engine.Import.ImportErrorIds;

namespace AttendanceTools.Engine.Import;

/// <summary>
/// The difference between a package table (the desired rows) and the store's, by natural key. One
/// dictionary serves both the diff and the duplicate check, so a large table is keyed only once.
/// </summary>
internal static class ImportDiff
{
    private sealed class Slot(object? stored, int line)
    {
        public object? Stored { get; } = stored;
        /// <summary>The package line that claimed this key (0: not yet in the package).</summary>
        public int Line { get; set; } = line;
    }

    public static TableDiff Diff(DistrictTable table, DistrictData current, ImportPackage package, ImportProblems problems, CancellationToken ct)
    {
        var stored = table.Rows(current);
        var desired = table.Rows(package.Data);
        var slots = new Dictionary<object, Slot>(stored.Count + desired.Count);
        foreach (var row in stored) slots[table.KeyOf(row!)] = new Slot(row, 0);
        var diff = new TableDiff(table, [], [], []) { Existing = stored.Count, Desired = desired.Count };
        for (var i = 0; i < desired.Count; i++)
        {
            if ((i & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
            var row = desired[i]!;
            var key = table.KeyOf(row);
            var line = package.LineOf(table, i);
            if (!slots.TryGetValue(key, out var slot))
            {
                slots[key] = new Slot(null, line);
                diff.Inserts.Add(row);
                continue;
            }
            if (slot.Line != 0)
            {
                Duplicate(table, package, problems, key, line, slot.Line);
                continue;
            }
            slot.Line = line;
            if (!table.SameValues(slot.Stored!, row)) diff.Updates.Add(row);
        }
        diff.Deletes.AddRange(slots.Values.Where(s => s.Line == 0).Select(s => s.Stored!).OrderBy(table.KeyOf, NaturalKeyComparer.Instance));
        return diff;
    }

    internal static void Duplicate(DistrictTable table, ImportPackage package, ImportProblems problems, object key, int line, int first)
    {
        var columns = string.Join(",", table.KeyNames.Select(k => package.ColumnOf(table, k)).Distinct(StringComparer.Ordinal));
        problems.Add(E.DuplicateKey, package.FileOf(table), line, columns, DistrictTable.KeyText(key),
            $"{table.Name} {DistrictTable.KeyText(key)} is already on line {first}; each key may appear once.");
    }
}
