using AttendanceTools.Engine.Demo;
using AttendanceTools.Engine.Model;

namespace AttendanceTools.Engine.Tests.Demo;

/// <summary>One generated district shared by the demo tests (generation is deterministic, so sharing is safe).</summary>
internal static class DemoFixture
{
    public const int Students = 1500;
    public const int Seed = 7;

    private static readonly Lazy<DistrictData> Lazy = new(() => DemoDistrictGenerator.Generate(new DemoOptions { Students = Students, Seed = Seed }));
    private static readonly Lazy<HalfDayCounter> Counter = new(() => new HalfDayCounter(Lazy.Value));

    public static DistrictData District => Lazy.Value;
    public static HalfDayCounter Chronic => Counter.Value;

    public static School SchoolOf(string category) => District.Schools.First(s => s.SchoolCategory == category);

    public static AttendanceSettings Settings(string schoolId, int year = 2026)
        => District.AttendanceSettings.Single(s => s.SchoolId == schoolId && s.SchoolYear == year);
}
