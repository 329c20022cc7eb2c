using System.Globalization;
using System.Management.Automation;

namespace AttendanceTools.ScriptHost;

/// <summary>
/// Turns the command line after the script path into PowerShell parameters the way pwsh -File
/// does: "-Name value", "-Switch", "-Name:value" (with $true/$false), and positional values.
/// Values stay strings; the script's own parameter types convert them.
/// </summary>
internal static class ScriptArguments
{
    public static void AddTo(PowerShell ps, IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!IsParameterName(arg))
            {
                ps.AddArgument(arg);
                continue;
            }
            var colon = arg.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                ps.AddParameter(arg[1..colon], Literal(arg[(colon + 1)..]));
                continue;
            }
            var name = arg[1..];
            if (i + 1 < args.Count && !IsParameterName(args[i + 1]))
            {
                ps.AddParameter(name, args[++i]);
                continue;
            }
            ps.AddParameter(name);
        }
    }

    private static bool IsParameterName(string arg) =>
        arg.Length > 1 && arg[0] == '-' && (char.IsLetter(arg[1]) || arg[1] == '_');

    private static object Literal(string value) => value.ToLower(CultureInfo.InvariantCulture) switch
    {
        "$true" or "true" => true,
        "$false" or "false" => false,
        _ => value,
    };
}
