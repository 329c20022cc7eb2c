using System.Reflection;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Storage.Schema;
using Microsoft.Data.SqlClient;

namespace AttendanceTools.Engine.Tests.Storage;

/// <summary>
/// SQL Server's runtime pieces that need no server: the SqlBulkCopy set-up of bulk writes, the statements of
/// explicit identities and of the first rows, the type of every column type, and which faults are retried.
/// </summary>
public sealed class SqlServerStoreTests
{
    private static readonly ISqlDialect SqlServer = SqlServerDialect.Instance;

    [Fact]
    public void Bulk_copy_goes_into_the_attendance_schema_keeping_identities_and_nulls_with_every_column_mapped_by_name()
    {
        using var connection = new SqlConnection("Server=nowhere.invalid;Database=attendance");
        using var bulk = SqlServerBulkCopy.Create(connection, null, Tables.School);

        Assert.Equal("[attendance].[School]", bulk.DestinationTableName);
        Assert.Equal(0, bulk.BatchSize);
        Assert.Equal(SqlServerBulkCopy.TimeoutSeconds, bulk.BulkCopyTimeout);
        Assert.True(bulk.EnableStreaming);
        var mappings = bulk.ColumnMappings.Cast<SqlBulkCopyColumnMapping>().Select(m => (m.SourceColumn, m.DestinationColumn)).ToList();
        Assert.Equal(Tables.School.Columns.Select(c => (c.Name, c.Name)).ToList(), mappings);
        Assert.Equal(SqlBulkCopyOptions.KeepIdentity | SqlBulkCopyOptions.KeepNulls | SqlBulkCopyOptions.CheckConstraints | SqlBulkCopyOptions.FireTriggers,
            SqlServerBulkCopy.Options);
        Assert.False(SqlServerBulkCopy.Options.HasFlag(SqlBulkCopyOptions.TableLock));
    }

    [Fact]
    public void Bulk_copy_rows_are_shaped_like_the_table_with_the_types_readers_get_back()
    {
        using var shape = SqlServerBulkCopy.Shape(Tables.DayAggregate);

        Assert.Equal("DayAggregate", shape.TableName);
        Assert.Equal(
            ["CalendarRef:Int64:False", "Date:Int64:False", "StudentRef:Int64:False", "ScheduledMinutes:Int64:False", "AbsentMinutes:Int64:False",
             "UnexcusedAbsentMinutes:Int64:False", "MostCommonExcuseRef:Int64:True", "LastModified:Int64:False"],
            shape.Columns.Cast<System.Data.DataColumn>().Select(c => $"{c.ColumnName}:{c.DataType.Name}:{c.AllowDBNull}"));
        using var runLog = SqlServerBulkCopy.Shape(Tables.RunLog);
        Assert.Equal(typeof(string), runLog.Columns["StartedAt"]!.DataType);   // timestamps stay ISO text
        Assert.Equal(typeof(string), runLog.Columns["Operation"]!.DataType);
        Assert.Equal(typeof(long), runLog.Columns["RunId"]!.DataType);
        Assert.True(runLog.Columns["Details"]!.AllowDBNull);
        Assert.False(runLog.Columns["Operation"]!.AllowDBNull);
        foreach (var table in StoreCopy.Tables)
        {
            using var t = SqlServerBulkCopy.Shape(table);
            Assert.Equal(table.Columns.Select(c => c.Name), t.Columns.Cast<System.Data.DataColumn>().Select(c => c.ColumnName));
        }
    }

    [Fact]
    public void Explicit_surrogates_are_allowed_per_table_only_on_SQL_Server()
    {
        Assert.Equal("SET IDENTITY_INSERT [attendance].[Student] ON", SqlServer.ExplicitIdentityInsert(Tables.Student, allow: true));
        Assert.Equal("SET IDENTITY_INSERT [attendance].[Student] OFF", SqlServer.ExplicitIdentityInsert(Tables.Student, allow: false));
        Assert.Null(((ISqlDialect)SqliteDialect.Instance).ExplicitIdentityInsert(Tables.Student, allow: true));
        Assert.Null(((ISqlDialect)PostgreSqlDialect.Instance).ExplicitIdentityInsert(Tables.Student, allow: true));
    }

