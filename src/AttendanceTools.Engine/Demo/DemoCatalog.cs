using AttendanceTools.Engine.Model;

namespace AttendanceTools.Engine.Demo;

/// <summary>Fixed vocabularies of the demo district: names, codes, courses and bell schedules.</summary>
internal static class DemoCatalog
{
    public const string DistrictName = "Sierra Vista Unified School District";
    public const string TimeZone = "America/Los_Angeles";
    public const string CalendarCode = "REG";
    public const string HalfDayKindergartenCalendar = "KAM";
    public const string ProgramName = "Continuation Education";

    public static readonly string[] TreeNames =
    [
        "Oak", "Maple", "Willow", "Birch", "Aspen", "Alder", "Laurel", "Magnolia", "Sycamore", "Cypress",
        "Hawthorn", "Poplar", "Chestnut", "Hazel", "Linden", "Elm", "Madrone", "Manzanita", "Buckeye", "Walnut",
        "Olive", "Almond", "Dogwood", "Holly", "Larch", "Hemlock", "Palo Verde", "Toyon", "Bay Laurel", "Ironwood",
    ];

    public static readonly string[] MiddleNames =
        ["Pine", "Juniper", "Spruce", "Fir", "Tamarack", "Bristlecone", "Torrey", "Ponderosa", "Sugar Pine", "Lodgepole"];

    public static readonly string[] HighNames =
        ["Cedar", "Sequoia", "Sierra", "Shasta", "Whitney", "Tahoe", "Yosemite", "Lassen", "Diablo", "Tamalpais"];

    public static readonly string[] FirstNames =
    [
        "Avery", "Blake", "Casey", "Dana", "Emery", "Finley", "Harper", "Jordan", "Kai", "Logan",
        "Maya", "Noah", "Olivia", "Priya", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Wes",
        "Xavier", "Yuri", "Zoe", "Aiden", "Bella", "Carlos", "Diego", "Elena", "Fatima", "Gabriel",
        "Hana", "Isaac", "Jasmine", "Kenji", "Leila", "Mateo", "Nina", "Omar", "Paloma", "Rafael",
        "Sofia", "Thanh", "Valeria", "William", "Ximena", "Yusuf", "Zara", "Amara", "Ben", "Cleo",
        "Dev", "Eli", "Cara", "Ivan", "Lucia", "Marcus", "Naomi", "Oscar", "Ruby", "Santiago",
        "Tessa", "Victor", "Wren", "Alma", "Bruno", "Camila", "Dmitri", "Esme", "Felix", "Grace",
    ];

    public static readonly string[] LastNames =
    [
        "Garcia", "Nguyen", "Smith", "Hernandez", "Kim", "Lopez", "Patel", "Johnson", "Martinez", "Chen",
        "Rodriguez", "Williams", "Tran", "Gonzalez", "Brown", "Singh", "Davis", "Ramirez", "Wong", "Flores",
        "Miller", "Rivera", "Lee", "Torres", "Wilson", "Park", "Reyes", "Anderson", "Cruz", "Thomas",
        "Morales", "Jackson", "Ortiz", "Nakamura", "Gutierrez", "White", "Chavez", "Harris", "Castillo", "Ali",
        "Vargas", "Martin", "Romero", "Thompson", "Mendoza", "Clark", "Ruiz", "Lewis", "Alvarez", "Walker",
        "Jimenez", "Young", "Moreno", "Allen", "Herrera", "King", "Medina", "Wright", "Aguilar", "Scott",
    ];

