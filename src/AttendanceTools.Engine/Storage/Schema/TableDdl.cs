using System.Text;

namespace AttendanceTools.Engine.Storage.Schema;

/// <summary>The CREATE TABLE and CREATE INDEX text both SQLite and PostgreSQL write the same way; each dialect supplies its types.</summary>
internal static class TableDdl
{
    /// <param name="table">The table.</param>
    /// <param name="quote">The dialect's identifier quoting.</param>
    /// <param name="typeName">A column's type (identity columns aside).</param>
    /// <param name="identityColumn">The whole declaration of a single-column identity key, PRIMARY KEY included.</param>
    /// <param name="suffix">Text after the closing parenthesis, given whether the key is an identity column.</param>
    public static IEnumerable<string> Create(TableDef table, Func<string, string> quote, Func<ColumnType, string> typeName, string identityColumn,
        Func<bool, string> suffix)
    {
        var sql = new StringBuilder().Append("CREATE TABLE ").Append(quote(table.Name)).Append(" (");
        var identityKey = table.HasIdentity && table.PrimaryKey.Count == 1 && table.Column(table.PrimaryKey[0]).Type == ColumnType.Identity;
        for (var i = 0; i < table.Columns.Count; i++)
        {
            var c = table.Columns[i];
            if (i > 0) sql.Append(", ");
            sql.Append(quote(c.Name)).Append(' ');
            sql.Append(c.Type == ColumnType.Identity ? identityColumn : typeName(c.Type) + (c.Nullable ? " NULL" : " NOT NULL"));
        }
        if (!identityKey)
            sql.Append(", PRIMARY KEY (").Append(string.Join(", ", table.PrimaryKey.Select(quote))).Append(')');
        sql.Append(')').Append(suffix(identityKey));
        yield return sql.ToString();
        foreach (var index in table.Indexes)
            yield return $"CREATE {(index.Unique ? "UNIQUE " : "")}INDEX {quote(index.Name)} ON {quote(table.Name)} ({string.Join(", ", index.Columns.Select(quote))})";
    }
}
