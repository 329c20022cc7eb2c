using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Storage.Migrations;
using AttendanceTools.Engine.Storage.Schema;

namespace AttendanceTools.Engine.Tests.Storage;

/// <summary>The SQL Server and PostgreSQL dialects' generated SQL and type mapping, checked without a server.</summary>
public sealed class DialectSqlTests
{
    private static readonly ISqlDialect SqlServer = SqlServerDialect.Instance, Postgres = PostgreSqlDialect.Instance;

    [Fact]
    public void SqlServer_tables_live_in_the_attendance_schema_with_clustered_keys_and_binary_text()
    {
        var ddl = SqlServer.CreateTable(Tables.DayAggregate).ToList();

        Assert.Equal(
            "CREATE TABLE [attendance].[DayAggregate] ([CalendarRef] BIGINT NOT NULL, [Date] BIGINT NOT NULL, [StudentRef] BIGINT NOT NULL, " +
            "[ScheduledMinutes] BIGINT NOT NULL, [AbsentMinutes] BIGINT NOT NULL, [UnexcusedAbsentMinutes] BIGINT NOT NULL, [MostCommonExcuseRef] BIGINT NULL, " +
            "[LastModified] BIGINT NOT NULL, CONSTRAINT [PK_DayAggregate] PRIMARY KEY CLUSTERED ([CalendarRef], [Date], [StudentRef]))", Assert.Single(ddl));
        var school = SqlServer.CreateTable(Tables.School).ToList();
        Assert.StartsWith("CREATE TABLE [attendance].[School] ([SchoolRef] BIGINT IDENTITY(1,1) NOT NULL, [SchoolId] NVARCHAR(64) COLLATE Latin1_General_100_BIN2 NOT NULL, ", school[0], StringComparison.Ordinal);
        Assert.EndsWith("CONSTRAINT [PK_School] PRIMARY KEY CLUSTERED ([SchoolRef]))", school[0], StringComparison.Ordinal);
        Assert.Equal("CREATE UNIQUE INDEX [UX_School_SchoolId] ON [attendance].[School] ([SchoolId])", school[1]);
        Assert.Equal(["IF SCHEMA_ID('attendance') IS NULL EXEC('CREATE SCHEMA [attendance]')",
            "IF (SELECT snapshot_isolation_state FROM sys.databases WHERE database_id = DB_ID()) = 0 ALTER DATABASE CURRENT SET ALLOW_SNAPSHOT_ISOLATION ON"],
            SqlServerDialect.CreateSchema());
    }

    [Theory]
    [InlineData(ColumnType.Text, 64, false, "NVARCHAR(64) COLLATE Latin1_General_100_BIN2")]
    [InlineData(ColumnType.Text, 0, false, "NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2")]
    [InlineData(ColumnType.Text, 0, true, "NVARCHAR(450) COLLATE Latin1_General_100_BIN2")] // a key or indexed column cannot be MAX
    [InlineData(ColumnType.Timestamp, 0, false, "VARCHAR(40) COLLATE Latin1_General_100_BIN2")]
    [InlineData(ColumnType.Decimal, 0, false, "VARCHAR(40) COLLATE Latin1_General_100_BIN2")]
    [InlineData(ColumnType.Date, 0, false, "BIGINT")]
    [InlineData(ColumnType.Bool, 0, false, "BIGINT")]
    [InlineData(ColumnType.Int, 0, false, "BIGINT")]
    [InlineData(ColumnType.Minutes, 0, false, "BIGINT")]
    public void SqlServer_type_mapping(ColumnType type, int maxLength, bool indexed, string expected)
        => Assert.Equal(expected, SqlServerDialect.TypeName(new ColumnDef("X", type, MaxLength: maxLength), indexed));

