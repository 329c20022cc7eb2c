using System.Management.Automation;
using AttendanceTools.Tests.Infrastructure;
using AttendanceTools.Tests.Shared;

namespace AttendanceTools.Tests.Commands;

/// <summary>
/// Connect-AttendanceStore -Provider/-ConnectionString (issue #15): the schema only with -Initialize, and a
/// password in the connection string in none of the outputs, errors, Get-AttendanceStore, progress or the run log.
/// </summary>
public sealed class ConnectAttendanceStoreServerTests(DemoTemplate demo) : IClassFixture<DemoTemplate>
{
    private const string Secret = "Pa55-w0rd-Nobody-Sees";

    [Fact]
    public void Provider_Sqlite_with_a_connection_string_is_the_same_as_Path()
    {
        using var s = new PsSession();
        var db = demo.CopyTo(s.TempFolder);

        var store = Assert.Single(s.Run("Connect-AttendanceStore -Provider Sqlite -ConnectionString \"Data Source=$db\" -PassThru",
            new Dictionary<string, object?> { ["db"] = db }).ShouldSucceed().Output);

        Assert.Equal(("SQLite", db), (store.Prop<string>("Provider"), store.Prop<string>("Location")));
    }

    [Fact]
    public void An_unreachable_server_fails_with_StoreConnectionFailed_naming_host_and_database_not_the_password()
    {
        using var s = new PsSession();

        var r = s.Run($"Connect-AttendanceStore -Provider PostgreSql -ConnectionString 'Host=127.0.0.1;Port=1;Database=district;Username=u;Password={Secret};Timeout=2' -Verbose");

        Assert.StartsWith("StoreConnectionFailed,", r.ErrorId, StringComparison.Ordinal);
        Assert.Contains("'127.0.0.1:1/district'", r.FirstError!.Exception.Message, StringComparison.Ordinal);
        AssertNoSecret(r);
    }

    [PostgreSqlFact]
    public void An_empty_database_is_refused_without_Initialize_and_made_a_store_with_it()
    {
        using var s = new PsSession();
        using var db = PostgreSqlDatabase.Create();
        var vars = new Dictionary<string, object?> { ["cs"] = db.ConnectionString };

        var refused = s.Run("Connect-AttendanceStore -Provider PostgreSql -ConnectionString $cs", vars);
        Assert.StartsWith("StoreSchemaMissing,", refused.ErrorId, StringComparison.Ordinal);
        Assert.Contains("-Initialize", refused.FirstError!.ErrorDetails!.RecommendedAction, StringComparison.Ordinal);

        var store = Assert.Single(s.Run("Connect-AttendanceStore -Provider PostgreSql -ConnectionString $cs -Initialize -PassThru", vars).ShouldSucceed().Output);
        Assert.Equal(("PostgreSql", $"127.0.0.1:{new Npgsql.NpgsqlConnectionStringBuilder(db.ConnectionString).Port}/{db.Name}"),
            (store.Prop<string>("Provider"), store.Prop<string>("Location")));
        var info = Assert.Single(s.Run("Get-AttendanceStore").ShouldSucceed().Output);
        Assert.Equal(("PostgreSql", store.Prop<long>("SchemaVersion")), (info.Prop<string>("Provider"), info.Prop<long>("SchemaVersion")));
    }

    [PostgreSqlFact]
    public void Backup_of_a_server_store_is_refused_naming_the_provider()
    {
        using var s = new PsSession();
        using var db = PostgreSqlDatabase.Create();

        var r = s.Run("Connect-AttendanceStore -Provider PostgreSql -ConnectionString $cs -Initialize; Backup-AttendanceStore -Confirm:$false",
            new Dictionary<string, object?> { ["cs"] = db.ConnectionString });

        Assert.StartsWith("BackupNotSupported,", r.ErrorId, StringComparison.Ordinal);
        Assert.Contains("PostgreSql", r.FirstError!.Exception.Message, StringComparison.Ordinal);
    }

    [PostgreSqlFact]
    public void A_password_in_the_connection_string_appears_nowhere_after_real_runs()
    {
        using var s = new PsSession();
        using var db = PostgreSqlDatabase.Create();
        var source = demo.CopyTo(s.TempFolder);
        // The test cluster trusts local connections, so the password is carried but not needed: exactly the case to watch.
        var cs = db.ConnectionString + ";Password=" + Secret;
        var vars = new Dictionary<string, object?> { ["cs"] = cs, ["src"] = source };

        var results = new List<PsResult>
        {
            s.Run("$file = Connect-AttendanceStore -Path $src -PassThru; $pg = Connect-AttendanceStore -Provider PostgreSql -ConnectionString $cs -Initialize -PassThru -Verbose; $pg; $pg | Format-List * | Out-String", vars).ShouldSucceed(),
            s.Run("Copy-AttendanceStore -Store $file -Destination $pg -Confirm:$false -Verbose").ShouldSucceed(),
            s.Run("Update-AttendanceAggregation -SchoolYear 2025-26 -Confirm:$false -Verbose").ShouldSucceed(),
            s.Run("Get-AttendanceStore | Format-List * | Out-String; Get-AttendanceRun | Format-List * | Out-String").ShouldSucceed(),
            s.Run("Update-AttendanceStoreSchema -Confirm:$false -Verbose; Set-AttendanceStore -TimeZone UTC -Confirm:$false -Verbose").ShouldSucceed(),
            // Failures: a missing school, and a lost connection string keyword.
            s.Run("Get-AttendanceSchool -Name 'No Such School'"),
            s.Run("Connect-AttendanceStore -Provider PostgreSql -ConnectionString ($cs + ';Bogus Keyword=1')", vars),
        };

        Assert.True(results[2].Progress.Count > 0);
        foreach (var r in results) AssertNoSecret(r);
        Assert.StartsWith("StoreConnectionStringInvalid,", results[^1].ErrorId, StringComparison.Ordinal);
        using var c = new Npgsql.NpgsqlConnection(db.ConnectionString);
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM RunLog WHERE COALESCE(Scope, '') || COALESCE(Details, '') || COALESCE(Host, '') LIKE '%' || @s || '%'";
        cmd.Parameters.AddWithValue("s", Secret);
        Assert.Equal(0L, Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
        cmd.CommandText = "SELECT COUNT(*) FROM RunLog";
        Assert.True(Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) >= 3);
    }

    /// <summary>Every stream of a run, as text, holds no trace of the password.</summary>
    private static void AssertNoSecret(PsResult r)
    {
        var text = string.Join("\n", r.Output.Select(o => o.ToString() + " " + string.Join(" ", o.Properties.Select(p => $"{p.Name}={SafeValue(p)}")))
            .Concat(r.Errors.Select(Describe)).Concat(r.Terminating is null ? [] : [Describe(r.Terminating.ErrorRecord)])
            .Concat(r.Warnings.Select(w => w.Message)).Concat(r.Verbose.Select(v => v.Message))
            .Concat(r.Progress.Select(p => p.Activity + " " + p.StatusDescription + " " + p.CurrentOperation))
            .Concat(r.Information.Select(i => i.MessageData?.ToString() ?? "")).Concat(r.HostLines));
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
    }

    private static string Describe(ErrorRecord e) => $"{e.FullyQualifiedErrorId} {e.Exception} {e.ErrorDetails?.Message} {e.ErrorDetails?.RecommendedAction} {e.TargetObject}";

    private static string SafeValue(PSPropertyInfo p)
    {
        try { return p.Value?.ToString() ?? ""; }
        catch (GetValueException) { return ""; }
    }
}
