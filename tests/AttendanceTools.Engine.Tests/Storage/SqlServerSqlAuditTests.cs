using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Storage.Migrations;
using AttendanceTools.Engine.Storage.Schema;
using AttendanceTools.Engine.Tests.Support;
using Microsoft.Data.Sqlite;

namespace AttendanceTools.Engine.Tests.Storage;

/// <summary>
/// Keeps SQLite- and PostgreSQL-only SQL from ever reaching SQL Server, with no SQL Server to run it on.
///
/// Why this way: a scan of the engine's source for SQL-looking strings misses text built from pieces and
/// trips on comments; a regular expression over SQL misses constructs it was not taught and flags keywords
/// inside literals. So the audit takes the statements the engine really runs: the SQLite conformance suite
/// and the query, provisioning and storage tests are run again with a recorder on every command
/// (<see cref="SqlAudit"/>) and a SQLite dialect whose hooks mark the text they return, so each marked piece
/// is replaced by what SqlServerDialect returns for the same call. That is, statement for statement, the
/// text SQL Server would be sent. Each is then parsed by Microsoft's T-SQL parser and checked on its syntax
/// tree (<see cref="TransactSqlCheck"/>). A failure names the source file, line and method that issued the
/// statement, the statement and what is wrong. Its limit: a statement no test runs is not seen, so a new
/// engine path gets its SQLite test and with it this audit.
/// </summary>
public sealed class SqlServerSqlAuditTests
{
    /// <summary>Test classes whose SQLite runs are replayed under the audit (by namespace of the test project).</summary>
    private static readonly string[] Areas = ["Conformance", "Queries", "Provisioning", "Storage", "Bridge", "Backfill", "Undo", "Rollover", "Import", "Aggregation"];

    /// <summary>
    /// Pragmas only the SQLite store runs, each on a path a server store never takes. Named by the method that
    /// issues them, so a pragma anywhere else still fails.
    /// </summary>
    private static readonly (string Issuer, string Prefix, string Why)[] SqliteOnly =
    [
        ("AttendanceStore.", "PRAGMA", "the SQLite file's connection settings, applied only when a SQLite file is opened"),
        ("SqliteDialect.", "", "the SQLite dialect's own catalog queries (application_id, sqlite_master)"),
        ("SqliteBulkCache.", "PRAGMA", "the SQLite insert path's page cache (AggregateWriter takes it only for a SQLite connection)"),
        ("StoreBackupOperation.", "PRAGMA", "Backup- and Restore-AttendanceStore refuse a server store (BackupNotSupported)"),
        ("DemoStore.", "PRAGMA", "New-AttendanceDemoStore makes files only"),
        ("StoreIdentityMigration.", "PRAGMA", "SQLite's application_id, stamped only when the dialect is SQLite"),
        // The same stamp when optimised code tail-calls it: the migration step's frame is gone and the runner issues it.
        ("SchemaMigrator.", "PRAGMA application_id", "SQLite's application_id, stamped by StoreIdentityMigration only when the dialect is SQLite"),
    ];

