using System.Management.Automation;
using AttendanceTools.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace AttendanceTools.Tests.Commands;

public sealed class ConnectAttendanceStoreTests
{
    private const string Id = "AttendanceTools.Commands.ConnectAttendanceStoreCommand";

    private static int CurrentSchema => SchemaFacts.Current;

    [Fact]
    public void A_missing_file_is_StoreNotFound_and_no_store_is_made_by_a_typo()
    {
        using var s = new PsSession();
        var db = s.PathIn("demo-distrct.db");

        var r = s.Run("Connect-AttendanceStore -Path $db", Vars(db));

        Assert.True(Terminates(s, "Connect-AttendanceStore -Path $db", db));
        Assert.Equal("StoreNotFound," + Id, r.ErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, r.FirstError!.CategoryInfo.Category);
        Assert.Equal($"There is no store at '{db}'.", r.FirstError.Exception.Message);
        Assert.Contains("New-AttendanceStore", r.FirstError.ErrorDetails!.RecommendedAction, StringComparison.Ordinal);
        Assert.False(File.Exists(db));
        Assert.Equal("StoreNotConnected,AttendanceTools.Commands.GetAttendanceStoreCommand", s.Run("Get-AttendanceStore").ErrorId);
    }

    [Fact]
    public void An_existing_store_is_connected_and_an_older_one_upgraded()
    {
        using var s = new PsSession();
        var db = s.PathIn("new.db");
        s.Run("$null = New-AttendanceStore -Path $db -NoConnect", Vars(db)).ShouldSucceed();

        var r = s.Run("Connect-AttendanceStore -Path $db -Verbose", Vars(db)).ShouldSucceed();

        Assert.Empty(r.Output);
        Assert.DoesNotContain(r.Verbose, v => v.Message.StartsWith("Upgrading", StringComparison.Ordinal));
        Assert.Contains(r.Verbose, v => v.Message == $"Connected to SQLite store '{db}' (schema version {CurrentSchema}).");
        Assert.Equal(SchemaFacts.AllVersions, ReadSchemaVersions(db));
        Assert.Equal(0x41544E44L, Scalar(db, "PRAGMA application_id"));
        var info = s.Run("Get-AttendanceStore").ShouldSucceed().Output.Single();
        Assert.Equal(CurrentSchema, info.Prop<int>("SchemaVersion"));
        Assert.Equal(CurrentSchema, info.Prop<int>("ModuleSchemaVersion"));
        Assert.False(info.Prop<bool>("IsReadOnly"));
    }

    [Fact]
    public void A_relative_path_resolves_against_the_PowerShell_location()
    {
        using var s = new PsSession();
        Directory.CreateDirectory(s.PathIn("sub"));
        s.Run("$null = New-AttendanceStore -Path ./relative.db -NoConnect").ShouldSucceed();

        s.Run("$null = $ExecutionContext.SessionState.Path.SetLocation('sub'); Connect-AttendanceStore -Path ../relative.db").ShouldSucceed();

        Assert.Equal(s.PathIn("relative.db"), s.Run("Get-AttendanceStore").ShouldSucceed().Output.Single().Prop<string>("Path"));
    }

    [Theory]
    [InlineData("empty", "the file is empty")]
    [InlineData("text", "it is not a SQLite database")]
    [InlineData("foreign", "its application id is 1234, another program's")]
    [InlineData("blank", "it is an empty database")]
    public void A_file_that_is_not_a_store_is_StoreNotRecognized_and_left_untouched(string kind, string why)
    {
        using var s = new PsSession();
        var db = s.PathIn(kind + ".db");
        switch (kind)
        {
            case "empty": File.WriteAllBytes(db, []); break;
            case "text": File.WriteAllText(db, "StudentId,Name\nS1,Ann\n" + new string('x', 4000)); break;
            case "foreign": Execute(db, "PRAGMA application_id = 1234; CREATE TABLE SchemaVersion (Version INTEGER)"); break;
            case "blank": Execute(db, "PRAGMA user_version = 7"); break;
        }
        var before = File.ReadAllBytes(db);

        var r = s.Run("Connect-AttendanceStore -Path $db", Vars(db));

        Assert.Equal("StoreNotRecognized," + Id, r.ErrorId);
        Assert.Equal(ErrorCategory.InvalidData, r.FirstError!.CategoryInfo.Category);
        Assert.Equal($"'{db}' is not an AttendanceTools store: {why}. It was left as it is.", r.FirstError.Exception.Message);
        Assert.Equal(before, File.ReadAllBytes(db));
        Assert.False(File.Exists(db + "-wal"));
    }

