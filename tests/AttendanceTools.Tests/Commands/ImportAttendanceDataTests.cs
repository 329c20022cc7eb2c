using System.Management.Automation;
using System.Security.Cryptography;
using System.Text;
using AttendanceTools.Tests.Infrastructure;
using AttendanceTools.Tests.Shared;
using Microsoft.Data.Sqlite;

namespace AttendanceTools.Tests.Commands;

public sealed class ImportAttendanceDataTests
{
    /// <summary>Rows per table in tests/fixtures/tiny-district (hand-counted from its files).</summary>
    private const long FixtureRows = 62;

    internal static string Fixture => Path.Combine(Repo.Root, "tests", "fixtures", "tiny-district");

    [Fact]
    public void Imports_the_fixture_and_returns_a_result_with_counts_per_table()
    {
        using var s = new PsSession();
        var r = s.Run("$null = New-AttendanceStore -Path ./d.db; Import-AttendanceData -Path $pkg", Vars(s, Fixture)).ShouldSucceed();

        var result = Assert.Single(r.Output);
        Assert.Equal("AttendanceTools.Engine.Import.ImportResult", result.TypeName());
        Assert.Equal(FixtureRows, result.Prop<long>("Inserted"));
        Assert.Equal(0, result.Prop<long>("Updated") + result.Prop<long>("Deleted"));
        Assert.True(result.Prop<long>("RunId") > 0);
        var tables = ((System.Collections.IEnumerable)result.Prop("Tables")!).Cast<object>().Select(PSObject.AsPSObject).ToList();
        Assert.Equal(6, tables.Single(t => t.Prop<string>("Table") == "StudentSectionAssociation").Prop<long>("Inserted"));
        Assert.Equal("enrollments.csv", tables.Single(t => t.Prop<string>("Table") == "StudentSectionAssociation").Prop<string>("File"));
        Assert.Contains(r.Progress, p => p.RecordType == ProgressRecordType.Completed);
    }

    [Fact]
    public void WhatIf_writes_nothing_and_reports_the_counts_the_real_run_writes()
    {
        using var s = new PsSession();
        var db = s.PathIn("d.db");
        s.Run("$null = New-AttendanceStore -Path $db; Import-AttendanceData -Path $pkg", Vars(s, Fixture, db)).ShouldSucceed();
        var changed = CopyFixture(s, "changed");
        EditLine(changed, "dailyAttendance.csv", 3, null);                                             // delete
        EditLine(changed, "dailyAttendance.csv", 2, "stu-1001,200,2025-09-02,E,,,Entered");            // update
        File.AppendAllText(Path.Combine(changed, "dailyAttendance.csv"), "stu-1003,200,2025-09-05,A,,,Entered\n"); // insert
        var before = Checksum(db);

        // 1 of 3 daily rows deleted is over the default delete guard (10 %): -Force lifts it and skips the delete prompt.
        var whatIf = s.Run("Import-AttendanceData -Path $pkg -Force -WhatIf", Vars(s, changed)).ShouldSucceed();

        Assert.Empty(whatIf.Output);
        Assert.Equal(before, Checksum(db));
        var line = Assert.Single(whatIf.HostLines, l => l.StartsWith("What if:", StringComparison.Ordinal));
        var real = s.Run("Import-AttendanceData -Path $pkg -Force", Vars(s, changed)).ShouldSucceed().Output.Single();
        Assert.Equal((1L, 1L, 1L), (real.Prop<long>("Inserted"), real.Prop<long>("Updated"), real.Prop<long>("Deleted")));
        Assert.Contains($"{real.Prop<long>("Inserted")} insert, {real.Prop<long>("Updated")} update, {real.Prop<long>("Deleted")} delete,", line, StringComparison.Ordinal);
        Assert.Contains("DailyAttendance (dailyAttendance.csv): 1 insert, 1 update, 1 delete.", line, StringComparison.Ordinal);
        Assert.NotEqual(before, Checksum(db));
    }

