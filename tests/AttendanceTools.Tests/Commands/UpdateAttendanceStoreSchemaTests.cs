using AttendanceTools.Tests.Infrastructure;
using AttendanceTools.Tests.Shared;

namespace AttendanceTools.Tests.Commands;

/// <summary>Update-AttendanceStoreSchema: the explicit upgrade of server stores; a current store is left untouched.</summary>
public sealed class UpdateAttendanceStoreSchemaTests
{
    [Fact]
    public void A_current_SQLite_store_is_reported_and_left_untouched()
    {
        using var s = new PsSession();
        var db = s.PathIn("fresh.db");
        s.Run("$null = New-AttendanceStore -Path $db; Connect-AttendanceStore -Path $db", new Dictionary<string, object?> { ["db"] = db }).ShouldSucceed();
        var version = DemoTemplate.Scalar(db, "SELECT MAX(Version) FROM SchemaVersion");

        var r = s.Run("Update-AttendanceStoreSchema -Confirm:$false -Verbose").ShouldSucceed();

        var result = Assert.Single(r.Output);
        Assert.Equal(("SQLite", version, version, false), (result.Prop<string>("Provider"), result.Prop<long>("PreviousVersion"), result.Prop<long>("SchemaVersion"), result.Prop<bool>("Upgraded")));
        Assert.Contains(r.Verbose, v => v.Message.Contains("nothing to upgrade", StringComparison.Ordinal));
        Assert.Equal(version, DemoTemplate.Scalar(db, "SELECT MAX(Version) FROM SchemaVersion"));
    }

    [PostgreSqlFact]
    public void A_new_PostgreSQL_store_is_current_and_WhatIf_and_the_run_say_so()
    {
        using var s = new PsSession();
        using var db = PostgreSqlDatabase.Create();
        var vars = new Dictionary<string, object?> { ["cs"] = db.ConnectionString };
        s.Run("Connect-AttendanceStore -Provider PostgreSql -ConnectionString $cs -Initialize", vars).ShouldSucceed();

        var rows = Scalar(db, "SELECT COUNT(*) FROM SchemaVersion");
        var preview = Assert.Single(s.Run("Update-AttendanceStoreSchema -WhatIf").ShouldSucceed().Output);
        var result = Assert.Single(s.Run("Update-AttendanceStoreSchema -Confirm:$false").ShouldSucceed().Output);

        var version = Scalar(db, "SELECT MAX(Version) FROM SchemaVersion");
        Assert.Equal(("PostgreSql", version, version, false), (result.Prop<string>("Provider"), result.Prop<long>("PreviousVersion"), result.Prop<long>("SchemaVersion"), result.Prop<bool>("Upgraded")));
        Assert.Equal((version, false), (preview.Prop<long>("SchemaVersion"), preview.Prop<bool>("Upgraded")));
        Assert.Equal(rows, Scalar(db, "SELECT COUNT(*) FROM SchemaVersion"));
    }

    private static long Scalar(PostgreSqlDatabase db, string sql)
    {
        using var c = new Npgsql.NpgsqlConnection(db.ConnectionString);
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