    [Fact]
    public void PassThru_writes_the_store_object_that_Store_accepts()
    {
        using var s = new PsSession();
        var db = s.PathIn("passthru.db");

        s.Run("$null = New-AttendanceStore -Path $db -NoConnect", Vars(db)).ShouldSucceed();
        var store = s.Run("Connect-AttendanceStore -Path $db -PassThru", Vars(db)).ShouldSucceed().Output.Single();

        Assert.Equal("AttendanceTools.Engine.Storage.AttendanceStore", store.TypeName());
        Assert.Equal("SQLite", store.Prop<string>("Provider"));
        Assert.Equal(db, store.Prop<string>("Location"));
        Assert.Equal(CurrentSchema, store.Prop<int>("SchemaVersion"));
        Assert.False(store.Prop<bool>("IsReadOnly"));
        var info = s.Run("Disconnect-AttendanceStore; Get-AttendanceStore -Store $store", new Dictionary<string, object?> { ["store"] = store })
            .ShouldSucceed().Output.Single();
        Assert.Equal(db, info.Prop<string>("Path"));
    }

    [Fact]
    public void Path_binds_from_the_FullName_of_a_piped_object()
    {
        using var s = new PsSession();
        var db = s.PathIn("piped.db");

        s.Run("$null = New-AttendanceStore -Path $db -NoConnect", Vars(db)).ShouldSucceed();
        s.Run("[pscustomobject]@{ FullName = $db } | Connect-AttendanceStore", Vars(db)).ShouldSucceed();

        Assert.Equal(db, s.Run("Get-AttendanceStore").ShouldSucceed().Output.Single().Prop<string>("Path"));
    }

    [Fact]
    public void ReadOnly_on_a_missing_file_fails_with_StoreNotFound_and_creates_nothing()
    {
        using var s = new PsSession();
        var db = s.PathIn("missing.db");

        var r = s.Run("Connect-AttendanceStore -Path $db -ReadOnly", Vars(db));

        Assert.True(Terminates(s, "Connect-AttendanceStore -Path $db -ReadOnly", db));
        Assert.Equal("StoreNotFound," + Id, r.ErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, r.FirstError!.CategoryInfo.Category);
        Assert.Equal(db, r.FirstError.TargetObject);
        Assert.Contains(db, r.FirstError.Exception.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(r.FirstError.ErrorDetails?.RecommendedAction));
        Assert.False(File.Exists(db));
    }