    /// <summary>The codes every school gets for every school year (worked examples' names: P, T, U, ILL, AE, AU, FT).</summary>
    public static readonly (string Code, string Description, PresenceStatus Status, Excuse Excuse, string Category, bool Ada)[] Codes =
    [
        ("P", "Present", PresenceStatus.Present, Excuse.None, "In Attendance", true),
        ("T", "Tardy", PresenceStatus.Present, Excuse.None, "Tardy", true),
        ("LE", "Left early (early departure)", PresenceStatus.Present, Excuse.None, "Early departure", true),
        ("U", "Unexcused absence", PresenceStatus.Absent, Excuse.Unexcused, "Unexcused Absence", false),
        ("AU", "Absent, unexcused (no note)", PresenceStatus.Absent, Excuse.Unexcused, "Unexcused Absence", false),
        ("ILL", "Illness", PresenceStatus.Absent, Excuse.Excused, "Excused Absence", false),
        ("AE", "Absent, excused (appointment, family)", PresenceStatus.Absent, Excuse.Excused, "Excused Absence", false),
        ("SUS", "Suspension", PresenceStatus.Absent, Excuse.Excused, "Excused Absence", false),
        ("UV", "Unverified absence (reason not yet known)", PresenceStatus.Absent, Excuse.Unknown, "Unexcused Absence", false),
        ("FT", "School activity / field trip", PresenceStatus.Absent, Excuse.Exempt, "Excused Absence", true),
    ];

    /// <summary>Codes a full-day or partial absence can get; <see cref="StudentPlan.CodeWeights"/> indexes this.</summary>
    public static readonly string[] AbsentCodes = ["ILL", "AE", "U", "AU", "UV", "SUS"];

    /// <summary>Weights for a typical student and for the chronic tail (more unexcused and unverified days).</summary>
    public static readonly int[] TypicalWeights = [45, 22, 12, 8, 12, 1];
    public static readonly int[] ChronicWeights = [28, 12, 25, 15, 18, 2];

    public static readonly string[] Marks = ["A", "B", "C", "D", "F"];

    /// <summary>Course titles by local course code.</summary>
    public static readonly Dictionary<string, string> CourseTitles = new(StringComparer.Ordinal)
    {
        ["ENG6"] = "English 6", ["ENG7"] = "English 7", ["ENG8"] = "English 8", ["MATH6"] = "Math 6", ["MATH7"] = "Math 7",
        ["MATH8"] = "Math 8", ["SCI6"] = "Science 6", ["SCI7"] = "Science 7", ["SCI8"] = "Science 8", ["HIST6"] = "Ancient Civilizations",
        ["HIST7"] = "Medieval World History", ["HIST8"] = "U.S. History to 1877", ["PE6"] = "Physical Education 6", ["PE7"] = "Physical Education 7",
        ["PE8"] = "Physical Education 8", ["ART"] = "Art", ["BAND"] = "Band", ["MUSIC"] = "General Music", ["SPAN1"] = "Spanish 1",
        ["SPAN2"] = "Spanish 2", ["SPAN3"] = "Spanish 3", ["FREN1"] = "French 1", ["FREN2"] = "French 2",
        ["ENG9"] = "English 9", ["ENG10"] = "English 10", ["ENG11"] = "American Literature", ["ENG12"] = "English 12: Composition",
        ["ALG1"] = "Algebra 1", ["GEOM"] = "Geometry", ["ALG2"] = "Algebra 2", ["PRECALC"] = "Precalculus", ["STATS"] = "Statistics",
        ["BIO"] = "Biology", ["CHEM"] = "Chemistry", ["PHYS"] = "Physics", ["ENVSCI"] = "Environmental Science", ["ANAT"] = "Anatomy",
        ["WGEO"] = "World Geography", ["WHIST"] = "World History", ["USHIST"] = "U.S. History", ["GOV"] = "American Government",
        ["ECON"] = "Economics", ["PE9"] = "Physical Education 9", ["ART1"] = "Art 1 (semester)", ["CS1"] = "Computer Science Principles (semester)",
        ["CHOIR"] = "Choir (semester)", ["PHOTO"] = "Photography (semester)", ["THEATER"] = "Theater (semester)",
        ["CS2"] = "Programming (semester)", ["ROBOT"] = "Robotics (semester)", ["APART"] = "AP Art History",
        ["CE-ENG"] = "CE English", ["CE-MATH"] = "CE Mathematics", ["CE-SCI"] = "CE Science", ["CE-HIST"] = "CE Social Studies",
        ["CE-CAREER"] = "CE Career Pathways", ["CE-HEALTH"] = "CE Health",
        ["ADV"] = "Advisory (no attendance)",
    };

