using System.Reflection;

namespace AttendanceTools.Engine;

/// <summary>Facts about this build of the engine.</summary>
public static class EngineInfo
{
    /// <summary>The module version (Directory.Build.props), without build metadata.</summary>
    public static string Version { get; } =
        (typeof(EngineInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0")
        .Split('+')[0];
}