    [Fact]
    public void Preview_returns_the_plan_per_table_and_writes_nothing()
    {
        using var s = new PsSession();
        var db = s.PathIn("d.db");
        s.Run("$null = New-AttendanceStore -Path $db", Vars(s, Fixture, db)).ShouldSucceed();
        var before = Checksum(db);

        var r = s.Run("Import-AttendanceData -Path $pkg -Preview", Vars(s, Fixture)).ShouldSucceed();

        Assert.Equal(18, r.Output.Count);
        Assert.All(r.Output, o => Assert.Equal("AttendanceTools.Engine.Import.ImportTableChange", o.TypeName()));
        Assert.Equal(8, r.Output.Single(o => o.Prop<string>("Table") == "CalendarDate").Prop<long>("Inserted"));
        Assert.Equal(FixtureRows, r.Output.Sum(o => o.Prop<long>("Inserted")));
        Assert.Equal(before, Checksum(db));
    }

    [Fact]
    public void Bad_rows_are_error_records_with_id_category_and_target_then_the_import_is_refused()
    {
        using var s = new PsSession();
        var db = s.PathIn("d.db");
        s.Run("$null = New-AttendanceStore -Path $db; Import-AttendanceData -Path $pkg", Vars(s, Fixture, db)).ShouldSucceed();
        var bad = CopyFixture(s, "bad");
        EditLine(bad, "dailyAttendance.csv", 2, "stu-1001,200,2025-13-45,A,,,Entered");
        EditLine(bad, "meetingAttendance.csv", 3, "stu-1003,200,2026,cls-nope,P2,2025-09-04,A,20,Entered");
        var before = Checksum(db);

        var r = s.Run("Import-AttendanceData -Path $pkg", Vars(s, bad));

        // One error record per problem, then the statement-terminating refusal.
        Assert.Equal(["ImportBadValue,AttendanceTools.Commands.ImportAttendanceDataCommand", "ImportRefused,AttendanceTools.Commands.ImportAttendanceDataCommand"],
            r.Errors.Select(e => e.FullyQualifiedErrorId));
        var error = r.Errors[0];
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        var target = PSObject.AsPSObject(error.TargetObject);
        Assert.Equal(("dailyAttendance.csv", 2, "Date", "2025-13-45"),
            (target.Prop<string>("File"), target.Prop<int>("Line"), target.Prop<string>("Column"), target.Prop<string>("Value")));
        Assert.Contains("dailyAttendance.csv, line 2, column Date", error.Exception.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCategory.InvalidData, r.Errors[1].CategoryInfo.Category);
        Assert.Contains("1 problem, nothing was written", r.Errors[1].Exception.Message, StringComparison.Ordinal);
        // Under -ErrorAction Stop the first problem stops the script, as a runbook wants.
        Assert.NotNull(s.Run("Import-AttendanceData -Path $pkg -ErrorAction Stop; 'not reached'", Vars(s, bad)).Terminating);
        Assert.Equal(before, Checksum(db));
    }

