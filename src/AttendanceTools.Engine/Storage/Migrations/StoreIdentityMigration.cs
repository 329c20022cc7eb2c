namespace AttendanceTools.Engine.Storage.Migrations;

/// <summary>
/// Schema version 5: the store says what it is, and a lease says which process holds it.
/// A SQLite store carries <see cref="SqliteDialect.ApplicationId"/> in its file header, so a file
/// that lacks it (a zero-byte file, another program's database) is never taken for a store; stores
/// made before this version are recognised by their SchemaVersion table and stamped here. A lease
/// records when its holder process started, so a holder that died (and a process id reused since)
/// is told apart from a live one on the same host.
/// </summary>
public static class StoreIdentityMigration
{
    public static readonly Migration Migration = new(5, "Store identity and lease holder process", ctx =>
    {
        ctx.Execute("ALTER TABLE Lease ADD ProcessStartedAt " + (ctx.Dialect is SqliteDialect ? "TEXT" : "VARCHAR(40)") + " NULL");
        if (ctx.Dialect is SqliteDialect) ctx.Execute(SqliteDialect.StampApplicationId);
    });
}
