using System.Diagnostics;
using System.Globalization;
using AttendanceTools.Engine;
using AttendanceTools.Engine.Demo;
using AttendanceTools.Engine.Provisioning;
using AttendanceTools.Engine.Rollover;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Bench;

/// <summary>
/// Get-ProvisioningPreview and Export-ProvisioningFeed's engine (the code the cmdlets run) on the demo
/// district: preview and export before the first export, with nothing changed, and after a roll-up.
/// A measurement, not a test: nothing asserts a time.
/// </summary>
internal static class ProvisioningBench
{
    public static void Run(int students, int seed, int repeat)
    {
        var folder = Directory.CreateTempSubdirectory("attendancetools-bench-").FullName;
        var feed = Path.Combine(folder, "feed");
        var results = new List<string[]>();
        Console.WriteLine($"AttendanceTools provisioning benchmark: {students:N0} students, seed {seed}, median of {repeat}; {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        try
        {
            var sw = Stopwatch.StartNew();
            var store = AttendanceStore.OpenSqlite(Path.Combine(folder, "bench.db"), new StoreOpenOptions { Clock = new BenchClock(new DateTimeOffset(2026, 8, 25, 14, 0, 0, TimeSpan.Zero)) });
            DistrictStore.BulkLoad(store, DemoDistrictGenerator.Generate(new DemoOptions { Students = students, Seed = seed }), NullObserver.Instance, default);
            GC.Collect();
            Console.WriteLine($"Demo district generated and loaded in {sw.Elapsed.TotalSeconds:0.0} s.");

            var request = new ProvisioningRequest { Path = feed, SchoolYear = 2026 };
            void Reset()
            {
                using var c = store.OpenConnection();
                c.Execute("DELETE FROM ProvisioningSnapshot");
                if (Directory.Exists(feed)) Directory.Delete(feed, recursive: true);
            }

            Measure(results, "Preview, first export (empty snapshot)", repeat, Reset, () => Counted(ProvisioningOperation.Preview(store, request, NullObserver.Instance, default)));
            Measure(results, "Export, first (writes every snapshot row and file)", repeat, Reset, () => Export(store, request));
            Measure(results, "Preview, nothing changed", repeat, null, () => Counted(ProvisioningOperation.Preview(store, request, NullObserver.Instance, default)));
            Measure(results, "Export, nothing changed", repeat, null, () => Export(store, request));

            // The registration rollover itself (default criteria, under the maintenance lock, then unlocked).
            RolloverCriteria.Save(store, RolloverCriteria.Default, null);
            var token = MaintenanceLockOperation.Lock(store, "Provisioning benchmark roll-up", disableScheduledTasks: true).Token;
            RolloverOperation.Apply(store, new RolloverRequest { Type = RolloverType.Registration, LockToken = token }, NullObserver.Instance, default);
            MaintenanceLockOperation.Unlock(store, token, force: false);
            var rolled = request with { SchoolYear = 2027, Limits = new ProvisioningLimits { MaxUpdatePercent = 100, MaxDeletePercent = 100, MaxGraduationYearChangePercent = 100 } };
            var snapshot = store.OpenConnection();
            string[] saved;
            using (snapshot) saved = [.. ProvisioningLoader.ReadSnapshot(snapshot, null).Select(s => string.Join('\t', s.StudentUniqueId, s.SchoolId, s.GradeLevel, s.GraduationYear))];
            void RestoreSnapshot()
            {
                using var tx = WriteTransaction.Begin(store);
                tx.Connection.Execute("DELETE FROM ProvisioningSnapshot", tx.Transaction);
                foreach (var line in saved)
                {
                    var f = line.Split('\t');
                    tx.Connection.Execute("INSERT INTO ProvisioningSnapshot (StudentUniqueId, SchoolId, GradeLevel, GraduationYear, ExportedAt) VALUES (@i, @s, @g, @y, '2026-06-01T00:00:00.000Z')",
                        tx.Transaction, ("i", f[0]), ("s", f[1]), ("g", f[2]), ("y", f[3].Length == 0 ? null : int.Parse(f[3], CultureInfo.InvariantCulture)));
                }
                tx.Commit();
            }
            Measure(results, "Preview after the roll-up", repeat, null, () => Counted(ProvisioningOperation.Preview(store, rolled, NullObserver.Instance, default)));
            Measure(results, "Export after the roll-up (thresholds raised)", repeat, RestoreSnapshot, () => Export(store, rolled));

            Console.WriteLine();
            Console.WriteLine("| Scenario | Median | Students in feed | Changed | Rows written | Peak memory |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
            foreach (var r in results) Console.WriteLine($"| {string.Join(" | ", r)} |");
        }
        finally
        {
            AttendanceStore.ReleaseConnections();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    private static (int Total, int Changed, long Rows) Counted(ProvisioningPreview p) => (p.Total, p.New + p.Updated + p.Removed, 0);

    private static (int Total, int Changed, long Rows) Export(AttendanceStore store, ProvisioningRequest request)
    {
        IOperationObserver observer = Environment.GetEnvironmentVariable("BENCH_VERBOSE") == "1" ? new ConsoleObserver() : NullObserver.Instance;
        var sw = Stopwatch.StartNew();
        var plan = ProvisioningOperation.Plan(store, request, observer, default);
        var planned = sw.Elapsed;
        var r = ProvisioningOperation.Apply(store, plan, observer, default);
        if (observer is ConsoleObserver) Console.WriteLine($"    plan {planned.TotalMilliseconds:0} ms, apply {(sw.Elapsed - planned).TotalMilliseconds:0} ms");
        return (r.Total, r.New + r.Updated + r.Removed, r.Rows + r.New + r.Updated + r.Removed);
    }

    private static void Measure(List<string[]> results, string name, int repeat, Action? setup, Func<(int Total, int Changed, long Rows)> run)
    {
        var times = new List<TimeSpan>();
        var cpu = new List<double>();
        (int Total, int Changed, long Rows) last = default;
        long peak = 0;
        for (var i = 0; i < repeat; i++)
        {
            setup?.Invoke();
            GC.Collect();
            using var memory = new MemorySampler();
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            last = run();
            times.Add(sw.Elapsed);
            cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds);
            peak = Math.Max(peak, memory.PeakBytes);
        }
        times.Sort();
        var median = times[times.Count / 2];
        cpu.Sort();
        // Process CPU (user + system) says more than wall time on a shared machine.
        Console.WriteLine($"{name}: median {median.TotalSeconds:0.00} s ({string.Join(", ", times.Select(t => t.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)))}), process CPU median {cpu[cpu.Count / 2]:0.00} s");
        results.Add([name, $"{median.TotalSeconds:0.00} s", $"{last.Total:N0}", $"{last.Changed:N0}", $"{last.Rows:N0}", $"{peak / 1e6:N0} MB"]);
    }
}
