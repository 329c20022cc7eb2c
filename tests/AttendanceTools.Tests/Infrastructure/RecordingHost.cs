using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace AttendanceTools.Tests.Infrastructure;

/// <summary>
/// A host like a runbook's: it records what is written to the UI ("What if:" lines go there,
/// not to any stream) and refuses every prompt, so a command that would ask fails instead.
/// </summary>
internal sealed class RecordingHost : PSHost
{
    private readonly RecordingUI _ui = new();
    private readonly Guid _id = Guid.NewGuid();

    public List<string> Lines => _ui.Lines;
    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
    public override Guid InstanceId => _id;
    public override string Name => "AttendanceTools.Tests";
    public override PSHostUserInterface UI => _ui;
    public override Version Version => new(1, 0);
    public override void EnterNestedPrompt() => throw new NotSupportedException();
    public override void ExitNestedPrompt() => throw new NotSupportedException();
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }
    public override void SetShouldExit(int exitCode) { }

    private sealed class RecordingUI : PSHostUserInterface
    {
        public List<string> Lines { get; } = [];
        public override PSHostRawUserInterface? RawUI => null;
        public override Dictionary<string, PSObject> Prompt(string caption, string message, System.Collections.ObjectModel.Collection<FieldDescription> descriptions)
            => throw new PSInvalidOperationException($"Prompted in a non-interactive host: {caption} {message}");
        public override int PromptForChoice(string caption, string message, System.Collections.ObjectModel.Collection<ChoiceDescription> choices, int defaultChoice)
            => throw new PSInvalidOperationException($"Prompted in a non-interactive host: {caption} {message}");
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName)
            => throw new PSInvalidOperationException("Prompted for a credential in a non-interactive host.");
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options)
            => throw new PSInvalidOperationException("Prompted for a credential in a non-interactive host.");
        public override string ReadLine() => throw new PSInvalidOperationException("Read a line in a non-interactive host.");
        public override SecureString ReadLineAsSecureString() => throw new PSInvalidOperationException("Read a secret in a non-interactive host.");
        public override void Write(string value) => Lines.Add(value);
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Lines.Add(value);
        public override void WriteLine(string value) => Lines.Add(value);
        public override void WriteErrorLine(string value) => Lines.Add(value);
        public override void WriteDebugLine(string message) => Lines.Add("DEBUG: " + message);
        public override void WriteProgress(long sourceId, ProgressRecord record) { }
        public override void WriteVerboseLine(string message) => Lines.Add("VERBOSE: " + message);
        public override void WriteWarningLine(string message) => Lines.Add("WARNING: " + message);
    }
}
