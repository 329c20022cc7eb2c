namespace AttendanceTools.Engine.Bridge;

/// <summary>Which way the sync builds records (domain §6.1).</summary>
public enum BridgeDirection
{
    /// <summary>From Meeting build Daily: a daily record for each bridge-period meeting record.</summary>
    MeetingToDaily,
    /// <summary>From Daily build Meeting: meeting records for each daily record.</summary>
    DailyToMeeting,
}

/// <summary>What an absent daily code becomes in DailyToMeeting (domain §6.2, default choice C9).</summary>
public enum AbsentDailyMarks
{
    /// <summary>Only the bridge period is marked (the default).</summary>
    BridgePeriodOnly,
    /// <summary>Every period of the day's bell schedule in which the student is scheduled.</summary>
    AllPeriods,
}

/// <summary>The values of AttendanceSettings and their names in the store.</summary>
public static class BridgeNames
{
    public static readonly string[] RecordingMethods = ["Daily", "Meeting"];
    public static readonly string[] BridgeModes = ["None", "OneWay", "TwoWay"];

    /// <summary>The direction the current recording method implies (§6.3 BridgeDirectionMismatch).</summary>
    public static BridgeDirection DirectionFor(string recordingMethod)
        => recordingMethod == "Meeting" ? BridgeDirection.MeetingToDaily : BridgeDirection.DailyToMeeting;

    public const string OriginSync = "Sync", OriginLiveBridge = "LiveBridge", OriginEntered = "Entered";
}
