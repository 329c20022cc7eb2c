using System.Management.Automation;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Infrastructure;

/// <summary>
/// Lets <c>-Store</c> take a store object (Connect-AttendanceStore -PassThru), a Get-AttendanceStore
/// result, or simply the path of a SQLite store file.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
internal sealed class StoreTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        var value = inputData is PSObject pso ? pso.BaseObject : inputData;
        return value switch
        {
            AttendanceStore store => store,
            StoreInfo info => StoreOpener.Open(info.Path, info.IsReadOnly, createIfMissing: false),
            string path => StoreOpener.Open(engineIntrinsics.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path), readOnly: false, createIfMissing: false),
            FileInfo file => StoreOpener.Open(file.FullName, readOnly: false, createIfMissing: false),
            _ => throw new ArgumentTransformationMetadataException(
                $"Cannot use a {value?.GetType().Name ?? "null"} as a store. Pass the object Connect-AttendanceStore -PassThru returns, or the path of a store file."),
        };
    }
}

/// <summary>Opens stores with the session's clock (a test hook may replace it).</summary>
internal static class StoreOpener
{
    public static AttendanceStore Open(string path, bool readOnly, bool createIfMissing, Engine.IOperationObserver? observer = null)
        => AttendanceStore.OpenSqlite(path, new StoreOpenOptions
        {
            ReadOnly = readOnly,
            CreateIfMissing = createIfMissing,
            Clock = TestHooks.EffectiveClock,
            Observer = observer ?? Engine.NullObserver.Instance,
        });
}
