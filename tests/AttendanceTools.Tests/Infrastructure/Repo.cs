namespace AttendanceTools.Tests.Infrastructure;

/// <summary>Paths in the repository the tests run from.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string ModuleFolder => Path.Combine(Root, "out", "AttendanceTools");

    public static string ModuleManifest => Path.Combine(ModuleFolder, "AttendanceTools.psd1");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AttendanceTools.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Cannot find the repository root (AttendanceTools.sln) above " + AppContext.BaseDirectory);
    }
}