    [Fact]
    public void First_rows_and_case_insensitive_matching_in_each_dialect()
    {
        Assert.Equal("OFFSET 0 ROWS FETCH NEXT @n ROWS ONLY", SqlServer.FirstRows("n"));
        Assert.Equal("LIMIT @n", ((ISqlDialect)SqliteDialect.Instance).FirstRows("n"));
        Assert.Equal("LIMIT @n", ((ISqlDialect)PostgreSqlDialect.Instance).FirstRows("n"));
        // The text columns are binary-collated on SQL Server, so LIKE names a case-insensitive collation.
        Assert.Equal("COLLATE Latin1_General_100_CI_AS LIKE", SqlServer.LikeIgnoreCase);
        Assert.Equal("INSERT INTO [attendance].[RunLog] ([Operation], [Status]) OUTPUT INSERTED.[RunId] VALUES (@Operation, @Status)",
            SqlServer.InsertReturningIdentity(Tables.RunLog, ["Operation", "Status"]));
        Assert.Equal("SELECT CASE WHEN EXISTS (SELECT 1 FROM Student) THEN 1 ELSE 0 END", Db.Exists("SELECT 1 FROM Student"));
    }

    [Fact]
    public void Every_column_type_has_its_T_SQL_type()
    {
        var expected = new Dictionary<ColumnType, string>
        {
            [ColumnType.Identity] = "BIGINT IDENTITY(1,1) NOT NULL",
            [ColumnType.Int] = "BIGINT NOT NULL",
            [ColumnType.Long] = "BIGINT NOT NULL",
            [ColumnType.Bool] = "BIGINT NOT NULL",
            [ColumnType.Date] = "BIGINT NOT NULL",
            [ColumnType.Minutes] = "BIGINT NOT NULL",
            [ColumnType.Text] = "NVARCHAR(20) COLLATE Latin1_General_100_BIN2 NOT NULL",
            [ColumnType.Decimal] = "VARCHAR(40) COLLATE Latin1_General_100_BIN2 NOT NULL",
            [ColumnType.Timestamp] = "VARCHAR(40) COLLATE Latin1_General_100_BIN2 NOT NULL",
        };
        // A new column type fails here until it is given its T-SQL type.
        Assert.Equal(Enum.GetValues<ColumnType>().Order(), expected.Keys.Order());
        foreach (var (type, sql) in expected)
        {
            var table = new TableDef
            {
                Name = "T", Columns = [new ColumnDef("K", ColumnType.Long), new ColumnDef("X", type, MaxLength: 20)],
                PrimaryKey = [type == ColumnType.Identity ? "X" : "K"],
            };
            Assert.Contains($"[X] {sql}", SqlServer.CreateTable(table).First(), StringComparison.Ordinal);
        }
    }

    private static readonly string[] PerCalendar = ["CalendarRef", "LastModified"];

