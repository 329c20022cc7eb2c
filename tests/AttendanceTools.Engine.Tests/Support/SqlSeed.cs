using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Tests.Support;

/// <summary>Writes <see cref="AttendanceTools.Tests.Shared.SeedScript"/> (the small hand-made district) into a store.</summary>
public static class SqlSeed
{
    public static AttendanceStore SmallDistrict(this AttendanceStore store)
    {
        using var c = store.OpenConnection();
        c.Execute(AttendanceTools.Tests.Shared.SeedScript.Sql);
        return store;
    }
}
