using System.Globalization;
using AttendanceTools.Engine.Model;

namespace AttendanceTools.Engine.Demo;

// Students, their enrolments (withdrawals, re-entries, late entries, transfers) and year records.
internal sealed partial class DemoBuilder
{
    private int _nextNumber = 100001;

    private void PlanStudents()
    {
        var rng = DemoRandom.For(Seed, "students");
        var grades = ElementaryGrades.Concat(MiddleGrades).Concat(HighGrades).ToArray();
        foreach (var kind in new[] { SchoolKind.Elementary, SchoolKind.Middle, SchoolKind.High })
        {
            var schools = Of(kind);
            for (var si = 0; si < schools.Count; si++)
            {
                var school = schools[si];
                foreach (var grade in school.Grades)
                {
                    var total = _perGrade[Array.IndexOf(grades, grade)];
                    var count = (total / schools.Count) + (si < total % schools.Count ? 1 : 0);
                    for (var k = 0; k < count; k++)
                    {
                        // Oak Elementary runs a half-day kindergarten calendar beside its regular one.
                        var calendar = grade == "KG" && HasHalfDayKindergarten(school) && k % 2 == 1
                            ? school.Calendar(DemoCatalog.HalfDayKindergartenCalendar)
                            : school.Calendar(DemoCatalog.CalendarCode);
                        var student = NewStudent(rng, grade);
                        Join(student, school, calendar, grade);
                    }
                }
            }
        }

        // The continuation school: students 16 and older; a quarter of them arrive mid-year from a high school.
        var ce = Continuation;
        var highs = Of(SchoolKind.High);
        var transfers = Math.Max(1, _continuation / 4);
        for (var k = 0; k < _continuation; k++)
        {
            var grade = (k % 20) switch { < 5 => "10", < 12 => "11", _ => "12" };
            var student = NewStudent(rng, grade);
            if (k < transfers)
            {
                var high = highs[k % highs.Count];
                Join(student, high, high.Calendar(DemoCatalog.CalendarCode), grade);
            }
            Join(student, ce, ce.Calendar(DemoCatalog.CalendarCode), grade);
        }

        // Pre-registered kindergartners for next year: a year record, no enrolment yet.
        var elementary = Of(SchoolKind.Elementary);
        for (var k = 0; k < _preRegistered; k++)
        {
            var home = elementary[k % elementary.Count];
            var student = NewStudent(rng, "KG", preRegistered: true);
            student.HomeSchool = home;
        }
    }

    private StudentPlan NewStudent(DemoRandom rng, string grade, bool preRegistered = false)
    {
        var number = _nextNumber++;
        var ordinal = GradeLevel.Ordinal(grade)!.Value + (preRegistered ? -1 : 0);
        var student = new StudentPlan
        {
            Id = number.ToString(CultureInfo.InvariantCulture),
            Number = number,
            FirstName = rng.Pick(DemoCatalog.FirstNames),
            LastName = rng.Pick(DemoCatalog.LastNames),
            Grade = grade,
            PreRegistered = preRegistered,
            // Age 5 + grade on September 1 of the school year's first calendar year.
            BirthDate = new DateOnly(Year - 7 - ordinal, 9, 2).AddDays(rng.Next(365)),
            AbsenceRate = 0.02,
            CodeWeights = DemoCatalog.TypicalWeights,
        };
        _students.Add(student);
        return student;
    }

    private static Membership Join(StudentPlan student, SchoolPlan school, CalendarPlan calendar, string grade)
    {
        var m = new Membership { Student = student, School = school, Calendar = calendar, Grade = grade, Sequence = student.Memberships.Count };
        student.Memberships.Add(m);
        school.Members.Add(m);
        return m;
    }

