using AttendanceTools.Engine.Storage;
using Microsoft.Extensions.Time.Testing;

namespace AttendanceTools.Engine.Tests.Support;

/// <summary>A store file in a temporary folder with a fake clock; deleted on dispose.</summary>
public sealed class TempStore : IDisposable
{
    public TempStore(DateTimeOffset? now = null, int? schemaVersion = null)
    {
        Folder = Directory.CreateTempSubdirectory("attendancetools-engine-").FullName;
        Path = System.IO.Path.Combine(Folder, "store.db");
        Clock = new FakeTimeProvider(now ?? new DateTimeOffset(2025, 10, 15, 3, 45, 0, TimeSpan.Zero));
        Clock.SetLocalTimeZone(TimeZoneInfo.Utc);
        Store = AttendanceStore.OpenSqlite(Path, new StoreOpenOptions { Clock = Clock, TargetSchemaVersion = schemaVersion });
    }

    public string Folder { get; }
    public string Path { get; }
    public FakeTimeProvider Clock { get; }
    public AttendanceStore Store { get; private set; }

    /// <summary>Opens the same file again (e.g. to migrate it), with the same clock.</summary>
    public AttendanceStore Reopen(StoreOpenOptions? options = null)
    {
        Store = AttendanceStore.OpenSqlite(Path, (options ?? new StoreOpenOptions()) with { Clock = Clock });
        return Store;
    }

    public void Dispose()
    {
        AttendanceStore.ReleaseConnections();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
