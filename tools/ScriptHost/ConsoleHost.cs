using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace AttendanceTools.ScriptHost;

/// <summary>
/// A plain console host, as pwsh -File behaves when its output is redirected: host text to
/// stdout, VERBOSE:/WARNING:/DEBUG: lines to stdout, error lines to stderr, no progress bars.
/// Prompts read from the console only when a person is there; a redirected stdin fails them.
/// </summary>
internal sealed class ConsoleHost(TextWriter stdout, TextWriter stderr, Action beforeWrite) : PSHost
{
    private readonly ConsoleUI _ui = new(stdout, stderr, beforeWrite);
    private readonly Guid _id = Guid.NewGuid();

    /// <summary>The code a script asked for with $host.SetShouldExit (rare; exit N is the usual way).</summary>
    public int? RequestedExitCode { get; private set; }

    public override CultureInfo CurrentCulture => CultureInfo.CurrentCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.CurrentUICulture;
    public override Guid InstanceId => _id;
    public override string Name => "AttendanceTools.ScriptHost";
    public override PSHostUserInterface UI => _ui;
    public override Version Version => typeof(ConsoleHost).Assembly.GetName().Version ?? new Version(1, 0);
    public override void EnterNestedPrompt() => throw new NotSupportedException("This host has no nested prompt.");
    public override void ExitNestedPrompt() => throw new NotSupportedException("This host has no nested prompt.");
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }
    public override void SetShouldExit(int exitCode) => RequestedExitCode = exitCode;

    private sealed class ConsoleUI(TextWriter stdout, TextWriter stderr, Action beforeWrite) : PSHostUserInterface
    {
        public override PSHostRawUserInterface? RawUI => null;

        public override void Write(string value) { beforeWrite(); stdout.Write(value); }
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Write(value);
        public override void WriteLine(string value) { beforeWrite(); stdout.WriteLine(value); }
        public override void WriteErrorLine(string value) { beforeWrite(); stderr.WriteLine(value); }
        public override void WriteVerboseLine(string message) => WriteLine("VERBOSE: " + message);
        public override void WriteWarningLine(string message) => WriteLine("WARNING: " + message);
        public override void WriteDebugLine(string message) => WriteLine("DEBUG: " + message);
        public override void WriteProgress(long sourceId, ProgressRecord record) { }

        public override string ReadLine()
        {
            RequireConsole("read a line");
            return Console.ReadLine() ?? "";
        }

        public override SecureString ReadLineAsSecureString() =>
            throw new PSInvalidOperationException("This host does not read secrets; pass a PSCredential parameter instead.");

        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
        {
            RequireConsole($"ask \"{caption}\" (pass -Confirm:$false in scripts that run unattended)");
            WriteLine(caption);
            WriteLine(message);
            var labels = choices.Select(c => c.Label.Replace("&", "", StringComparison.Ordinal)).ToList();
            while (true)
            {
                Write($"[{string.Join("] [", labels)}] (default is \"{labels[Math.Max(defaultChoice, 0)]}\"): ");
                var answer = (Console.ReadLine() ?? "").Trim();
                if (answer.Length == 0 && defaultChoice >= 0) return defaultChoice;
                for (var i = 0; i < choices.Count; i++)
                {
                    var label = choices[i].Label;
                    var amp = label.IndexOf('&', StringComparison.Ordinal);
                    var hotkey = amp >= 0 && amp + 1 < label.Length ? label[amp + 1].ToString() : null;
                    if (string.Equals(answer, labels[i], StringComparison.OrdinalIgnoreCase)
                        || (hotkey is not null && string.Equals(answer, hotkey, StringComparison.OrdinalIgnoreCase)))
                        return i;
                }
            }
        }

        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) =>
            throw new PSInvalidOperationException($"The script asked for input ({caption} {message}); pass every mandatory parameter on the command line.");

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
            throw new PSInvalidOperationException("This host does not prompt for credentials.");

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
            PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) =>
            throw new PSInvalidOperationException("This host does not prompt for credentials.");

        private static void RequireConsole(string what)
        {
            if (Console.IsInputRedirected)
                throw new PSInvalidOperationException($"The script tried to {what}, but standard input is not a console.");
        }
    }
}
