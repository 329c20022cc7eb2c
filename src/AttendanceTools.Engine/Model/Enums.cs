namespace AttendanceTools.Engine.Model;

public enum PresenceStatus { Present, Absent }

/// <summary>Excuse of an attendance code; <c>Unknown</c> counts as unexcused (domain C7).</summary>
public enum Excuse { None, Excused, Unexcused, Unknown, Exempt }

public enum RecordingMethod { Daily, Meeting }

public enum BridgeMode { None, OneWay, TwoWay }

public enum YearRecordStatus { Active, Inactive, PreRegistered, Graduated }

/// <summary>Who wrote an attendance record: a person, the live bridge, or a sync run.</summary>
public enum AttendanceOrigin { Entered, LiveBridge, Sync }

public enum AttendanceTimeKind { IndependentStudy, WorkExperience }