    /// <summary>
    /// Who attends how: absence propensities (with a chronically absent tail), and enrolment
    /// histories. Quotas, not coin flips, so even the smallest district shows every case.
    /// </summary>
    private void PlanLifeEvents()
    {
        foreach (var school in _schools.Where(s => s.Kind != SchoolKind.DistrictOffice))
        {
            var rng = DemoRandom.For(Seed, "events", school.Ordinal);
            var own = school.Members.Where(m => m.Sequence == 0).ToList();
            AssignPropensities(rng, own, school.Kind == SchoolKind.Continuation ? 0.35 : 0.12);

            var cal = school.Calendar(DemoCatalog.CalendarCode);
            var days = cal.Days;
            var order = rng.Permutation(own.Count);
            var n = own.Count;
            var withdrawals = Math.Max(1, (int)Math.Round(n * 0.015));
            var reentries = Math.Max(1, (int)Math.Round(n * 0.006));
            var lateEntries = Math.Max(1, (int)Math.Round(n * 0.025));
            var next = 0;
            foreach (var index in order)
            {
                var m = own[index];
                var first = m.Calendar.FirstDay;
                var transfersOut = m.Student.Memberships.Count > 1;
                if (transfersOut)
                {
                    // High school to continuation school: leave one school, start at the other the next school day.
                    var exit = days[rng.Between(25, days.Count - 45)].Date;
                    m.Stints.Add(new Stint(first, exit, EntryCodeFor(m), "TR", "Transferred within the district"));
                    var ce = m.Student.Memberships[1];
                    var entry = ce.Calendar.Days[ce.Calendar.IndexOnOrAfter(exit.AddDays(1))].Date;
                    ce.Stints.Add(new Stint(entry, null, "TI"));
                    continue;
                }
                var slot = next++;
                if (slot < withdrawals)
                {
                    var exit = days[rng.Between(15, days.Count - 15)].Date;
                    m.Stints.Add(new Stint(first, exit, EntryCodeFor(m), "MV", "Moved out of the district"));
                    m.Student.Inactive = true;
                }
                else if (slot < withdrawals + reentries)
                {
                    var i = rng.Between(20, days.Count - 60);
                    var back = i + rng.Between(8, 25);
                    m.Stints.Add(new Stint(first, days[i].Date, EntryCodeFor(m), "EX", "Extended absence"));
                    m.Stints.Add(new Stint(days[back].Date, null, "RE"));
                }
                else if (slot < withdrawals + reentries + lateEntries)
                {
                    m.Stints.Add(new Stint(days[rng.Between(5, days.Count - 30)].Date, null, "N"));
                }
                else
                {
                    m.Stints.Add(new Stint(first, null, EntryCodeFor(m)));
                }
            }

            AssignRetention(rng, own, school);
        }
    }

    private static string EntryCodeFor(Membership m) => m.Grade == "KG" ? "N" : "R";

    private static void AssignPropensities(DemoRandom rng, List<Membership> members, double chronicShare)
    {
        var order = rng.Permutation(members.Count);
        var chronic = Math.Max(1, (int)Math.Round(members.Count * chronicShare));
        var borderline = Math.Max(1, (int)Math.Round(members.Count * 0.05));
        for (var k = 0; k < order.Length; k++)
        {
            var s = members[order[k]].Student;
            if (k < chronic)
            {
                s.AbsenceRate = rng.Between(0.10, 0.24);
                s.ChronicByDesign = true;
                s.CodeWeights = DemoCatalog.ChronicWeights;
            }
            else if (k < chronic + borderline)
            {
                s.AbsenceRate = rng.Between(0.035, 0.055);
            }
            else
            {
                // Most students rarely miss school; one in ten almost never.
                s.AbsenceRate = rng.Chance(0.1) ? 0.001 : rng.Between(0.003, 0.03);
            }
            s.TardyRate = rng.Chance(0.25) ? rng.Between(0.03, 0.10) : rng.Between(0.0, 0.015);
        }
    }

    private static void AssignRetention(DemoRandom rng, List<Membership> members, SchoolPlan school)
    {
        var candidates = members.Where(m => !m.Student.Inactive).ToList();
        var retained = (int)Math.Round(candidates.Count * 0.012);
        foreach (var i in rng.Permutation(candidates.Count).Take(retained)) candidates[i].Student.Retained = true;
        if (school.Kind is SchoolKind.High or SchoolKind.Continuation)
        {
            // Seniors who will not graduate this year: the registration rollover keeps them in grade 12.
            var seniors = candidates.Where(m => m.Grade == "12" && m.Student.Memberships.Count == 1).ToList();
            var count = Math.Max(1, (int)Math.Round(seniors.Count * 0.06));
            foreach (var i in rng.Permutation(seniors.Count).Take(count)) seniors[i].Student.Retained = true;
        }
    }

