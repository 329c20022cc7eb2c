using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Storage.Migrations;
using AttendanceTools.Engine.Tests.Support;

namespace AttendanceTools.Engine.Tests.Conformance;

/// <summary>
/// Server stores (#15): the schema is created by -Initialize or Update-AttendanceStoreSchema, never on
/// connect; a database without it, or another program's, is refused with its own id and left as it was.
/// </summary>
public sealed class SchemaConformanceTests
{
    [Theory, PostgreSql, SqlServer]
    public void Initialize_creates_the_latest_schema_and_a_store_id(string provider)
    {
        using var t = new TempStore(provider: provider);

        Assert.Equal((SchemaMigrator.LatestVersion, provider, true), (t.Store.SchemaVersion, t.Store.Provider, t.Store.IsServer));
        using var c = t.Store.OpenConnection();
        Assert.Equal(Enumerable.Range(1, SchemaMigrator.LatestVersion).Select(v => (long)v).Intersect(SchemaMigrator.All.Select(m => (long)m.Version)),
            c.Query("SELECT Version FROM SchemaVersion ORDER BY Version", r => r.GetInt64(0)));
        Assert.Matches("^[0-9a-f-]{36}$", StoreSettings.Get(c, StoreSettings.StoreId));
        // Connecting again without -Initialize finds the store as it is.
        Assert.Equal(SchemaMigrator.LatestVersion, t.Reopen().SchemaVersion);
    }

    [Theory, PostgreSql, SqlServer]
    public void An_empty_database_is_refused_without_Initialize_and_left_empty(string provider)
    {
        using var db = ServerDatabase.Create(provider);

        var ex = Assert.Throws<AttendanceException>(() => AttendanceStore.OpenServer(db.Provider, db.ConnectionString));

        Assert.Equal(("StoreSchemaMissing", FailureKind.InvalidOperation), (ex.ErrorId, ex.Kind));
        Assert.Contains("-Initialize", ex.RecommendedAction, StringComparison.Ordinal);
        Assert.Contains(db.Name, ex.Message, StringComparison.Ordinal);
        var store = AttendanceStore.OpenServer(db.Provider, db.ConnectionString, new StoreOpenOptions { Initialize = true });
        Assert.Equal(SchemaMigrator.LatestVersion, store.SchemaVersion);
    }

    [Theory, PostgreSql]
    public void Another_programs_database_is_not_recognized(string provider)
    {
        using var db = ServerDatabase.Create(provider);
        using (var c = new Npgsql.NpgsqlConnection(db.ConnectionString)) { c.Open(); c.Execute("CREATE TABLE invoices (id int)"); }

        var ex = Assert.Throws<AttendanceException>(() => AttendanceStore.OpenServer(db.Provider, db.ConnectionString, new StoreOpenOptions { Initialize = true }));

        Assert.Equal("StoreNotRecognized", ex.ErrorId);
    }

    [Theory, PostgreSql, SqlServer]
    public void An_older_schema_connects_with_a_warning_refuses_writes_and_is_upgraded_only_when_asked(string provider)
    {
        using var t = new TempStore(schemaVersion: 3, provider: provider);
        Assert.Equal(3, t.Store.SchemaVersion);
        var log = new Aggregation.WarningLog();

        var store = t.Reopen(new StoreOpenOptions { Observer = log });

        Assert.Equal((3, true), (store.SchemaVersion, store.IsOutdated));
        var (id, message) = Assert.Single(log.Warnings);
        Assert.Equal("StoreSchemaOutdated", id);
        Assert.Contains("schema version 3 and needs an upgrade to " + SchemaMigrator.LatestVersion, message, StringComparison.Ordinal);
        var ex = Assert.Throws<AttendanceException>(() => StoreSettings.SetTimeZone(store, "UTC"));
        Assert.Equal("StoreSchemaOutdated", ex.ErrorId);
        Assert.Contains("Update-AttendanceStoreSchema", ex.RecommendedAction, StringComparison.Ordinal);

        var preview = store.UpdateSchema(NullObserver.Instance, apply: false);
        Assert.Equal((3, SchemaMigrator.LatestVersion, true, true), (preview.PreviousVersion, preview.SchemaVersion, preview.Upgraded, preview.WhatIf));
        Assert.Equal(3, t.Reopen().SchemaVersion);

        var result = store.UpdateSchema(NullObserver.Instance, apply: true);

        Assert.Equal((3, SchemaMigrator.LatestVersion, true, false), (result.PreviousVersion, result.SchemaVersion, result.Upgraded, result.WhatIf));
        Assert.False(store.IsOutdated);
        Assert.Null(StoreSettings.SetTimeZone(store, "UTC"));
        Assert.Equal(SchemaMigrator.LatestVersion, t.Reopen().SchemaVersion);
        Assert.False(store.UpdateSchema(NullObserver.Instance, apply: true).Upgraded);
    }

    [Theory, PostgreSql]
    public void A_wrong_password_fails_with_StoreConnectionFailed_naming_the_database_not_the_password(string provider)
    {
        _ = provider;
        var ex = Assert.Throws<AttendanceException>(() => AttendanceStore.OpenServer(StoreProvider.PostgreSql,
            "Host=127.0.0.1;Port=1;Database=district;Username=u;Password=Sup3r-Secret;Timeout=2"));

        Assert.Equal("StoreConnectionFailed", ex.ErrorId);
        Assert.Contains("127.0.0.1:1/district", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Sup3r-Secret", ex.ToString(), StringComparison.Ordinal);
    }
}