    [Fact]
    public void No_SQLite_or_PostgreSQL_only_SQL_reaches_SQL_Server_on_the_paths_the_tests_run()
    {
        var dialect = new MarkingDialect();
        var seen = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var failures = new List<string>();
        SqlAudit.Dialect.Value = dialect;
        // Only what runs on SQLite: a replayed test may also open a PostgreSQL store, whose SQL is its own dialect's.
        SqlAudit.Recorder.Value = (connection, sql) => { if (connection is SqliteConnection) seen.GetOrAdd(sql, _ => Issuer()); };
        try
        {
            foreach (var (name, run) in TestsToReplay())
            {
                try
                {
                    run();
                }
                catch (Exception ex)
                {
                    failures.Add($"{name} failed under the audit: {(ex as TargetInvocationException)?.InnerException?.Message ?? ex.Message}");
                }
            }
        }
        finally
        {
            SqlAudit.Dialect.Value = null;
            SqlAudit.Recorder.Value = null;
        }

        Assert.True(seen.Count > 200, $"The audit saw only {seen.Count} distinct statements; the replayed tests did not run.");
        var report = new StringBuilder();
        foreach (var (sqlite, issuer) in seen.OrderBy(x => x.Value, StringComparer.Ordinal))
        {
            // The tests' own SQL (seeding, checks) and the dialect's DDL (checked by the test below) are not the engine's runtime SQL.
            if (issuer == NotEngine || sqlite.StartsWith(MarkingDialect.DialectDdl, StringComparison.Ordinal)) continue;
            if (SqliteOnly.Any(x => issuer.Contains(x.Issuer, StringComparison.Ordinal) && sqlite.TrimStart().StartsWith(x.Prefix, StringComparison.OrdinalIgnoreCase)))
                continue;
            var tsql = dialect.ForSqlServer(sqlite);
            var problems = TransactSqlCheck.Problems(tsql);
            if (problems.Count > 0)
                report.AppendLine($"{issuer}: {string.Join("; ", problems)}{Environment.NewLine}    {tsql}");
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.True(report.Length == 0, "Statements SQL Server would refuse or misread (route them through ISqlDialect):" + Environment.NewLine + report);
    }

    [Theory]
    [InlineData("SELECT COUNT(*) FROM (SELECT 1 FROM Student LIMIT 1) x", "not T-SQL")]
    [InlineData("INSERT INTO RunLog (Operation) VALUES (@op) RETURNING RunId", "not T-SQL")]
    [InlineData("INSERT OR IGNORE INTO Setting (Name, Value) VALUES (@n, @v)", "not T-SQL")]
    [InlineData("INSERT INTO Setting (Name, Value) VALUES (@n, @v) ON CONFLICT (Name) DO UPDATE SET Value = @v", "not T-SQL")]
    [InlineData("SELECT FirstName || ' ' || LastSurname FROM Student", "not T-SQL")]
    [InlineData("CREATE TEMP TABLE t (x INTEGER)", "not T-SQL")]
    [InlineData("SELECT SUM(IsDeleted = 1) FROM Student", "not T-SQL")]
    [InlineData("SELECT x FROM t ORDER BY x NULLS FIRST", "not T-SQL")]
    [InlineData("SELECT IFNULL(Grade, '') FROM Student", "IFNULL() is not a SQL Server function")]
    [InlineData("SELECT substr(StudentUniqueId, 1, 3) FROM Student", "substr() is not a SQL Server function")]
    [InlineData("SELECT group_concat(Code) FROM AttendanceCode", "group_concat() is not a SQL Server function")]
    [InlineData("SELECT MAX(a, b) FROM t", "SQLite's scalar MAX")]
    [InlineData("SELECT value FROM json_each(@ids)", "json_each() is not a table-valued function")]
    [InlineData("SELECT 1 FROM Student WHERE StudentUniqueId = @id COLLATE NOCASE", "COLLATE NOCASE")]
    [InlineData("SELECT 1 FROM Student WHERE IsDeleted = TRUE", "boolean literal")]
    [InlineData("SELECT CAST(Date AS TEXT) FROM DailyAttendance", "deprecated TEXT type")]
    [InlineData("SELECT seq FROM sqlite_sequence WHERE name = 'Student'", "another store's catalog")]
    [InlineData("SELECT COUNT(*) FROM pg_catalog.pg_tables", "another store's catalog")]
    public void The_check_finds_what_SQL_Server_would_refuse(string sql, string expected)
    {
        var problems = TransactSqlCheck.Problems(sql);
        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void The_check_passes_what_SQL_Server_runs()
    {
        string[] tsql =
        [
            "SELECT CASE WHEN EXISTS (SELECT 1 FROM DayAggregate WHERE CalendarRef = @c) THEN 1 ELSE 0 END",
            "SELECT StudentUniqueId FROM Student WHERE StudentUniqueId COLLATE Latin1_General_100_CI_AS LIKE @p ESCAPE '\\' ORDER BY StudentUniqueId OFFSET 0 ROWS FETCH NEXT @n ROWS ONLY",
            "SELECT \"Name\", COALESCE(Value, '') FROM Setting WHERE Name <> 'x' AND IsDeleted = 0",
        ];
        foreach (var sql in tsql) Assert.Empty(TransactSqlCheck.Problems(sql));
    }

    /// <summary>Every statement SqlServerDialect generates itself is T-SQL (the DDL, triggers, identity and lock statements).</summary>
    [Fact]
    public void Every_statement_the_SQL_Server_dialect_generates_is_T_SQL()
    {
        ISqlDialect d = SqlServerDialect.Instance;
        var tables = Tables.Version1.Concat(StoreCopy.Tables).DistinctBy(t => t.Name).ToList();
        var statements = new List<string>();
        statements.AddRange(SqlServerDialect.CreateSchema());
        foreach (var table in tables)
        {
            statements.AddRange(d.CreateTable(table));
            statements.Add(d.AddColumn(table, table.Columns[^1]));
            if (!table.HasIdentity) continue;
            statements.Add(d.InsertReturningIdentity(table, [.. table.Columns.Skip(1).Select(c => c.Name)]));
            statements.Add(d.IdentityHighWater(table));
            statements.AddRange(d.AfterExplicitIdentities(table));
            statements.Add(d.ExplicitIdentityInsert(table, allow: true)!);
            statements.Add(d.ExplicitIdentityInsert(table, allow: false)!);
        }
        statements.AddRange(d.ChangeTrackingTriggers());
        statements.AddRange(d.DropChangeTrackingTriggers());
        statements.Add(d.BeginWrite!);
        // The set-based writes of a server store (StagedChanges): the aggregates' per calendar, and every table's by its whole key.
        foreach (var (table, given) in tables.Select(t => (t, t == Tables.DayAggregate ? new[] { "CalendarRef", "LastModified" } : [])))
        {
            var staged = StagedSql.For(d, table, given);
            statements.AddRange([staged.Create, staged.Delete, staged.Clear]);
            if (staged.Update is { } update) statements.Add(update);
        }
        statements.Add("SELECT 1 FROM Student WHERE " + d.EqualsIgnoreCase("StudentUniqueId", "id") + " AND " + d.InJsonSet("StudentRef", "refs") + " AND " + d.InJsonSet("SchoolId", "ids", ignoreCase: true));
        statements.Add($"SELECT StudentUniqueId FROM Student WHERE StudentUniqueId {d.LikeIgnoreCase} @p ORDER BY StudentUniqueId {d.FirstRows("n")}");

        var wrong = statements.Select(s => (s, p: TransactSqlCheck.Problems(s))).Where(x => x.p.Count > 0).Select(x => $"{x.s}: {string.Join("; ", x.p)}").ToList();
        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
        Assert.True(statements.Count > 100);
    }

    private const string NotEngine = "(not issued by the engine)";

    /// <summary>The engine method that issued the statement being recorded, with its source file and line.</summary>
    private static string Issuer()
    {
        var engine = typeof(SqlAudit).Assembly;
        foreach (var frame in new StackTrace(2, fNeedFileInfo: true).GetFrames())
        {
            var type = frame.GetMethod()?.DeclaringType;
            if (type is null || type.Assembly != engine) continue;
            var outer = type;
            while (outer.DeclaringType is not null && outer.Name.StartsWith('<')) outer = outer.DeclaringType;
            if (outer.Name is nameof(SqlAudit) or nameof(Db) or "PreparedRowCommand" or nameof(MigrationContext)) continue;
            var file = frame.GetFileName() is { } path ? $"{Path.GetFileName(path)}:{frame.GetFileLineNumber()} " : "";
            return $"{file}{outer.Name}.{frame.GetMethod()!.Name}";
        }
        return NotEngine;
    }

    /// <summary>Every SQLite test of the replayed areas, as a name and an action (a fresh instance of its class per test).</summary>
    private static IEnumerable<(string Name, Action Run)> TestsToReplay()
    {
        var prefix = typeof(SqlServerSqlAuditTests).Namespace![..^".Storage".Length] + ".";
        var types = typeof(SqlServerSqlAuditTests).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsPublic: true } && t != typeof(SqlServerSqlAuditTests)
                        && Areas.Any(a => t.Namespace == prefix + a) && t.GetConstructor(Type.EmptyTypes) is not null && !IsServerOnly(t.Name))
            .OrderBy(t => t.FullName, StringComparer.Ordinal);
        foreach (var type in types)
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance).OrderBy(m => m.Name, StringComparer.Ordinal))
            {
                var fact = method.GetCustomAttribute<FactAttribute>();
                if (fact is null || fact.Skip is not null || IsServerOnly(method.Name)) continue;
                IEnumerable<object?[]> rows = fact is TheoryAttribute
                    ? method.GetCustomAttributes<InlineDataAttribute>().SelectMany(a => a.GetData(method))
                        .Concat(method.GetCustomAttribute<SqliteAttribute>() is { } sqlite ? sqlite.GetData(method) : [])
                    : [[]];
                foreach (var args in rows)
                    yield return ($"{type.Name}.{method.Name}({string.Join(", ", args)})", () => Invoke(type, method, args));
            }
        }
    }

    /// <summary>Tests of a server store's own behaviour (they say so in their names): nothing of theirs runs on SQLite.</summary>
    private static bool IsServerOnly(string name) => name.Contains("PostgreSql", StringComparison.Ordinal) || name.Contains("SqlServer", StringComparison.Ordinal);

    private static void Invoke(Type type, MethodInfo method, object?[] args)
    {
        var instance = Activator.CreateInstance(type)!;
        try
        {
            if (method.Invoke(instance, args) is Task task) task.GetAwaiter().GetResult();
        }
        finally
        {
            (instance as IDisposable)?.Dispose();
        }
    }

    /// <summary>
    /// SQLite's dialect, whose hooks wrap the text they return in comments naming what SQL Server's dialect
    /// returns for the same call; SQLite ignores the comments, <see cref="ForSqlServer"/> swaps the pieces.
    /// </summary>
    private sealed class MarkingDialect : SqliteDialect, ISqlDialect
    {
        public const string DialectDdl = "/*dialect-ddl*/";
        private static readonly Regex Marked = new(@"/\*tsql:(\d+)\*/.*?/\*end:\1\*/", RegexOptions.Singleline | RegexOptions.CultureInvariant);
        private readonly ConcurrentDictionary<string, int> _ids = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<int, string> _tsql = new();
        private static ISqlDialect Sqlite => SqliteDialect.Instance;
        private static ISqlDialect Server => SqlServerDialect.Instance;

        public string ForSqlServer(string sql) => Marked.Replace(sql, m => _tsql[int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)]);

        private string Mark(string sqlite, string tsql)
        {
            var id = _ids.GetOrAdd(tsql, t => { var n = _ids.Count; _tsql[n] = t; return n; });
            return $"/*tsql:{id}*/{sqlite}/*end:{id}*/";
        }

        string ISqlDialect.InsertReturningIdentity(TableDef table, IReadOnlyList<string> columns)
            => Mark(Sqlite.InsertReturningIdentity(table, columns), Server.InsertReturningIdentity(table, columns));

        string ISqlDialect.EqualsIgnoreCase(string expression, string parameter)
            => Mark(Sqlite.EqualsIgnoreCase(expression, parameter), Server.EqualsIgnoreCase(expression, parameter));

        string ISqlDialect.LikeIgnoreCase => Mark(Sqlite.LikeIgnoreCase, Server.LikeIgnoreCase);

        string ISqlDialect.InJsonSet(string expression, string parameter, bool ignoreCase)
            => Mark(Sqlite.InJsonSet(expression, parameter, ignoreCase), Server.InJsonSet(expression, parameter, ignoreCase));

        string ISqlDialect.FirstRows(string parameter) => Mark(Sqlite.FirstRows(parameter), Server.FirstRows(parameter));

        string ISqlDialect.IdentityHighWater(TableDef table) => Mark(Sqlite.IdentityHighWater(table), Server.IdentityHighWater(table));

        // Whole statements of DDL: SQL Server's differ in number (indexes, triggers per event), so they are not
        // swapped one for one but tagged and left to Every_statement_the_SQL_Server_dialect_generates_is_T_SQL.
        IEnumerable<string> ISqlDialect.CreateTable(TableDef table) => Sqlite.CreateTable(table).Select(Ddl);

        string ISqlDialect.AddColumn(TableDef table, ColumnDef column) => Ddl(Sqlite.AddColumn(table, column));

        IEnumerable<string> ISqlDialect.ChangeTrackingTriggers() => Sqlite.ChangeTrackingTriggers().Select(Ddl);

        IEnumerable<string> ISqlDialect.DropChangeTrackingTriggers() => Sqlite.DropChangeTrackingTriggers().Select(Ddl);

        private static string Ddl(string sql) => DialectDdl + sql;
    }
}