    private void AddStudentRows()
    {
        foreach (var s in _students)
        {
            _data.Students.Add(new Student
            {
                StudentUniqueId = s.Id,
                LocalId = s.Id,
                FirstName = s.FirstName,
                LastSurname = s.LastName,
                BirthDate = s.Retained ? s.BirthDate.AddYears(-1) : s.BirthDate,
                ClassOfSchoolYear = GradeLevel.GraduationYear(s.Grade, s.PreRegistered ? NextYear : Year),
            });
            foreach (var m in s.Memberships)
            {
                foreach (var stint in m.Stints)
                {
                    _data.Enrollments.Add(new StudentSchoolAssociation
                    {
                        StudentUniqueId = s.Id, SchoolId = m.School.Id, EntryDate = stint.Entry, SchoolYear = Year, CalendarCode = m.Calendar.Code,
                        EntryGradeLevel = m.Grade, EntryCode = stint.EntryCode, ExitWithdrawDate = stint.Exit, ExitWithdrawCode = stint.ExitCode,
                        ExitWithdrawType = stint.ExitType,
                    });
                    if (m.School.Kind == SchoolKind.Continuation)
                    {
                        _data.ProgramAssociations.Add(new StudentProgramAssociation
                        {
                            StudentUniqueId = s.Id, SchoolId = m.School.Id, ProgramName = DemoCatalog.ProgramName, BeginDate = stint.Entry, EndDate = stint.Exit,
                        });
                    }
                }
            }
            _data.YearRecords.Add(YearRecordFor(s));
        }
    }

    private StudentYearRecord YearRecordFor(StudentPlan s)
    {
        if (s.PreRegistered)
        {
            var home = s.HomeSchool!;
            if (s.RegistrationCancelled)
            {
                return new StudentYearRecord
                {
                    StudentUniqueId = s.Id, SchoolYear = Year, SchoolId = home.Id, GradeLevel = "KG", CalendarCode = DemoCatalog.CalendarCode,
                    Status = YearRecordStatus.PreRegistered, Counselor = home.CounselorFor(s.LastName),
                };
            }
            return new StudentYearRecord
            {
                StudentUniqueId = s.Id, SchoolYear = Year, SchoolId = home.Id, GradeLevel = "KG", CalendarCode = DemoCatalog.CalendarCode,
                Status = YearRecordStatus.PreRegistered, Counselor = home.CounselorFor(s.LastName), NextYearSchoolId = home.Id, NextYearGradeLevel = "KG",
                NextYearCalendarCode = DemoCatalog.CalendarCode, NextYearHomeroom = "KG-A", NextYearCounselor = home.CounselorFor(s.LastName),
            };
        }

        var last = s.Memberships[^1];
        var school = last.School;
        var record = new StudentYearRecord
        {
            StudentUniqueId = s.Id, SchoolYear = Year, SchoolId = school.Id, GradeLevel = s.Grade, CalendarCode = last.Calendar.Code,
            Status = s.Inactive ? YearRecordStatus.Inactive : YearRecordStatus.Active, Promote = !s.Retained, Homeroom = s.Homeroom,
            Counselor = school.CounselorFor(s.LastName),
        };
        if (s.Inactive || (s.Grade == "12" && !s.Retained)) return record;

        var nextGrade = s.Retained ? s.Grade : GradeLevel.Next(s.Grade)!;
        var nextSchool = s.Retained || (s.Grade != "05" && s.Grade != "08") ? school : school.FeedsInto!;
        string homeroom;
        if (nextSchool.Kind == SchoolKind.Elementary)
        {
            var letter = s.Homeroom is { Length: > 0 } h ? h[^1] : 'A';
            homeroom = $"{nextGrade}-{letter}";
        }
        else
        {
            homeroom = string.Create(CultureInfo.InvariantCulture, $"ADV-{nextGrade}-{1 + (s.Number % 3):00}");
        }
        return record with
        {
            NextYearSchoolId = nextSchool.Id, NextYearGradeLevel = nextGrade, NextYearCalendarCode = DemoCatalog.CalendarCode,
            NextYearHomeroom = homeroom, NextYearCounselor = nextSchool.CounselorFor(s.LastName),
        };
    }
}
