using System.Diagnostics;
using AttendanceTools.Engine.Import;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Storage.Migrations;
using AttendanceTools.Engine.Tests.Import;
using AttendanceTools.Engine.Tests.Support;

namespace AttendanceTools.Engine.Tests.Storage;

/// <summary>Stores are recognised by their application id, never conjured from another file; a write-protected store says so.</summary>
public sealed class StoreRecognitionTests
{
    private sealed class Warnings : IOperationObserver
    {
        public readonly List<string> Items = [];
        public void Progress(ProgressInfo progress) { }
        public void Verbose(string message) { }
        public void Warning(string id, string message) => Items.Add($"{id}: {message}");
    }

    [Fact]
    public void A_new_store_carries_the_application_id_and_an_older_store_is_stamped_on_upgrade()
    {
        using var t = new TempStore(schemaVersion: 3);
        long Id() { using var c = t.Store.OpenConnection(); return c.ScalarLong("PRAGMA application_id"); }
        Assert.Equal(0L, Id());

        t.Reopen();

        Assert.Equal(SqliteDialect.ApplicationId, Id());
        Assert.Equal(SchemaMigrator.LatestVersion, t.Store.SchemaVersion);
        using var c = t.Store.OpenConnection();
        Assert.Equal(1L, c.ScalarLong("SELECT COUNT(*) FROM pragma_table_info('Lease') WHERE name = 'ProcessStartedAt'"));
        Assert.Equal(SchemaMigrator.All.Select(m => (long)m.Version), c.Query("SELECT Version FROM SchemaVersion ORDER BY Version", r => r.GetInt64(0)));
    }

    [Fact]
    public void Connecting_never_creates_and_a_zero_byte_file_is_not_turned_into_an_empty_district()
    {
        var folder = Directory.CreateTempSubdirectory("attendancetools-recognise-").FullName;
        try
        {
            var missing = Path.Combine(folder, "demo-distrct.db");
            var notFound = Assert.Throws<AttendanceException>(() => AttendanceStore.OpenSqlite(missing, new StoreOpenOptions { CreateIfMissing = false }));
            Assert.Equal("StoreNotFound", notFound.ErrorId);
            Assert.False(File.Exists(missing));

            var empty = Path.Combine(folder, "empty.db");
            File.WriteAllBytes(empty, []);
            var ex = Assert.Throws<AttendanceException>(() => AttendanceStore.OpenSqlite(empty));
            Assert.Equal("StoreNotRecognized", ex.ErrorId);
            Assert.Equal(FailureKind.InvalidData, ex.Kind);
            Assert.Equal($"'{empty}' is not an AttendanceTools store: the file is empty. It was left as it is.", ex.Message);
            Assert.Equal(0L, new FileInfo(empty).Length);
            Assert.False(File.Exists(empty + "-wal"));
        }
        finally
        {
            AttendanceStore.ReleaseConnections();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_write_protected_store_connects_with_a_warning_and_every_write_fails_with_StoreReadOnly()
    {
        using var t = new TempStore();
        using var package = new PackageFolder();
        var plan = ImportRun.Plan(t.Store, package.Path);
        AttendanceStore.ReleaseConnections();
        var files = new[] { t.Path, t.Path + "-wal", t.Path + "-shm" }.Where(File.Exists).ToList();
        var bytes = File.ReadAllBytes(t.Path);
        WriteProtect(files, on: true);
        try
        {
            var warnings = new Warnings();
            var store = AttendanceStore.OpenSqlite(t.Path, new StoreOpenOptions { Clock = t.Clock, Observer = warnings });

            Assert.True(store.IsWriteProtected);
            Assert.False(store.IsReadOnly);
            Assert.Equal([$"StoreReadOnly: The store '{t.Path}' cannot be written: the file or its folder is write-protected (read-only attribute, file permissions, or a read-only share). Reads work; every command that writes will fail."],
                warnings.Items);
            Assert.Equal(SchemaMigrator.LatestVersion, StoreInfo.Read(store).SchemaVersion);

            var ex = Assert.Throws<AttendanceException>(() => DistrictImport.Apply(plan, NullObserver.Instance, CancellationToken.None));
            Assert.Equal("StoreReadOnly", ex.ErrorId);
            Assert.Equal(FailureKind.PermissionDenied, ex.Kind);
            Assert.Equal(t.Path, ex.Target);
            Assert.StartsWith($"The store '{t.Path}' cannot be written", ex.Message, StringComparison.Ordinal);
            Assert.Contains("write permission", ex.RecommendedAction, StringComparison.Ordinal);
        }
        finally
        {
            WriteProtect(files, on: false);
        }
        Assert.Equal(bytes, File.ReadAllBytes(t.Path));
    }

    /// <summary>Read-only permissions; as root (which ignores them) also the immutable attribute.</summary>
    private static void WriteProtect(List<string> files, bool on)
    {
        foreach (var f in files)
        {
            // The immutable attribute goes last on and first off: while it is set, not even the mode can change.
            if (!on) Immutable(f, false);
            if (OperatingSystem.IsWindows()) File.SetAttributes(f, on ? FileAttributes.ReadOnly : FileAttributes.Normal);
            else File.SetUnixFileMode(f, on ? UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead : UnixFileMode.UserRead | UnixFileMode.UserWrite);
            if (on) Immutable(f, true);
        }
    }

    private static void Immutable(string file, bool on)
    {
        if (OperatingSystem.IsWindows() || Environment.UserName != "root") return;
        using var p = Process.Start(new ProcessStartInfo("chattr", [on ? "+i" : "-i", file]) { UseShellExecute = false })!;
        p.WaitForExit();
    }
}
