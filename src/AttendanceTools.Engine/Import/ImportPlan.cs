using System.Globalization;
using System.Text;
using AttendanceTools.Engine.Messages;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Import;

/// <summary>The difference for one table: rows to insert, update (new values) and delete; and how many rows the store and the package hold.</summary>
internal sealed record TableDiff(DistrictTable Table, List<object> Inserts, List<object> Updates, List<object> Deletes)
{
    public int Existing { get; init; }
    public int Desired { get; init; }
}

/// <summary>
/// What an import would write, computed read-only against the store (domain §4.4): per table the
/// rows to insert, update and delete. <see cref="DistrictImport.Apply"/> writes exactly this.
/// </summary>
public sealed class ImportPlan
{
    internal ImportPlan(ImportRequest request, IReadOnlyList<string> files, IReadOnlyList<ImportTableChange> tables,
        IReadOnlyList<TableDiff> diffs, IReadOnlyList<EngineWarning> warnings, IReadOnlyList<ImportFileAccount> accounts, string? districtName, string? timeZone)
    {
        FileAccounts = accounts;
        Request = request;
        Files = files;
        Tables = tables;
        Diffs = diffs;
        Warnings = warnings;
        DistrictName = districtName;
        TimeZone = timeZone;
    }

    internal AttendanceStore Store => Request.Store;
    internal ImportRequest Request { get; }
    internal IReadOnlyList<TableDiff> Diffs { get; }
    /// <summary>New district settings from orgs.csv (null: unchanged).</summary>
    internal string? DistrictName { get; }
    internal string? TimeZone { get; }
    /// <summary>Where the store stood before the plan read it: the write protocol re-plans when it moved.</summary>
    internal StoreStamp Stamp { get; init; }
    /// <summary>The counts a person confirms; a re-plan with other counts is not written unconfirmed.</summary>
    internal string CountsText => Counts(Inserted, Updated, Deleted) + (DistrictName is null && TimeZone is null ? "" : " and new district settings");

    public string Path => Request.Path;
    public IReadOnlyList<string> Files { get; }
    /// <summary>One row per table the package holds, in dependency order.</summary>
    public IReadOnlyList<ImportTableChange> Tables { get; }
    public IReadOnlyList<EngineWarning> Warnings { get; }
    /// <summary>Per file: rows read, kept and dropped, and the columns the store does not keep.</summary>
    public IReadOnlyList<ImportFileAccount> FileAccounts { get; }
    public long Inserted => Tables.Sum(t => t.Inserted);
    public long Updated => Tables.Sum(t => t.Updated);
    public long Deleted => Tables.Sum(t => t.Deleted);
    public long Unchanged => Tables.Sum(t => t.Unchanged);
    public bool HasChanges => Inserted + Updated + Deleted > 0 || DistrictName is not null || TimeZone is not null;

    /// <summary>The exact counts per table, for -WhatIf.</summary>
    public string WhatIfText()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture,
            $"Import {Files.Count} files from '{Path}': {Counts(Inserted, Updated, Deleted)}, {Text.Number(Unchanged)} unchanged.");
        foreach (var t in Tables)
            sb.Append(CultureInfo.InvariantCulture, $" {t.Table} ({t.File}): {Counts(t.Inserted, t.Updated, t.Deleted)}.");
        if (DistrictName is not null) sb.Append(CultureInfo.InvariantCulture, $" District name: '{DistrictName}'.");
        if (TimeZone is not null) sb.Append(CultureInfo.InvariantCulture, $" Time zone: '{TimeZone}'.");
        return sb.ToString();
    }

    public string ConfirmText()
        => $"Import {Counts(Inserted, Updated, Deleted)} from '{Path}' into the store '{Store.Location}'?";

    /// <summary>The question before an import that deletes: what it deletes, table by table, out of how many rows.</summary>
    public string DeleteQuestion()
    {
        var tables = string.Join("; ", Tables.Where(t => t.Deleted > 0)
            .Select(t => $"{t.Table} ({t.File}): {Text.Count(t.Deleted, "delete")} of {Text.Number(t.Existing)} rows"));
        return $"This import deletes rows that are missing from the package's files. {tables}. In all: {Counts(Inserted, Updated, Deleted)} into the store '{Store.Location}'. Delete them?";
    }

    private static string Counts(long i, long u, long d)
        => $"{Text.Count(i, "insert")}, {Text.Count(u, "update")}, {Text.Count(d, "delete")}";
}
