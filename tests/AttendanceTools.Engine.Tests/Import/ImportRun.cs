using AttendanceTools.Engine.Import;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Tests.Import;

/// <summary>Short ways to plan, apply and export in tests.</summary>
internal static class ImportRun
{
    public static ImportPlan Plan(AttendanceStore store, string path, double? maxChangePercent = null)
        => DistrictImport.Plan(new ImportRequest { Store = store, Path = path, MaxChangePercent = maxChangePercent }, NullObserver.Instance, CancellationToken.None);

    public static ImportResult Import(AttendanceStore store, string path, double? maxChangePercent = null)
        => DistrictImport.Apply(Plan(store, path, maxChangePercent), NullObserver.Instance, CancellationToken.None);

    public static ImportRefusedException Refused(AttendanceStore store, string path)
        => Assert.Throws<ImportRefusedException>(() => Plan(store, path));

    public static ExportResult Export(AttendanceStore store, string path, bool force = false)
        => DistrictExport.Write(DistrictExport.Plan(new ExportRequest { Store = store, Path = path, Force = force }, NullObserver.Instance, CancellationToken.None),
            NullObserver.Instance, CancellationToken.None);

    public static ImportTableChange Table(this ImportResult result, string table) => result.Tables.Single(t => t.Table == table);

    public static ImportTableChange Table(this ImportPlan plan, string table) => plan.Tables.Single(t => t.Table == table);
}
