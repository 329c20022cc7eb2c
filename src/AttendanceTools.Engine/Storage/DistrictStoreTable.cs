using System.Collections;
using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using AttendanceTools.Engine.Model;
using AttendanceTools.Engine.Storage.Schema;

namespace AttendanceTools.Engine.Storage;

/// <summary>
/// How one <see cref="DistrictData"/> list maps to one store table: its natural key, how a row binds
/// to the table's columns (resolving references to surrogates), and how a stored row reads back.
/// Non-generic so loaders, readers, diffs and validators can walk every table in one loop.
/// </summary>
internal abstract class DistrictTable
{
    protected DistrictTable(TableDef def) => Def = def;

    public TableDef Def { get; }

    /// <summary>The store table name, also the entity name in messages and counts.</summary>
    public string Name => Def.Name;

    public bool HasIdentity => Def.HasIdentity;

    public abstract IList Rows(DistrictData data);

    /// <summary>The entity fields that make up the natural key, in key order.</summary>
    public abstract IReadOnlyList<string> KeyNames { get; }

    /// <summary>The natural key (a string, an int, or a value tuple) — equal keys mean the same entity.</summary>
    public abstract object KeyOf(object row);

    /// <summary>True when two rows with the same key hold the same values.</summary>
    public abstract bool SameValues(object a, object b);

    /// <summary>Fills <paramref name="values"/> in <see cref="TableDef.Columns"/> order; an identity column (index 0) is left to the caller.</summary>
    public abstract void Bind(object row, DistrictRefs refs, object?[] values);

    /// <summary>Makes an identity row's surrogate known to later tables.</summary>
    public abstract void Register(object row, DistrictRefs refs, int id);

    public abstract void Unregister(object row, DistrictRefs refs);

    /// <summary>Reads one stored row (all columns in <see cref="TableDef.Columns"/> order) back to its natural-key record.</summary>
    public abstract object Read(DbDataReader reader, DistrictRefs refs);

    public string Describe(object row) => KeyText(KeyOf(row));

    /// <summary>Calls <paramref name="visitor"/> with this table's row type, for code that needs typed rows (a typed dictionary, no boxing).</summary>
    public abstract TResult Accept<TResult>(IDistrictTableVisitor<TResult> visitor);

    public static string KeyText(object key)
    {
        if (key is not ITuple t) return Part(key);
        var sb = new StringBuilder();
        for (var i = 0; i < t.Length; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(Part(t[i]));
        }
        return sb.ToString();
    }

    private static string Part(object? value) => value switch
    {
        string s => "'" + s + "'",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "",
    };
}

internal sealed class DistrictTable<T> : DistrictTable where T : class
{
    public DistrictTable(TableDef def) : base(def) { }

    public required Func<DistrictData, List<T>> List { get; init; }
    public required Func<T, object> Key { get; init; }
    public required IReadOnlyList<string> KeyFields { get; init; }
    public required Action<T, DistrictRefs, object?[]> Binder { get; init; }
    public required Func<DbDataReader, DistrictRefs, T> Reader { get; init; }
    public Action<T, DistrictRefs, int>? Registrar { get; init; }
    public Action<T, DistrictRefs>? Unregistrar { get; init; }
    public Func<T, T, bool>? Equality { get; init; }

    /// <summary>
    /// The natural key compared without boxing it (<see cref="KeyOf"/> boxes a tuple per call): set on the tables
    /// large enough that an import diffs them as a stream (<see cref="NaturalKeyEquality{T, TKey}"/>); it must agree with <see cref="Key"/>.
    /// </summary>
    public IEqualityComparer<T>? KeyEquality { get; init; }

    public override IList Rows(DistrictData data) => List(data);

    public override object KeyOf(object row) => Key((T)row);

    public override IReadOnlyList<string> KeyNames => KeyFields;

    public override bool SameValues(object a, object b) => Equality is { } eq ? eq((T)a, (T)b) : Equals(a, b);

    public override void Bind(object row, DistrictRefs refs, object?[] values) => Binder((T)row, refs, values);

    public override void Register(object row, DistrictRefs refs, int id) => Registrar?.Invoke((T)row, refs, id);

    public override void Unregister(object row, DistrictRefs refs) => Unregistrar?.Invoke((T)row, refs);

    public override object Read(DbDataReader reader, DistrictRefs refs) => Reader(reader, refs);

    public override TResult Accept<TResult>(IDistrictTableVisitor<TResult> visitor) => visitor.Visit(this);
}

/// <summary>Code that works on a <see cref="DistrictTable{T}"/> of whatever row type it is handed.</summary>
internal interface IDistrictTableVisitor<out TResult>
{
    TResult Visit<T>(DistrictTable<T> table) where T : class;
}

/// <summary>Rows equal when their natural keys are: the key as a value tuple of its fields, compared as the boxed key is (strings ordinal).</summary>
internal sealed class NaturalKeyEquality<T, TKey>(Func<T, TKey> key) : IEqualityComparer<T> where TKey : struct, IEquatable<TKey>
{
    public bool Equals(T? x, T? y) => ReferenceEquals(x, y) || (x is not null && y is not null && key(x).Equals(key(y)));

    public int GetHashCode(T obj) => key(obj).GetHashCode();
}

/// <summary>Orders natural keys: strings ordinal, numbers and dates by value, tuples element by element.</summary>
internal sealed class NaturalKeyComparer : IComparer<object>
{
    public static readonly NaturalKeyComparer Instance = new();

    /// <summary>
    /// Sorts <paramref name="items"/> by their natural keys, in the order <see cref="Compare"/> gives.
    /// Each key's parts are boxed once up front: comparing tuples through <see cref="ITuple"/> boxes
    /// every part on every comparison, most of an export's time for a district's 200,000 rosters.
    /// </summary>
    public static void Sort<T>(T[] items, Func<T, object> keyOf)
    {
        var keys = new object?[items.Length][];
        for (var i = 0; i < items.Length; i++)
        {
            var key = keyOf(items[i]);
            if (key is ITuple t)
            {
                var parts = new object?[t.Length];
                for (var j = 0; j < parts.Length; j++) parts[j] = t[j];
                keys[i] = parts;
            }
            else keys[i] = [key];
        }
        Array.Sort(keys, items, PartsComparer.Instance);
    }

    private sealed class PartsComparer : IComparer<object?[]>
    {
        public static readonly PartsComparer Instance = new();

        public int Compare(object?[]? x, object?[]? y)
        {
            for (var i = 0; i < Math.Min(x!.Length, y!.Length); i++)
            {
                var c = NaturalKeyComparer.Instance.Compare(x[i], y[i]);
                if (c != 0) return c;
            }
            return x.Length.CompareTo(y.Length);
        }
    }

    public int Compare(object? x, object? y)
    {
        if (x is ITuple a && y is ITuple b)
        {
            for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
            {
                var c = Compare(a[i], b[i]);
                if (c != 0) return c;
            }
            return a.Length.CompareTo(b.Length);
        }
        return (x, y) switch
        {
            (null, null) => 0,
            (null, _) => -1,
            (_, null) => 1,
            (string s, string t) => string.CompareOrdinal(s, t),
            (IComparable c, _) => c.CompareTo(y),
            _ => 0,
        };
    }
}
