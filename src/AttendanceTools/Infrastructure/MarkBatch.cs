using System.Management.Automation;
using AttendanceTools.Engine.Bridge;
using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Infrastructure;

/// <summary>
/// What Set- and Remove-AttendanceRecord share: the marks of the whole pipeline are checked and
/// previewed together, each is confirmed on its own (ShouldProcess), and the confirmed ones are
/// written in one transaction.
/// </summary>
internal static class MarkBatch
{
    public static void Run(PSCmdlet cmdlet, AttendanceStore store, List<AttendanceMark> marks, bool remove, bool preview, string? lockToken,
        Engine.IOperationObserver observer, string action)
    {
        if (marks.Count == 0) return;
        var planned = AttendanceRecordWriter.Plan(store, marks, remove, lockToken);
        if (preview)
        {
            foreach (var p in planned) cmdlet.WriteObject(p);
            return;
        }
        var approved = new List<AttendanceMark>();
        for (var i = 0; i < marks.Count; i++)
        {
            var p = planned[i];
            var bridge = p.BridgeChanges.Count == 0 ? "" : $"; bridge: {p.Bridged}";
            var what = $"{p.Action} {p.Kind.ToLowerInvariant()} {p.Code} of {p.StudentId} on {p.Date:yyyy-MM-dd} at {p.School}" +
                       (p.Period is null ? "" : $" in {p.Section} {p.Period}") + bridge + ".";
            if (cmdlet.ShouldProcess(what, what + " Continue?", action)) approved.Add(marks[i]);
        }
        foreach (var r in AttendanceRecordWriter.Apply(store, approved, remove, lockToken, observer)) cmdlet.WriteObject(r);
    }
}