    [Fact]
    public void Set_based_aggregate_updates_and_deletes_join_a_temporary_table_in_T_SQL()
    {
        var sql = StagedSql.For(SqlServer, Tables.DayAggregate, PerCalendar);

        Assert.Equal("IF OBJECT_ID('tempdb..#DayAggregateStaging') IS NULL CREATE TABLE #DayAggregateStaging ([Date] BIGINT NOT NULL, [StudentRef] BIGINT NOT NULL, " +
                     "[ScheduledMinutes] BIGINT NULL, [AbsentMinutes] BIGINT NULL, [UnexcusedAbsentMinutes] BIGINT NULL, [MostCommonExcuseRef] BIGINT NULL, [ChangeKind] BIGINT NOT NULL)", sql.Create);
        Assert.Equal("UPDATE t SET [ScheduledMinutes] = s.[ScheduledMinutes], [AbsentMinutes] = s.[AbsentMinutes], [UnexcusedAbsentMinutes] = s.[UnexcusedAbsentMinutes], " +
                     "[MostCommonExcuseRef] = s.[MostCommonExcuseRef], [LastModified] = @LastModified FROM [DayAggregate] AS t JOIN #DayAggregateStaging AS s " +
                     "ON t.[Date] = s.[Date] AND t.[StudentRef] = s.[StudentRef] WHERE s.[ChangeKind] = 1 AND t.[CalendarRef] = @CalendarRef", sql.Update);
        Assert.Equal("DELETE t FROM [DayAggregate] AS t JOIN #DayAggregateStaging AS s ON t.[Date] = s.[Date] AND t.[StudentRef] = s.[StudentRef] " +
                     "WHERE s.[ChangeKind] = 0 AND t.[CalendarRef] = @CalendarRef", sql.Delete);
        Assert.Equal("TRUNCATE TABLE #DayAggregateStaging", sql.Clear);
        // Each statement, and the batch one write sends, is T-SQL by Microsoft's parser.
        foreach (var statement in new[] { sql.Create, sql.Update!, sql.Delete, sql.Clear, $"{sql.Update}; {sql.Delete}; {sql.Clear}" })
            Assert.Empty(TransactSqlCheck.Problems(statement));
        // The rows go there through SqlBulkCopy, by name, as into a store table.
        using var connection = new SqlConnection("Server=nowhere.invalid;Database=attendance");
        using var bulk = SqlServerBulkCopy.Create(connection, null, sql.Staging, SqlServer.TempTable(sql.Staging.Name));
        Assert.Equal("#DayAggregateStaging", bulk.DestinationTableName);
        Assert.Equal(["Date", "StudentRef", "ScheduledMinutes", "AbsentMinutes", "UnexcusedAbsentMinutes", "MostCommonExcuseRef", "ChangeKind"],
            bulk.ColumnMappings.Cast<SqlBulkCopyColumnMapping>().Select(m => m.DestinationColumn));
    }

    [Fact]
    public void The_same_writes_on_PostgreSQL_are_UPDATE_FROM_and_DELETE_USING_with_a_table_dropped_at_commit()
    {
        var sql = StagedSql.For(PostgreSqlDialect.Instance, Tables.DayAggregate, PerCalendar);

        Assert.Equal("CREATE TEMP TABLE IF NOT EXISTS \"dayaggregatestaging\" (\"date\" bigint NOT NULL, \"studentref\" bigint NOT NULL, \"scheduledminutes\" bigint NULL, " +
                     "\"absentminutes\" bigint NULL, \"unexcusedabsentminutes\" bigint NULL, \"mostcommonexcuseref\" bigint NULL, \"changekind\" bigint NOT NULL) ON COMMIT DROP", sql.Create);
        Assert.Equal("UPDATE \"dayaggregate\" AS t SET \"scheduledminutes\" = s.\"scheduledminutes\", \"absentminutes\" = s.\"absentminutes\", " +
                     "\"unexcusedabsentminutes\" = s.\"unexcusedabsentminutes\", \"mostcommonexcuseref\" = s.\"mostcommonexcuseref\", \"lastmodified\" = @LastModified " +
                     "FROM \"dayaggregatestaging\" AS s WHERE t.\"date\" = s.\"date\" AND t.\"studentref\" = s.\"studentref\" AND s.\"changekind\" = 1 AND t.\"calendarref\" = @CalendarRef", sql.Update);
        Assert.Equal("DELETE FROM \"dayaggregate\" AS t USING \"dayaggregatestaging\" AS s WHERE t.\"date\" = s.\"date\" AND t.\"studentref\" = s.\"studentref\" " +
                     "AND s.\"changekind\" = 0 AND t.\"calendarref\" = @CalendarRef", sql.Delete);
        Assert.Throws<NotSupportedException>(() => StagedSql.For(SqliteDialect.Instance, Tables.DayAggregate, PerCalendar));
    }