    [Fact]
    public void A_broken_reference_is_reported_once_the_values_parse()
    {
        using var s = new PsSession();
        var bad = CopyFixture(s, "bad");
        EditLine(bad, "meetingAttendance.csv", 3, "stu-1003,200,2026,cls-nope,P2,2025-09-04,A,20,Entered");
        EditLine(bad, "enrollments.csv", 2, "enr-1,,,cls-missing,org-200,stu-1001,student,,2025-08-13,");

        var r = s.Run("$null = New-AttendanceStore -Path ./d.db; Import-AttendanceData -Path $pkg", Vars(s, bad));

        Assert.Equal(["ImportBrokenReference", "ImportBrokenReference", "ImportRefused"], r.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
        Assert.Equal(["enrollments.csv:2:classSourcedId", "meetingAttendance.csv:3:SectionIdentifier"],
            r.Errors.Take(2).Select(e => PSObject.AsPSObject(e.TargetObject)).Select(t => $"{t.Prop<string>("File")}:{t.Prop<int>("Line")}:{t.Prop<string>("Column")}")
                .Order(StringComparer.Ordinal));
        Assert.Contains("2 problems, nothing was written", r.Errors[2].Exception.Message, StringComparison.Ordinal);
        Assert.Equal(0, Count(s.PathIn("d.db"), "Student"));
    }

    [Fact]
    public void The_change_guard_stops_the_import_with_ChangeThresholdExceeded()
    {
        using var s = new PsSession();
        var db = s.PathIn("d.db");
        s.Run("$null = New-AttendanceStore -Path $db; Import-AttendanceData -Path $pkg", Vars(s, Fixture, db)).ShouldSucceed();
        var changed = CopyFixture(s, "changed");
        EditLine(changed, "dailyAttendance.csv", 3, null);   // 1 of 3 daily rows: 33.3 %
        var before = Checksum(db);

        var refused = s.Run("Import-AttendanceData -Path $pkg -MaxChangePercent 30", Vars(s, changed));
        var allowed = s.Run("Import-AttendanceData -Path $pkg -MaxChangePercent 34 -Confirm:$false", Vars(s, changed));

        Assert.Equal("ChangeThresholdExceeded,AttendanceTools.Commands.ImportAttendanceDataCommand", refused.ErrorId);
        Assert.Equal(ErrorCategory.LimitsExceeded, refused.FirstError!.CategoryInfo.Category);
        Assert.Contains("Table DailyAttendance (dailyAttendance.csv): this run would change 33.3% of the 3 existing rows", refused.FirstError.Exception.Message, StringComparison.Ordinal);
        Assert.Equal(1, allowed.ShouldSucceed().Output.Single().Prop<long>("Deleted"));
        Assert.NotEqual(before, Checksum(db));
    }

    [Fact]
    public void An_import_that_deletes_more_than_10_percent_of_a_table_is_refused_by_default_and_writes_nothing()
    {
        using var s = new PsSession();
        var (db, truncated) = ImportedThenTruncated(s);   // 1 of the 3 daily rows: 33.3 % deleted
        var before = Checksum(db);

        var refused = s.Run("Import-AttendanceData -Path $pkg -Confirm:$false", Vars(s, truncated));

        Assert.Equal("ChangeThresholdExceeded,AttendanceTools.Commands.ImportAttendanceDataCommand", refused.ErrorId);
        Assert.Equal(ErrorCategory.LimitsExceeded, refused.FirstError!.CategoryInfo.Category);
        Assert.Equal("Table DailyAttendance (dailyAttendance.csv): this run would delete 1 of the 3 existing rows (33.3%), more than the 10% it deletes " +
                     "without -Force or -MaxChangePercent. Nothing was written.", refused.FirstError.Exception.Message);
        Assert.Contains("-Force", refused.FirstError.ErrorDetails!.RecommendedAction, StringComparison.Ordinal);
        Assert.Equal(before, Checksum(db));

        // -Preview shows what was refused (it writes nothing); -Force writes it without asking.
        var preview = s.Run("Import-AttendanceData -Path $pkg -Preview", Vars(s, truncated)).ShouldSucceed();
        Assert.Equal((3L, 1L), preview.Output.Where(t => t.Prop<string>("Table") == "DailyAttendance").Select(t => (t.Prop<long>("Existing"), t.Prop<long>("Deleted"))).Single());
        var forced = s.Run("Import-AttendanceData -Path $pkg -Force", Vars(s, truncated)).ShouldSucceed().Output.Single();
        Assert.Equal((0L, 0L, 1L), (forced.Prop<long>("Inserted"), forced.Prop<long>("Updated"), forced.Prop<long>("Deleted")));
        Assert.Equal(2, Count(db, "DailyAttendance"));
    }

    [Fact]
    public void An_import_that_deletes_asks_first_with_the_counts_as_a_High_impact_command_would()
    {
        using var s = new PsSession();
        var (db, truncated) = ImportedThenTruncated(s);
        var before = Checksum(db);

        // The test host refuses to prompt, so a prompt shows as this error, carrying the question.
        var asked = s.Run("Import-AttendanceData -Path $pkg -MaxChangePercent 50", Vars(s, truncated));
        var whatIf = s.Run("Import-AttendanceData -Path $pkg -MaxChangePercent 50 -WhatIf", Vars(s, truncated)).ShouldSucceed();

        var message = asked.FirstError!.Exception.Message;
        Assert.StartsWith("Prompted in a non-interactive host: Import attendance data: delete rows This import deletes rows that are missing from the package's files. " +
                          "DailyAttendance (dailyAttendance.csv): 1 delete of 3 rows. In all: 0 inserts, 0 updates, 1 delete into the store", message, StringComparison.Ordinal);
        Assert.EndsWith("Delete them?", message, StringComparison.Ordinal);
        Assert.Empty(whatIf.Output);
        Assert.Equal(before, Checksum(db));

        // $ConfirmPreference None (as -Confirm:$false) goes ahead without asking.
        var applied = s.Run("$ConfirmPreference = 'None'; Import-AttendanceData -Path $pkg -MaxChangePercent 50", Vars(s, truncated)).ShouldSucceed().Output.Single();
        Assert.Equal(1, applied.Prop<long>("Deleted"));
    }

    [Fact]
    public void An_import_that_only_inserts_and_updates_neither_asks_nor_is_guarded()
    {
        using var s = new PsSession();
        var db = s.PathIn("d.db");
        s.Run("$null = New-AttendanceStore -Path $db; Import-AttendanceData -Path $pkg", Vars(s, Fixture, db)).ShouldSucceed();
        var changed = CopyFixture(s, "changed");
        EditLine(changed, "dailyAttendance.csv", 2, "stu-1001,200,2025-09-02,E,,,Entered");            // update 1 of 3: 33 %
        File.AppendAllText(Path.Combine(changed, "dailyAttendance.csv"), "stu-1003,200,2025-09-05,A,,,Entered\n"); // insert

        var r = s.Run("Import-AttendanceData -Path $pkg", Vars(s, changed)).ShouldSucceed().Output.Single();

        Assert.Equal((1L, 1L, 0L), (r.Prop<long>("Inserted"), r.Prop<long>("Updated"), r.Prop<long>("Deleted")));
    }

    [Fact]
    public void Importing_the_same_files_twice_changes_nothing_the_second_time()
    {
        using var s = new PsSession();
        var r = s.Run("$null = New-AttendanceStore -Path ./d.db; Import-AttendanceData -Path $pkg; Import-AttendanceData -Path $pkg", Vars(s, Fixture)).ShouldSucceed();

        var second = r.Output[1];
        Assert.Equal((0L, 0L, 0L, FixtureRows),
            (second.Prop<long>("Inserted"), second.Prop<long>("Updated"), second.Prop<long>("Deleted"), second.Prop<long>("Unchanged")));
    }

    [Fact]
    public void The_folder_can_come_from_the_pipeline_and_the_store_from_Store()
    {
        using var s = new PsSession();
        s.Run("$null = New-AttendanceStore -Path ./d.db; Disconnect-AttendanceStore").ShouldSucceed();

        var r = s.Run("[pscustomobject]@{ FullName = $pkg } | Import-AttendanceData -Store ./d.db", Vars(s, Fixture)).ShouldSucceed();

        Assert.Equal(FixtureRows, r.Output.Single().Prop<long>("Inserted"));
    }

    [Fact]
    public void Without_a_store_the_import_says_what_to_run()
    {
        using var s = new PsSession();
        var r = s.Run("Import-AttendanceData -Path $pkg", Vars(s, Fixture));
        Assert.Equal("StoreNotConnected,AttendanceTools.Commands.ImportAttendanceDataCommand", r.ErrorId);
    }

    [Fact]
    public void A_zipped_third_party_OneRoster_package_imports_with_warnings_verbose_accounts_and_visible_students()
    {
        using var s = new PsSession();
        var folder = s.PathIn("sis");
        new ThirdPartyPackage { SingularTermHeader = true, HomeroomsWithoutTerms = true, SchoolYearContradictsDates = true, DayFirstTimestamps = true }.WriteTo(folder);
        var zip = s.PathIn("sis.zip");
        System.IO.Compression.ZipFile.CreateFromDirectory(folder, zip);

        var r = s.Run("$null = New-AttendanceStore -Path ./d.db; Import-AttendanceData -Path $pkg -Verbose", Vars(s, zip)).ShouldSucceed();

        var result = Assert.Single(r.Output);
        Assert.Equal(5, r.Warnings.Count);
        Assert.All(r.Warnings, w => Assert.EndsWith("Use -Strict to refuse instead. [ImportTolerated]", w.Message, StringComparison.Ordinal));
        Assert.Contains(r.Verbose, v => v.Message.StartsWith("users.csv: read 147 rows, kept 125, dropped 22. Dropped: 2 users with role administrator, 20 users with role teacher.", StringComparison.Ordinal));
        Assert.Contains(r.Verbose, v => v.Message == "enrollments.csv: read 1,280 rows, kept 1,250, dropped 30. Dropped: 30 enrolments with role teacher. Columns not kept: primary.");
        var accounts = ((System.Collections.IEnumerable)result.Prop("FileAccounts")!).Cast<object>().Select(PSObject.AsPSObject).ToList();
        Assert.Equal(125, accounts.Single(a => a.Prop<string>("File") == "demographics.csv").Prop<long>("Kept"));
        var students = s.Run("Get-AttendanceStudent").ShouldSucceed().Output;
        Assert.Equal(125, students.Count);
        Assert.All(students, st => Assert.Equal("Active", st.Prop<string>("Status")));
        Assert.Equal([42, 42, 41], s.Run("Get-AttendanceSchool").ShouldSucceed().Output.OrderBy(x => x.Prop<string>("SchoolId")).Select(x => x.Prop<int>("Students")));
    }

    [Fact]
    public void Strict_Preview_lists_every_tolerance_as_a_problem_and_writes_nothing()
    {
        using var s = new PsSession();
        var folder = s.PathIn("sis");
        new ThirdPartyPackage { SingularTermHeader = true, DayFirstTimestamps = true }.WriteTo(folder);
        var db = s.PathIn("d.db");
        s.Run("$null = New-AttendanceStore -Path $db", Vars(s, folder, db)).ShouldSucceed();
        var before = Checksum(db);

        var r = s.Run("Import-AttendanceData -Path $pkg -Strict -Preview", Vars(s, folder));

        Assert.Equal(5, r.Errors.Count(e => e.FullyQualifiedErrorId.StartsWith("ImportBadValue", StringComparison.Ordinal) ||
                                            e.FullyQualifiedErrorId.StartsWith("ImportMissingColumn", StringComparison.Ordinal)));
        Assert.Equal("ImportRefused,AttendanceTools.Commands.ImportAttendanceDataCommand", r.Errors[^1].FullyQualifiedErrorId);
        Assert.Contains("classes.csv, column termSourcedIds: ImportMissingColumn, 1 row, line 1.", r.Errors[^1].Exception.Message, StringComparison.Ordinal);
        Assert.Contains("orgs.csv, column dateLastModified: ImportBadValue, 4 rows, lines 2, 3, 4, 5.", r.Errors[^1].Exception.Message, StringComparison.Ordinal);
        Assert.Equal(before, Checksum(db));
    }

    [Fact]
    public void A_missing_folder_is_a_terminating_ImportFolderNotFound()
    {
        using var s = new PsSession();
        var r = s.Run("$null = New-AttendanceStore -Path ./d.db; Import-AttendanceData -Path ./nope");
        Assert.Equal("ImportFolderNotFound,AttendanceTools.Commands.ImportAttendanceDataCommand", r.ErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, r.FirstError!.CategoryInfo.Category);
    }

    /// <summary>The fixture imported into a new store, and a copy of it whose dailyAttendance.csv lacks 1 of its 3 rows.</summary>
    private static (string Db, string Truncated) ImportedThenTruncated(PsSession s)
    {
        var db = s.PathIn("d.db");
        s.Run("$null = New-AttendanceStore -Path $db; Import-AttendanceData -Path $pkg", Vars(s, Fixture, db)).ShouldSucceed();
        var truncated = CopyFixture(s, "truncated");
        EditLine(truncated, "dailyAttendance.csv", 3, null);
        return (db, truncated);
    }

    internal static Dictionary<string, object?> Vars(PsSession s, string package, string? db = null)
        => new() { ["pkg"] = package, ["db"] = db ?? s.PathIn("d.db") };

    internal static string CopyFixture(PsSession s, string name)
    {
        var folder = s.PathIn(name);
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.EnumerateFiles(Fixture, "*.csv")) File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        return folder;
    }

    /// <summary>Replaces (or, with null, removes) line <paramref name="line"/> of a file (1-based; the header is line 1).</summary>
    internal static void EditLine(string folder, string file, int line, string? text)
    {
        var path = Path.Combine(folder, file);
        var lines = File.ReadAllLines(path).ToList();
        if (text is null) lines.RemoveAt(line - 1);
        else lines[line - 1] = text;
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
    }

    /// <summary>A hash of every row of every table (read with this test's own SQLite), so "nothing written" includes the run log.</summary>
    internal static string Checksum(string db)
    {
        using var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        c.Open();
        var tables = new List<string>();
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
            using var r = cmd.ExecuteReader();
            while (r.Read()) tables.Add(r.GetString(0));
        }
        var sb = new StringBuilder();
        foreach (var table in tables)
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"SELECT * FROM \"{table}\"";
            using var r = cmd.ExecuteReader();
            sb.Append(table).Append('\n');
            while (r.Read())
            {
                for (var i = 0; i < r.FieldCount; i++) sb.Append(r.IsDBNull(i) ? "∅" : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append('|');
                sb.Append('\n');
            }
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    internal static long Count(string db, string table)
    {
        using var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
