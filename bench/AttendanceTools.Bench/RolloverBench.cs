using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AttendanceTools.Engine;
using AttendanceTools.Engine.Demo;
using AttendanceTools.Engine.Rollover;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Storage.Schema;

namespace AttendanceTools.Bench;

/// <summary>
/// Issue 13's benchmark: registration rollover preview, run and full restore of one demo district, repeated on the
/// same store (the restore puts it back, which a check of the district tables confirms before every repetition).
/// </summary>
internal static class RolloverBench
{
    private sealed record Step(TimeSpan Time, TimeSpan Cpu, string Result);

    public static void Run(int students, int seed, int repeat)
    {
        var folder = Directory.CreateTempSubdirectory("attendancetools-bench-rollover-").FullName;
        try
        {
            var path = Path.Combine(folder, "bench.db");
            var clock = new BenchClock(new DateTimeOffset(2026, 6, 12, 18, 0, 0, TimeSpan.Zero));
            var data = DemoDistrictGenerator.Generate(new DemoOptions { Students = students, Seed = seed });
            var store = AttendanceStore.OpenSqlite(path, new StoreOpenOptions { Clock = clock });
            DistrictStore.BulkLoad(store, data, NullObserver.Instance, default);
            RolloverCriteria.Save(store, RolloverCriteria.Default, null);
            var token = MaintenanceLockOperation.Lock(store, "Rollover benchmark", disableScheduledTasks: true).Token;
            Console.WriteLine($"Registration rollover benchmark: {students:N0} students, seed {seed}, {repeat} repetitions; {Environment.ProcessorCount} cores, .NET {Environment.Version}");
            IOperationObserver observer = Environment.GetEnvironmentVariable("BENCH_VERBOSE") == "1" ? new ConsoleObserver() : NullObserver.Instance;
            var request = new RolloverRequest { Type = RolloverType.Registration, LockToken = token };

            var before = State(store);
            var steps = new Dictionary<string, List<Step>>(StringComparer.Ordinal) { ["Preview"] = [], ["Run"] = [], ["Restore"] = [] };
            for (var k = 1; k <= repeat; k++)
            {
                if (k > 1)
                {
                    var now = State(store);
                    if (now != before)
                        throw new InvalidOperationException($"Repetition {k}: the store is not back in its state before the first run after the restore.\nBefore: {before}\nNow: {now}");
                }
                RolloverResult? preview = null, run = null;
                steps["Preview"].Add(Measure(() =>
                {
                    preview = RolloverOperation.Plan(store, request, observer, default).Result;
                    return $"{preview.Processed:N0} processed, {preview.Promoted:N0} promoted, {preview.Retained:N0} retained, {preview.Graduated:N0} graduated, " +
                           $"{preview.PreRegisteredActivated:N0} pre-registered activated, {preview.Unmatched:N0} unmatched";
                }));
                steps["Run"].Add(Measure(() =>
                {
                    run = RolloverOperation.Apply(store, request, observer, default);
                    return string.Join(", ", run.Tables) + " rows written";
                }));
                steps["Restore"].Add(Measure(() =>
                {
                    var restore = RolloverRestore.Run(store, RolloverType.Registration, null, null, false, false, token, observer, default);
                    return $"{restore.Restored:N0} rows put back";
                }));
                if (preview!.Processed != run!.Processed || preview.Promoted != run.Promoted) Console.WriteLine($"MISMATCH (repetition {k}): the preview's counts differ from the run's.");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Repetition {k}: preview {steps["Preview"][^1].Time.TotalSeconds:0.00} s, run {steps["Run"][^1].Time.TotalSeconds:0.00} s, restore {steps["Restore"][^1].Time.TotalSeconds:0.00} s"));
            }
            var after = State(store);
            Console.WriteLine(after == before ? "After the last restore the district tables equal their state before the first run." : $"MISMATCH: after the last restore the store differs.\nBefore: {before}\nAfter: {after}");

            Console.WriteLine("| Step | Min | Median | Max | Process CPU (median) | Result |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: | --- |");
            foreach (var (name, list) in steps)
            {
                var times = list.Select(s => s.Time.TotalSeconds).Order().ToList();
                var cpu = list.Select(s => s.Cpu.TotalSeconds).Order().ToList();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {times[0]:0.00} s | {Median(times):0.00} s | {times[^1]:0.00} s | {Median(cpu):0.00} s | {list[^1].Result} |"));
            }
        }
        finally
        {
            AttendanceStore.ReleaseConnections();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    private static double Median(List<double> sorted) => sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;

    private static Step Measure(Func<string> step)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var result = step();
        sw.Stop();
        return new Step(sw.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu, result);
    }

    /// <summary>
    /// A cheap fingerprint of the district: rows per district table (bookkeeping such as run logs grows with every run),
    /// the current school year, and a SHA-256 of every enrolment row in key order.
    /// </summary>
    private static string State(AttendanceStore store)
    {
        using var c = store.OpenConnection();
        var text = new StringBuilder();
        foreach (var table in Tables.DistrictData)
            text.Append(CultureInfo.InvariantCulture, $"{table.Name} {c.ScalarLong($"SELECT COUNT(*) FROM {table.Name}")}; ");
        text.Append(CultureInfo.InvariantCulture, $"current {c.ScalarLong("SELECT MAX(SchoolYear) FROM SchoolYear WHERE IsCurrent = 1")}; ");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "SELECT StudentRef, SchoolRef, EntryDate, SchoolYear, CalendarRef, EntryGradeLevel, EntryCode, ExitWithdrawDate, ExitWithdrawCode, ExitWithdrawType " +
                              "FROM StudentSchoolAssociation ORDER BY StudentRef, SchoolRef, EntryDate";
            using var r = cmd.ExecuteReader();
            var values = new object[r.FieldCount];
            while (r.Read())
            {
                r.GetValues(values);
                hash.AppendData(Encoding.UTF8.GetBytes(string.Join('|', values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))) + "\n"));
            }
        }
        text.Append("StudentSchoolAssociation SHA-256 ").Append(Convert.ToHexString(hash.GetHashAndReset()));
        return text.ToString();
    }
}