    /// <summary>
    /// A slot of a grade's program: one year-long course from <paramref name="Fall"/>, or a fall
    /// course and a spring course when <paramref name="Spring"/> is given (semester sections).
    /// </summary>
    internal sealed record Slot(string[] Fall, string[]? Spring = null);

    private static Slot Y(params string[] courses) => new(courses);
    private static Slot S(string[] fall, string[] spring) => new(fall, spring);

    private static readonly string[] FallElectives = ["ART1", "CS1", "CHOIR"];
    private static readonly string[] SpringElectives = ["PHOTO", "THEATER", "CS2"];

    public static readonly Dictionary<string, Slot[]> Programs = new(StringComparer.Ordinal)
    {
        ["06"] = [Y("ENG6"), Y("MATH6"), Y("SCI6"), Y("HIST6"), Y("PE6"), Y("ART", "MUSIC", "SPAN1")],
        ["07"] = [Y("ENG7"), Y("MATH7"), Y("SCI7"), Y("HIST7"), Y("PE7"), Y("ART", "BAND", "SPAN1")],
        ["08"] = [Y("ENG8"), Y("MATH8", "ALG1"), Y("SCI8"), Y("HIST8"), Y("PE8"), Y("ART", "BAND", "SPAN2")],
        ["09"] = [Y("ENG9"), Y("ALG1", "GEOM"), Y("BIO"), Y("WGEO"), Y("PE9"), S(FallElectives, SpringElectives)],
        ["10"] = [Y("ENG10"), Y("GEOM", "ALG2"), Y("CHEM"), Y("WHIST"), Y("SPAN1", "SPAN2", "FREN1"), S(FallElectives, SpringElectives)],
        ["11"] = [Y("ENG11"), Y("ALG2", "PRECALC"), Y("PHYS", "ENVSCI"), Y("USHIST"), Y("SPAN2", "SPAN3", "FREN2"), S(FallElectives, SpringElectives)],
        ["12"] = [Y("ENG12"), Y("PRECALC", "STATS"), S(["GOV"], ["ECON"]), Y("ENVSCI", "ANAT"), Y("SPAN3", "APART"), S(FallElectives, SpringElectives)],
    };

    /// <summary>Continuation school: four slots; part-time students take the first three.</summary>
    public static readonly Slot[] ContinuationProgram = [Y("CE-ENG"), Y("CE-MATH"), Y("CE-SCI", "CE-HIST"), Y("CE-CAREER", "CE-HEALTH")];

    public static readonly string[] MiddleCourses =
        ["ENG6", "ENG7", "ENG8", "MATH6", "MATH7", "MATH8", "ALG1", "SCI6", "SCI7", "SCI8", "HIST6", "HIST7", "HIST8",
         "PE6", "PE7", "PE8", "ART", "MUSIC", "BAND", "SPAN1", "SPAN2", "ADV"];

    public static readonly string[] HighCourses =
        ["ENG9", "ENG10", "ENG11", "ENG12", "ALG1", "GEOM", "ALG2", "PRECALC", "STATS", "BIO", "CHEM", "PHYS", "ENVSCI", "ANAT",
         "WGEO", "WHIST", "USHIST", "GOV", "ECON", "PE9", "SPAN1", "SPAN2", "SPAN3", "FREN1", "FREN2", "APART",
         "ART1", "CS1", "CHOIR", "PHOTO", "THEATER", "CS2", "ROBOT", "ADV"];

    public static readonly string[] ContinuationCourses = ["CE-ENG", "CE-MATH", "CE-SCI", "CE-HIST", "CE-CAREER", "CE-HEALTH", "ADV"];

