using System.Diagnostics;
using AttendanceTools.Engine;
using AttendanceTools.Engine.Demo;
using AttendanceTools.Engine.Rollover;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Bench;

/// <summary>Issue 13's benchmark: registration rollover preview, run and full restore of one demo district.</summary>
internal static class RolloverBench
{
    public static void Run(int students, int seed)
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
            Console.WriteLine($"Registration rollover benchmark: {students:N0} students, seed {seed}; {Environment.ProcessorCount} cores, .NET {Environment.Version}");
            IOperationObserver observer = Environment.GetEnvironmentVariable("BENCH_VERBOSE") == "1" ? new ConsoleObserver() : NullObserver.Instance;
            var request = new RolloverRequest { Type = RolloverType.Registration, LockToken = token };

            var sw = Stopwatch.StartNew();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            TimeSpan Cpu()
            {
                var now = Process.GetCurrentProcess().TotalProcessorTime;
                var used = now - cpu;
                cpu = now;
                return used;
            }
            var preview = RolloverOperation.Plan(store, request, observer, default).Result;
            var previewTime = sw.Elapsed;
            var previewCpu = Cpu();
            sw.Restart();
            var run = RolloverOperation.Apply(store, request, observer, default);
            var runTime = sw.Elapsed;
            var runCpu = Cpu();
            sw.Restart();
            var restore = RolloverRestore.Run(store, RolloverType.Registration, null, null, false, false, token, observer, default);
            var restoreTime = sw.Elapsed;
            var restoreCpu = Cpu();

            Console.WriteLine($"| Step | Time | Process CPU | Result |");
            Console.WriteLine($"| --- | ---: | ---: | --- |");
            Console.WriteLine($"| Preview | {previewTime.TotalSeconds:0.00} s | {previewCpu.TotalSeconds:0.00} s | {preview.Processed:N0} processed, {preview.Promoted:N0} promoted, {preview.Retained:N0} retained, {preview.Graduated:N0} graduated, {preview.PreRegisteredActivated:N0} pre-registered activated, {preview.Unmatched:N0} unmatched |");
            Console.WriteLine($"| Run | {runTime.TotalSeconds:0.00} s | {runCpu.TotalSeconds:0.00} s | {string.Join(", ", run.Tables)} |");
            Console.WriteLine($"| Restore | {restoreTime.TotalSeconds:0.00} s | {restoreCpu.TotalSeconds:0.00} s | {restore.Restored:N0} rows put back |");
            if (preview.Processed != run.Processed || preview.Promoted != run.Promoted) Console.WriteLine("MISMATCH: the preview's counts differ from the run's.");
        }
        finally
        {
            AttendanceStore.ReleaseConnections();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }
}