    [Fact]
    public void A_missing_folder_fails_with_StoreNotFound()
    {
        using var s = new PsSession();
        var db = Path.Combine(s.TempFolder, "no-such-folder", "district.db");

        var r = s.Run("Connect-AttendanceStore -Path $db", Vars(db));

        Assert.Equal("StoreNotFound," + Id, r.ErrorId);
        Assert.Contains("no-such-folder", r.FirstError!.Exception.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.GetDirectoryName(db)));
    }

    [Fact]
    public void ReadOnly_connects_to_an_existing_store_and_reports_it_read_only()
    {
        using var s = new PsSession();
        var db = s.PathIn("ro.db");
        s.Run("$null = New-AttendanceStore -Path $db -NoConnect", Vars(db)).ShouldSucceed();
        var before = File.ReadAllBytes(db);

        var r = s.Run("Connect-AttendanceStore -Path $db -ReadOnly -Verbose; Get-AttendanceStore", Vars(db)).ShouldSucceed();

        Assert.Contains(r.Verbose, v => v.Message.EndsWith($"(schema version {SchemaFacts.Current}, read-only).", StringComparison.Ordinal));
        Assert.True(r.Output.Single().Prop<bool>("IsReadOnly"));
        // A writing cmdlet does not exist yet in this module; the read-only flag is what every writer checks.
        Assert.Equal(before, File.ReadAllBytes(db));
    }

    [Fact]
    public void A_store_written_by_a_newer_module_is_refused_with_StoreSchemaTooNew()
    {
        using var s = new PsSession();
        var db = s.PathIn("future.db");
        s.Run("$null = New-AttendanceStore -Path $db -NoConnect", Vars(db)).ShouldSucceed();
        Execute(db, "INSERT INTO SchemaVersion (Version, Description, AppliedAt, ModuleVersion) VALUES (99, 'From the future', '2030-01-01T00:00:00Z', '9.0.0')");

        var r = s.Run("Connect-AttendanceStore -Path $db", Vars(db));

        Assert.True(Terminates(s, "Connect-AttendanceStore -Path $db", db));
        Assert.Equal("StoreSchemaTooNew," + Id, r.ErrorId);
        Assert.Equal(ErrorCategory.InvalidOperation, r.FirstError!.CategoryInfo.Category);
        Assert.Contains("schema version 99", r.FirstError.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("Update-Module", r.FirstError.ErrorDetails!.RecommendedAction, StringComparison.Ordinal);
        Assert.Equal([.. SchemaFacts.AllVersions, 99L], ReadSchemaVersions(db));
        // The failed connect did not replace the session's store with anything.
        Assert.Equal("StoreNotConnected,AttendanceTools.Commands.GetAttendanceStoreCommand", s.Run("Get-AttendanceStore").ErrorId);
    }

    [Fact]
    public void A_database_that_is_not_a_store_is_refused_with_StoreNotRecognized()
    {
        using var s = new PsSession();
        var db = s.PathIn("other.db");
        Execute(db, "CREATE TABLE Customer (Id INTEGER PRIMARY KEY, Name TEXT)");

        var r = s.Run("Connect-AttendanceStore -Path $db", Vars(db));

        Assert.Equal("StoreNotRecognized," + Id, r.ErrorId);
        Assert.Equal(ErrorCategory.InvalidData, r.FirstError!.CategoryInfo.Category);
        Assert.Equal(0L, Scalar(db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'SchemaVersion'"));
    }

    [Fact]
    public void Two_runspaces_keep_separate_connections()
    {
        using var first = new PsSession();
        using var second = new PsSession();
        var a = first.PathIn("a.db");
        var b = second.PathIn("b.db");

        first.Run("$null = New-AttendanceStore -Path $db", Vars(a)).ShouldSucceed();
        Assert.Equal("StoreNotConnected,AttendanceTools.Commands.GetAttendanceStoreCommand", second.Run("Get-AttendanceStore").ErrorId);
        second.Run("$null = New-AttendanceStore -Path $db", Vars(b)).ShouldSucceed();

        Assert.Equal(a, first.Run("Get-AttendanceStore").ShouldSucceed().Output.Single().Prop<string>("Path"));
        Assert.Equal(b, second.Run("Get-AttendanceStore").ShouldSucceed().Output.Single().Prop<string>("Path"));
    }

    [Fact]
    public void Verbose_and_debug_output_never_contain_a_password()
    {
        using var s = new PsSession();
        var db = s.PathIn("secret.db");

        s.Run("$null = New-AttendanceStore -Path $db -NoConnect", Vars(db)).ShouldSucceed();
        var r = s.Run("""
            $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'
            & { Connect-AttendanceStore -Path $db; Get-AttendanceStore | Out-Null; Disconnect-AttendanceStore } 4>&1 5>&1
            """, Vars(db)).ShouldSucceed();

        var lines = r.Output.Select(o => o.BaseObject.ToString() ?? "").Concat(r.HostLines).ToList();
        Assert.Contains(lines, l => l.StartsWith("Connected to SQLite store", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("Password=", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(lines, l => l.Contains("Data Source=", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_terminating_check_used_here_tells_the_two_kinds_of_error_apart()
    {
        using var s = new PsSession();
        Assert.False(Terminates(s, "Get-Command -Name No-SuchCommandAnywhere"));
        Assert.True(Terminates(s, "throw 'stop'"));
    }

    private static Dictionary<string, object?> Vars(string db) => new() { ["db"] = db };

    /// <summary>A terminating error is caught by try/catch without -ErrorAction Stop; a non-terminating one is not.</summary>
    internal static bool Terminates(PsSession s, string command, string? db = null)
    {
        var r = s.Run($"try {{ {command}; 'continued' }} catch {{ 'caught' }}", new Dictionary<string, object?> { ["db"] = db });
        return r.Output.Select(o => o.BaseObject as string).SequenceEqual(["caught"]);
    }

    // The test project's own Microsoft.Data.Sqlite (another version than the module's), unpooled so
    // it never holds the file after the call.
    private static SqliteConnection Open(string db)
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db, Pooling = false }.ToString());
        c.Open();
        return c;
    }

    private static void Execute(string db, string sql)
    {
        using var c = Open(db);
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static long Scalar(string db, string sql)
    {
        using var c = Open(db);
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static List<long> ReadSchemaVersions(string db)
    {
        using var c = Open(db);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT Version FROM SchemaVersion ORDER BY Version";
        using var reader = cmd.ExecuteReader();
        var versions = new List<long>();
        while (reader.Read()) versions.Add(reader.GetInt64(0));
        return versions;
    }
}
