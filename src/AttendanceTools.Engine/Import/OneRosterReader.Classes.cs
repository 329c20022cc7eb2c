using AttendanceTools.Engine.Model;
using E = AttendanceTools.Engine.Import.ImportErrorIds;
using TB = AttendanceTools.Engine.Storage.DistrictTables;
using V = AttendanceTools.Engine.Import.OneRosterVocabulary;

namespace AttendanceTools.Engine.Import;

internal sealed partial class OneRosterReader
{
    /// <summary>Class periods a class names that neither the store nor classPeriods.csv knows: created for the school (first class line).</summary>
    private readonly SortedDictionary<(string School, string Period), int> _newPeriods = [];

    // Classes already refused for their own problems: enrolments in them are not reported again as broken references.
    private readonly HashSet<string> _unreadClasses = new(StringComparer.Ordinal);
    private bool _classesUnread;
    private readonly HashSet<string> _unreadSessions = new(StringComparer.Ordinal);

    private void ReadClasses()
    {
        using var f = Open("classes.csv");
        // A district-wide course (orgSourcedId = the district) becomes one course per school that teaches it.
        var districtCourses = new SortedSet<(string School, string CourseId)>();
        if (f is null)
        {
            var types = _current.Sections.ToDictionary(s => (s.SchoolId, s.SchoolYear, s.SectionIdentifier), s => s.ClassType == "homeroom");
            foreach (var (id, s) in _currentIds.ClassOf) _classes[id] = (s.School, s.Year, s.Section, types.GetValueOrDefault(s));
            foreach (var s in _current.Sections)
                foreach (var (id, c) in _courses.Where(c => c.Value.School is null && c.Value.Code == s.LocalCourseCode))
                    districtCourses.Add((s.SchoolId, id));
        }
        else
        {
            _package.Source(TB.Sections, f.File, new Dictionary<string, string>
            {
                ["SchoolId"] = "schoolSourcedId", ["SchoolYear"] = "termSourcedIds", ["LocalCourseCode"] = "courseSourcedId",
                ["ClassPeriodNames"] = "periods", ["SectionIdentifier"] = "sourcedId",
            });
            // OneRoster spells it termSourcedIds; some exports write the singular. -Strict refuses it as a missing column.
            var singular = !_source.Strict && f.Alias("termSourcedIds", "termSourcedId");
            _classesUnread = !f.RequireColumns(["sourcedId", "title", "courseSourcedId", "classType", "schoolSourcedId", "termSourcedIds"]);
            if (!_classesUnread)
                foreach (var r in f.Rows(_ct))
                {
                    Account(f).Read++;
                    if (singular)
                        _source.Tolerate(f.File, r.Line, "termSourcedId", null, "the header says 'termSourcedId'; it was read as 'termSourcedIds' (OneRoster spells it plural).",
                            E.MissingColumn, "The header has 'termSourcedId', not 'termSourcedIds'.");
                    ReadClass(r, districtCourses, Account(f));
                }
            Close(f);
        }
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (school, courseId) in districtCourses)
        {
            var c = _courses[courseId];
            var first = used.Add(courseId);
            if (!_package.Has(TB.Courses)) continue;
            _package.Add(TB.Courses, new Course { SchoolId = school, LocalCourseCode = c.Code, Title = c.Title, SourcedId = courseId }, c.Line);
            if (first) _source.Account("courses.csv").Kept++;
        }
        if (used.Count > 0 && _package.Has(TB.Courses))
            _source.Account("courses.csv").Note($"{Messages.Text.Count(used.Count, "course")} of the district became one course per school that teaches it ({Messages.Text.Number(districtCourses.Count)} in all).");
        var unused = _courses.Count(c => c.Value.School is null && c.Value.Line > 0 && !used.Contains(c.Key));
        if (unused > 0) _source.Account("courses.csv").Drop("courses of the district (or another org) that no class uses", unused);
        AddNewPeriods();
    }

    private void ReadClass(CsvRow r, SortedSet<(string, string)> districtCourses, FileAccount account)
    {
        var id = r.Req("sourcedId");
        var title = r.Req("title");
        var courseId = r.Req("courseSourcedId");
        var classType = V.Check(r, "classType", r.Req("classType"), V.ClassTypes, "class type");
        var schoolOrg = r.Req("schoolSourcedId");
        var terms = r.Text("termSourcedIds");
        var periods = (r.Text("periods") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var tracked = r.Bool("metadata.attendanceTracked") ?? true;
        var active = r.Bool("metadata.isActive") ?? true;
        var deleted = Common(r, account);
        if (r.Bad) _unreadClasses.Add(id);
        if (r.Bad || deleted || !Unique(r, _classes.ContainsKey(id), id)) return;
        if (!_orgs.TryGetValue(schoolOrg, out var school) || school is null)
            r.Problem(E.BrokenReference, "schoolSourcedId", schoolOrg, $"Class '{id}' names school '{schoolOrg}', which is not a school in orgs.csv (or the store).");
        if (!_courses.TryGetValue(courseId, out var course))
            r.Problem(E.BrokenReference, "courseSourcedId", courseId, $"Class '{id}' names course '{courseId}', which is not in courses.csv (or the store).");
        var termIds = Terms(r, id, terms);
        if (r.Bad || termIds.Count == 0)
        {
            _unreadClasses.Add(id);
            return;
        }
        var (year, session) = _sessions[termIds[0]];
        foreach (var other in termIds.Skip(1).Where(t => _sessions[t].Year != year))
            r.Problem(E.BadValue, "termSourcedIds", other,
                $"Class '{id}' lists terms of school years {year} and {_sessions[other].Year}; a class belongs to one school year.");
        if (r.Bad)
        {
            _unreadClasses.Add(id);
            return;
        }
        var section = new Section
        {
            SchoolId = school!, SchoolYear = year, SectionIdentifier = r.Text("metadata.sectionIdentifier") ?? id, LocalCourseCode = course.Code,
            SessionName = session, ClassPeriodNames = periods, AttendanceTracked = tracked, IsActive = active, Title = title,
            TermSourcedIds = string.Join(',', termIds), ClassType = classType,
        };
        if (!_package.Has(TB.ClassPeriods))
        {
            var known = _current.ClassPeriods.Where(p => p.SchoolId == section.SchoolId).Select(p => p.ClassPeriodName).ToHashSet(StringComparer.Ordinal);
            foreach (var p in periods.Where(p => !known.Contains(p))) _newPeriods.TryAdd((section.SchoolId, p), r.Line);
        }
        _classes[id] = (section.SchoolId, section.SchoolYear, section.SectionIdentifier, classType == "homeroom");
        if (course.School is null) districtCourses.Add((section.SchoolId, courseId));
        _package.Add(TB.Sections, section, r.Line);
        account.Kept++;
    }

    /// <summary>
    /// The class's terms, every one of them (issue #8 item 12). An empty list is a tolerance when the package
    /// knows exactly one school year: the class belongs to it.
    /// </summary>
    private List<string> Terms(CsvRow r, string id, string? terms)
    {
        var list = (terms ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (list.Count == 0)
        {
            if (_yearSessions.Count != 1)
            {
                r.Problem(E.MissingValue, "termSourcedIds", null, $"Class '{id}' names no term, and the package has {_yearSessions.Count} school years to choose from.");
                return [];
            }
            var only = _yearSessions.Single().Value;
            _source.Tolerate(r.File, r.Line, "termSourcedIds", null,
                $"termSourcedIds is empty; the package's only school year ('{only}') was taken as the class's term.",
                E.MissingValue, $"Class '{id}' names no term.");
            // Under -Strict the problem refuses the import; reading on keeps the enrolments from reporting this class as missing.
            return [only];
        }
        // A term refused for its own problem is not reported again through the classes that name it.
        if (list.Exists(_unreadSessions.Contains)) return [];
        foreach (var t in list.Where(t => !_sessions.ContainsKey(t)))
            r.Problem(E.BrokenReference, "termSourcedIds", t, $"Class '{id}' names academic session '{t}', which is not in academicSessions.csv (or the store).");
        return r.Bad ? [] : list;
    }

    /// <summary>Periods named by classes but unknown to the store: created (OfficialAttendancePeriod false), with one warning per school.</summary>
    private void AddNewPeriods()
    {
        if (_newPeriods.Count == 0) return;
        _package.Source(TB.ClassPeriods, "classes.csv", new Dictionary<string, string> { ["ClassPeriodName"] = "periods" });
        foreach (var p in _current.ClassPeriods) _package.Keep(TB.ClassPeriods, p);
        foreach (var ((school, period), line) in _newPeriods)
            _package.Add(TB.ClassPeriods, new ClassPeriod { SchoolId = school, ClassPeriodName = period }, line);
        foreach (var g in _newPeriods.GroupBy(p => p.Key.School))
            _package.Warnings.Add(new EngineWarning(ImportWarningIds.Created,
                $"classes.csv: school '{g.Key}' had no class period{(g.Count() == 1 ? "" : "s")} {string.Join(", ", g.Select(p => "'" + p.Key.Period + "'"))}; " +
                $"{(g.Count() == 1 ? "it was" : "they were")} created (first named on line {g.Min(p => p.Value)}). Send classPeriods.csv and the bell schedules to give them times."));
    }
}