    public static string GradeName(string grade) => grade switch
    {
        "KG" => "Kindergarten",
        _ => "Grade " + int.Parse(grade, System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static int T(int h, int m) => (h * 60) + m;

    /// <summary>Bell schedules of a school (period indexes into its class-period list).</summary>
    public static List<BellShape> BellSchedules(SchoolKind kind, bool halfDayKindergarten)
    {
        // Class periods: P1..P6 = 0..5, ADV = 6 (continuation: P1..P4 = 0..3, ADV = 4).
        if (kind == SchoolKind.Continuation)
        {
            return
            [
                new BellShape
                {
                    Name = "Regular", BridgePeriod = "P1", TimeIn = T(8, 30), TimeOut = T(13, 35),
                    Periods = [new(0, "P1", T(8, 30), T(9, 30)), new(1, "P2", T(9, 35), T(10, 35)), new(2, "P3", T(10, 40), T(12, 10), 30),
                        new(3, "P4", T(12, 15), T(13, 15)), new(4, "ADV", T(13, 20), T(13, 35), 0, false)],
                },
                new BellShape
                {
                    Name = "Early Release", BridgePeriod = "P1", TimeIn = T(8, 30), TimeOut = T(11, 45),
                    Periods = [new(0, "P1", T(8, 30), T(9, 15)), new(1, "P2", T(9, 20), T(10, 5)), new(2, "P3", T(10, 10), T(10, 55)),
                        new(3, "P4", T(11, 0), T(11, 45))],
                },
            ];
        }

        var list = new List<BellShape>
        {
            // domain.md §6.7: the worked examples' Regular schedule, 330 instructional minutes.
            new()
            {
                Name = "Regular", BridgePeriod = "P1", TimeIn = T(8, 0), TimeOut = T(14, 50),
                Periods = [new(0, "P1", T(8, 0), T(8, 55)), new(1, "P2", T(9, 0), T(9, 55)), new(2, "P3", T(10, 0), T(10, 55)),
                    new(3, "P4", T(11, 0), T(12, 25), 30), new(4, "P5", T(12, 30), T(13, 25)), new(5, "P6", T(13, 30), T(14, 25)),
                    new(6, "ADV", T(14, 30), T(14, 50), 0, false)],
            },
            new()
            {
                Name = "Early Release", BridgePeriod = "P1", TimeIn = T(8, 0), TimeOut = T(11, 55),
                Periods = [new(0, "P1", T(8, 0), T(8, 35)), new(1, "P2", T(8, 40), T(9, 15)), new(2, "P3", T(9, 20), T(9, 55)),
                    new(3, "P4", T(10, 0), T(10, 35)), new(4, "P5", T(10, 40), T(11, 15)), new(5, "P6", T(11, 20), T(11, 55))],
            },
        };
        if (kind == SchoolKind.High)
        {
            // The rotation: odd periods meet on Wednesdays, even periods on Thursdays, in 95-minute blocks.
            list.Add(new BellShape
            {
                Name = "Block Odd", BridgePeriod = "P1", TimeIn = T(8, 0), TimeOut = T(14, 5),
                Periods = [new(0, "P1", T(8, 0), T(9, 35)), new(6, "ADV", T(9, 40), T(10, 10), 0, false), new(2, "P3", T(10, 15), T(11, 50)),
                    new(4, "P5", T(11, 55), T(14, 5), 35)],
            });
            list.Add(new BellShape
            {
                Name = "Block Even", BridgePeriod = "P2", TimeIn = T(8, 0), TimeOut = T(14, 5),
                Periods = [new(1, "P2", T(8, 0), T(9, 35)), new(6, "ADV", T(9, 40), T(10, 10), 0, false), new(3, "P4", T(10, 15), T(12, 25), 35),
                    new(5, "P6", T(12, 30), T(14, 5))],
            });
        }
        if (halfDayKindergarten)
        {
            list.Add(new BellShape
            {
                Name = "Kinder AM", BridgePeriod = "P1", TimeIn = T(8, 10), TimeOut = T(11, 20),
                Periods = [new(0, "P1", T(8, 10), T(9, 10)), new(1, "P2", T(9, 15), T(10, 15)), new(2, "P3", T(10, 20), T(11, 20))],
            });
        }
        return list;
    }
}
