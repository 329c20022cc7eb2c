using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Storage.Migrations;
using AttendanceTools.Engine.Tests.Support;

namespace AttendanceTools.Engine.Tests.Storage;

public sealed class SchemaMigrationTests
{
    [Fact]
    public void A_new_store_is_created_at_the_latest_version()
    {
        using var t = new TempStore();
        Assert.Equal(SchemaMigrator.LatestVersion, t.Store.SchemaVersion);
        Assert.Equal(SchemaMigrator.LatestVersion, StoreInfo.Read(t.Store).SchemaVersion);
    }

    [Fact]
    public void An_older_store_is_upgraded_on_connect_and_keeps_its_data()
    {
        using var t = new TempStore(schemaVersion: 1);
        Assert.Equal(1, t.Store.SchemaVersion);
        using (var c = t.Store.OpenConnection())
            c.Execute("INSERT INTO SchoolYear (SchoolYear, Description, BeginDate, EndDate, IsCurrent) VALUES (2026, '2025-2026', 20250801, 20260630, 1)");

        var upgraded = t.Reopen();

        Assert.Equal(SchemaMigrator.LatestVersion, upgraded.SchemaVersion);
        using var c2 = upgraded.OpenConnection();
        Assert.Equal(1, c2.ScalarLong("SELECT COUNT(*) FROM SchoolYear WHERE SchoolYear = 2026"));
        Assert.True(upgraded.Dialect.TableExists(c2, "ChangeLog"));
        Assert.Equal(SchemaMigrator.All.Count, c2.ScalarLong("SELECT COUNT(*) FROM SchemaVersion"));
    }

    [Fact]
    public void A_read_only_connection_refuses_an_older_store_instead_of_upgrading_it()
    {
        using var t = new TempStore(schemaVersion: 1);
        var ex = Assert.Throws<AttendanceException>(() => t.Reopen(new StoreOpenOptions { ReadOnly = true }));
        Assert.Equal("StoreSchemaOutdated", ex.ErrorId);
    }

    [Fact]
    public void A_store_from_a_newer_module_is_refused_with_a_message_that_says_so()
    {
        using var t = new TempStore();
        using (var c = t.Store.OpenConnection())
            c.Execute("INSERT INTO SchemaVersion (Version, Description, AppliedAt, ModuleVersion) VALUES (99, 'future', '2030-01-01T00:00:00.000Z', '9.0.0')");

        var ex = Assert.Throws<AttendanceException>(() => t.Reopen());

        Assert.Equal("StoreSchemaTooNew", ex.ErrorId);
        Assert.Contains("schema version 99", ex.Message, StringComparison.Ordinal);
        Assert.Contains("newer", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_database_that_is_not_a_store_is_refused()
    {
        using var t = new TempStore();
        var other = System.IO.Path.Combine(t.Folder, "other.db");
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={other}"))
        {
            c.Open();
            c.Execute("CREATE TABLE Foo (Id INTEGER)");
        }
        var ex = Assert.Throws<AttendanceException>(() => AttendanceStore.OpenSqlite(other));
        Assert.Equal("StoreNotRecognized", ex.ErrorId);
    }
}
