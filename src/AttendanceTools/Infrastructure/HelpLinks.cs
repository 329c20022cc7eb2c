namespace AttendanceTools.Infrastructure;

/// <summary>
/// Where each cmdlet's help page is online: Get-Help -Online opens HelpLinks.Base + "Verb-Noun.md", the
/// docs/help page of the repository (the manifest's ProjectUri). One constant, so a move changes one line.
/// </summary>
internal static class HelpLinks
{
    /// <summary>The docs/help folder of the repository on its default branch.</summary>
    public const string Base = "https://github.com/attendancetools/AttendanceTools/blob/main/docs/help/";
}