    [Fact]
    public void A_staging_table_gives_each_column_the_store_tables_T_SQL_type_with_surrogates_as_plain_integers()
    {
        // RunLog has an identity key, text, timestamps and nullable columns; AttendanceSettings has decimals.
        foreach (var table in new[] { Tables.RunLog, Tables.AttendanceSettings, Tables.Student })
        {
            var staging = StagedSql.For(SqlServer, table, []).Staging;
            var create = SqlServer.CreateTempTable(staging);
            Assert.Empty(TransactSqlCheck.Problems(create));
            foreach (var column in table.Columns)
            {
                var type = column.Type == ColumnType.Identity ? "BIGINT" : SqlServerDialect.TypeName(column, indexed: false);
                var nullable = column.Nullable || !table.PrimaryKey.Contains(column.Name);
                Assert.Contains($"[{column.Name}] {type} {(nullable ? "NULL" : "NOT NULL")}", create, StringComparison.Ordinal);
            }
        }
        var runLog = SqlServer.CreateTempTable(StagedSql.For(SqlServer, Tables.RunLog, []).Staging);
        Assert.Contains("[RunId] BIGINT NOT NULL, [Operation] NVARCHAR(", runLog, StringComparison.Ordinal);
        Assert.Contains("[StartedAt] VARCHAR(40) COLLATE Latin1_General_100_BIN2 NULL", runLog, StringComparison.Ordinal);
        Assert.DoesNotContain("IDENTITY", runLog, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(64, true)]     // the connection was broken on the server's side
    [InlineData(233, true)]    // no process on the other end of the pipe
    [InlineData(10053, true)]  // connection aborted
    [InlineData(10054, true)]  // connection reset by peer
    [InlineData(10060, true)]  // connection timed out
    [InlineData(11001, true)]  // host not found (a DNS hiccup)
    [InlineData(102, false)]   // syntax error
    [InlineData(2601, false)]  // duplicate key in a unique index
    [InlineData(8152, false)]  // string would be truncated
    [InlineData(229, false)]   // permission denied
    [InlineData(51000, false)] // the writer lock not granted in 30 s (our THROW): a real failure, said once
    public void SqlServer_network_numbers_are_transient_and_real_errors_are_not(int number, bool transient)
    {
        Assert.Equal(transient, SqlServerDialect.IsTransientNumber(number));
        Assert.Equal(transient, SqlServer.IsTransient(SqlError(number)));
    }

    [Fact]
    public void The_retry_pipeline_retries_a_deadlock_and_fails_a_real_error_at_once()
    {
        var retry = StoreRetry.Build(SqlServer);
        var calls = 0;

        var value = retry.Execute(() => ++calls < 3 ? throw SqlError(1205) : 7);

        Assert.Equal((7, 3), (value, calls));
        calls = 0;
        var refused = Assert.Throws<SqlException>(() => retry.Execute<int>(() => { calls++; throw SqlError(2627); }));
        Assert.Equal((2627, 1), (refused.Number, calls));
        calls = 0;
        Assert.Throws<InvalidOperationException>(() => retry.Execute<int>(() => { calls++; throw new InvalidOperationException("not a store fault"); }));
        Assert.Equal(1, calls);
    }

    /// <summary>
    /// A SqlException carrying one error of <paramref name="number"/>. The driver gives it no public constructor;
    /// it is built the way the driver builds one (SqlError, SqlErrorCollection, SqlException.CreateException).
    /// </summary>
    private static SqlException SqlError(int number)
    {
        const BindingFlags Any = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;
        var error = typeof(SqlError).GetConstructors(Any).OrderByDescending(c => c.GetParameters().Length).First();
        var args = error.GetParameters().Select(p => p.Name switch
        {
            "infoNumber" => (object?)number,
            "errorMessage" => $"error {number}",
            "server" or "procedure" => "",
            _ => p.ParameterType.IsValueType ? Activator.CreateInstance(p.ParameterType) : null,
        }).ToArray();
        var sqlError = (SqlError)error.Invoke(args);
        var errors = (SqlErrorCollection)typeof(SqlErrorCollection).GetConstructors(Any).First(c => c.GetParameters().Length == 0).Invoke(null);
        typeof(SqlErrorCollection).GetMethod("Add", Any)!.Invoke(errors, [sqlError]);
        var create = typeof(SqlException).GetMethods(Any).First(m => m.Name == "CreateException" && m.GetParameters() is [{ ParameterType: var a }, { ParameterType: var b }]
                                                                   && a == typeof(SqlErrorCollection) && b == typeof(string));
        var exception = (SqlException)create.Invoke(null, [errors, "16.0"])!;
        Assert.Equal(number, exception.Number);
        return exception;
    }
}
