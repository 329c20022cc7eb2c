using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace AttendanceTools.Engine.Tests.Storage;

/// <summary>
/// Says what in a statement SQL Server would refuse or misread. The statement is parsed by Microsoft's own
/// T-SQL parser (ScriptDom, SQL Server 2019 grammar, the oldest server the store supports) instead of being
/// matched by regular expressions: a parser sees LIMIT, RETURNING, ON CONFLICT, INSERT OR IGNORE, ||,
/// CREATE TEMP TABLE, NULLS FIRST, row values and bare boolean expressions for what they are wherever they
/// stand, and never trips on a keyword inside a string literal or a column name. What parses but still means
/// nothing to SQL Server is then found on the syntax tree: functions SQL Server does not have (substr,
/// ifnull, group_concat, json_each, two-argument MAX...), collations it does not know (NOCASE, "C"),
/// TRUE/FALSE read as column names, CAST to the deprecated TEXT type and other stores' catalogs.
/// </summary>
internal static class TransactSqlCheck
{
    /// <summary>The built-in functions the engine may call on SQL Server; anything else is another store's.</summary>
    private static readonly HashSet<string> Functions = new(StringComparer.OrdinalIgnoreCase)
    {
        "COUNT", "COUNT_BIG", "SUM", "MIN", "MAX", "AVG", "ABS", "ROUND", "FLOOR", "CEILING", "SIGN", "POWER",
        "ISNULL", "LEN", "DATALENGTH", "SUBSTRING", "LEFT", "RIGHT", "UPPER", "LOWER", "LTRIM", "RTRIM", "REPLACE", "CHARINDEX", "CONCAT",
        "STRING_AGG", "ROW_NUMBER", "RANK", "DENSE_RANK", "LAG", "LEAD", "FIRST_VALUE", "LAST_VALUE",
        "DATEADD", "DATEDIFF", "SYSUTCDATETIME", "GETUTCDATE", "JSON_VALUE", "IDENT_CURRENT", "OBJECT_ID", "SCHEMA_ID", "DB_ID", "UPDATE",
    };

    /// <summary>The collations SqlServerDialect uses (binary order, and case-insensitive comparisons).</summary>
    private static readonly HashSet<string> Collations = new(StringComparer.OrdinalIgnoreCase) { "Latin1_General_100_BIN2", "Latin1_General_100_CI_AS" };

    /// <summary>The problems SQL Server would have with <paramref name="sql"/> (none: T-SQL).</summary>
    public static List<string> Problems(string sql)
    {
        var parser = new TSql150Parser(initialQuotedIdentifiers: true);
        var tree = parser.Parse(new StringReader(sql), out var errors);
        if (errors.Count > 0)
            return [.. errors.Select(e => $"not T-SQL at line {e.Line}, column {e.Column}: {e.Message}")];
        var visitor = new Visitor();
        tree.Accept(visitor);
        return visitor.Problems;
    }

    private sealed class Visitor : TSqlFragmentVisitor
    {
        public List<string> Problems { get; } = [];

        public override void Visit(FunctionCall node)
        {
            var name = node.FunctionName.Value;
            if (node.CallTarget is null && !Functions.Contains(name))
                Problems.Add($"{name}() is not a SQL Server function");
            else if (name.ToUpperInvariant() is "MAX" or "MIN" && node.Parameters.Count > 1)
                Problems.Add($"{name}() with {node.Parameters.Count} arguments is SQLite's scalar {name}, an aggregate on SQL Server");
        }

        public override void Visit(SchemaObjectFunctionTableReference node)
            => Problems.Add($"{node.SchemaObject.BaseIdentifier.Value}() is not a table-valued function of SQL Server");

        public override void Visit(NamedTableReference node)
        {
            var schema = node.SchemaObject.SchemaIdentifier?.Value;
            var name = node.SchemaObject.BaseIdentifier.Value;
            if (name.StartsWith("sqlite_", StringComparison.OrdinalIgnoreCase) || name.StartsWith("pg_", StringComparison.OrdinalIgnoreCase)
                || string.Equals(schema, "pg_catalog", StringComparison.OrdinalIgnoreCase))
                Problems.Add($"{(schema is null ? "" : schema + ".")}{name} is another store's catalog");
        }

        public override void Visit(ColumnReferenceExpression node)
        {
            if (node.MultiPartIdentifier is { Count: 1 } id && id[0].QuoteType == QuoteType.NotQuoted
                && id[0].Value.ToUpperInvariant() is "TRUE" or "FALSE")
                Problems.Add($"{id[0].Value} is a boolean literal, which SQL Server does not have (flags are 0/1)");
        }

        public override void Visit(CastCall node)
        {
            if (node.DataType is SqlDataTypeReference { SqlDataTypeOption: SqlDataTypeOption.Text or SqlDataTypeOption.NText })
                Problems.Add("CAST(... AS TEXT) names SQL Server's deprecated TEXT type, which cannot be compared or sorted");
        }

        public override void Visit(ScalarExpression node)
        {
            // COLLATE NOCASE and COLLATE "C" parse (a collation is an identifier) but name none SQL Server has.
            if (node is PrimaryExpression { Collation: { } collation } && !Collations.Contains(collation.Value))
                Problems.Add($"COLLATE {collation.Value} is not a collation the SQL Server store uses");
        }
    }
}