    [Fact]
    public void SqlServer_statements_for_the_writer_lock_sets_case_and_identity()
    {
        Assert.Contains("sp_getapplock @Resource = 'AttendanceTools.Writer', @LockMode = 'Exclusive', @LockOwner = 'Transaction'", SqlServer.BeginWrite, StringComparison.Ordinal);
        Assert.Equal("x.RunId IN (SELECT CAST(value AS BIGINT) FROM OPENJSON(@ids))", SqlServer.InJsonSet("x.RunId", "ids"));
        Assert.Equal("StudentUniqueId = @id COLLATE Latin1_General_100_CI_AS", SqlServer.EqualsIgnoreCase("StudentUniqueId", "id"));
        Assert.Equal("INSERT INTO [attendance].[RunLog] ([Operation]) OUTPUT INSERTED.[RunId] VALUES (@Operation)", SqlServer.InsertReturningIdentity(Tables.RunLog, ["Operation"]));
        Assert.Contains("DBCC CHECKIDENT ('attendance.School', RESEED, @m)", Assert.Single(SqlServer.AfterExplicitIdentities(Tables.School)), StringComparison.Ordinal);
    }

    [Fact]
    public void SqlServer_change_tracking_triggers_log_the_same_regions_from_inserted_and_deleted()
    {
        var triggers = SqlServer.ChangeTrackingTriggers().ToList();

        Assert.Equal(SqlServer.DropChangeTrackingTriggers().Count(), triggers.Count);
        var daily = Assert.Single(triggers, t => t.StartsWith("CREATE TRIGGER [attendance].[trg_DailyAttendance_upd]", StringComparison.Ordinal));
        Assert.Contains("AFTER UPDATE AS BEGIN SET NOCOUNT ON; IF UPDATE([SchoolRef]) OR UPDATE([Date]) OR UPDATE([StudentRef]) OR UPDATE([CodeRef])", daily, StringComparison.Ordinal);
        Assert.Contains("SELECT 'Attendance', d.SchoolRef, NULL, d.StudentRef, d.Date, d.Date, NULL FROM deleted d;", daily, StringComparison.Ordinal);
        Assert.Contains("SELECT 'Attendance', i.SchoolRef, NULL, i.StudentRef, i.Date, i.Date, NULL FROM inserted i;", daily, StringComparison.Ordinal);
        var section = Assert.Single(triggers, t => t.StartsWith("CREATE TRIGGER [attendance].[trg_Section_del]", StringComparison.Ordinal));
        Assert.Contains("FROM deleted d JOIN StudentSectionAssociation A ON A.SectionRef = d.SectionRef", section, StringComparison.Ordinal);
    }

    [Fact]
    public void PostgreSql_tables_use_bigint_C_collated_text_and_identity_by_default()
    {
        Assert.Equal(
            "CREATE TABLE \"schoolyear\" (\"schoolyear\" bigint NOT NULL, \"description\" text COLLATE \"C\" NOT NULL, \"begindate\" bigint NOT NULL, " +
            "\"enddate\" bigint NOT NULL, \"iscurrent\" bigint NOT NULL, PRIMARY KEY (\"schoolyear\"))", Assert.Single(Postgres.CreateTable(Tables.SchoolYear)));
        Assert.StartsWith("CREATE TABLE \"school\" (\"schoolref\" bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, ", Postgres.CreateTable(Tables.School).First(), StringComparison.Ordinal);
        Assert.Equal("SET LOCAL lock_timeout = '30s'; SELECT pg_advisory_xact_lock(1096044100)", Postgres.BeginWrite);
        Assert.Equal("lower(x.StudentUniqueId) IN (SELECT lower(value) FROM json_array_elements_text(CAST(@ids AS json)))", Postgres.InJsonSet("x.StudentUniqueId", "ids", ignoreCase: true));
        Assert.Equal("ILIKE", Postgres.LikeIgnoreCase);
        Assert.Equal(Postgres.DropChangeTrackingTriggers().Count() * 2, Postgres.ChangeTrackingTriggers().Count()); // a function and a trigger each
    }

    [Fact]
    public void Every_dialect_renders_every_table_of_the_schema()
    {
        var tables = Tables.Version1.Concat([ChangeTracking.ChangeLog, ChangeTracking.AggregationState, RunJournalMigration.RunChange,
            RecordingMethodChangeMigration.RecordingMethodChange, StoreBackupMigration.StoreBackup, OneRosterInterchangeMigration.AcademicSession]);
        foreach (var dialect in new[] { SqliteDialect.Instance, Postgres, SqlServer })
            foreach (var table in tables)
                Assert.StartsWith("CREATE TABLE ", dialect.CreateTable(table).First(), StringComparison.Ordinal);
    }
}
