using AttendanceTools.Engine.Model;
using static AttendanceTools.Engine.Import.CsvFormat;
using E = AttendanceTools.Engine.Import.ImportErrorIds;
using TB = AttendanceTools.Engine.Storage.DistrictTables;
using V = AttendanceTools.Engine.Import.OneRosterVocabulary;

namespace AttendanceTools.Engine.Import;

internal sealed partial class OneRosterReader
{
    private sealed record SessionRow(string Id, string Title, string Type, DateOnly Begin, DateOnly End, int Year, string? Parent, int Line);

    /// <summary>
    /// academicSessions.csv: every session is kept (dates, type, parent) as <see cref="AcademicSession"/>; schoolYear
    /// sessions become the school years (unless schoolYears.csv is in the package). A schoolYear whose value
    /// contradicts its own dates takes the dates' end year (domain §1: a year is numbered by the year it ends in).
    /// </summary>
    private void ReadSessions()
    {
        using var f = Open("academicSessions.csv");
        if (f is null)
        {
            foreach (var (id, s) in _currentIds.SessionOf) _sessions[id] = s;
            foreach (var y in _current.SchoolYears) _yearSessions[y.SchoolYear] = _currentIds.YearId(y.SchoolYear);
            _packageYear = _current.SchoolYears.FirstOrDefault(y => y.IsCurrent)?.SchoolYear;
            return;
        }
        // schoolYears.csv, when present, is the complete set of school years; academicSessions then only names terms.
        var feedsYears = !_package.Has(TB.SchoolYears);
        if (feedsYears) _package.Source(TB.SchoolYears, f.File);
        _package.Source(TB.AcademicSessions, f.File, new Dictionary<string, string> { ["SourcedId"] = "sourcedId", ["SchoolYear"] = "schoolYear" });
        if (!f.RequireColumns(["sourcedId", "title", "type", "startDate", "endDate", "schoolYear"])) return;
        var account = Account(f);
        var rows = new List<SessionRow>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in f.Rows(_ct))
        {
            account.Read++;
            var id = r.Req("sourcedId");
            var title = r.Req("title");
            var type = V.Check(r, "type", r.Req("type"), V.SessionTypes, "session type");
            var begin = r.Date("startDate", true);
            var end = r.Date("endDate", true);
            var year = r.Year("schoolYear", true);
            var parent = r.Text("parentSourcedId");
            var deleted = Common(r, account);
            if (r.Bad) _unreadSessions.Add(id);
            if (r.Bad || deleted || !Unique(r, !seen.Add(id), id)) continue;
            r.Range(end >= begin, "endDate", Date(end), $"endDate {Date(end)} is before startDate {Date(begin)}.");
            if (r.Bad) continue;
            if (type == "schoolYear" && year != end!.Value.Year)
            {
                _source.Tolerate(f.File, r.Line, "schoolYear", Int(year),
                    $"a schoolYear session's schoolYear contradicts its own dates; the dates' end year was taken (a school year is numbered by the year it ends in).",
                    E.BadValue, $"schoolYear {year} contradicts the session's dates {Date(begin)}..{Date(end)}, which end in {end.Value.Year}.");
            }
            rows.Add(new SessionRow(id, title, type!, begin!.Value, end!.Value, year!.Value, parent, r.Line));
        }

        // Corrected years: a schoolYear session's end year; its terms follow it (by parent, else by the value they share).
        var yearOfSession = rows.Where(x => x.Type == "schoolYear").ToDictionary(x => x.Id, x => x.End.Year, StringComparer.Ordinal);
        var corrected = rows.Where(x => x.Type == "schoolYear" && x.Year != x.End.Year).GroupBy(x => x.Year).ToDictionary(g => g.Key, g => g.First().End.Year);
        foreach (var x in rows)
        {
            var year = x.Type == "schoolYear" ? x.End.Year
                : x.Parent is not null && yearOfSession.TryGetValue(x.Parent, out var parentYear) ? parentYear
                : corrected.GetValueOrDefault(x.Year, x.Year);
            if (x.Type != "schoolYear" && year != x.Year)
                _source.Tolerate(f.File, x.Line, "schoolYear", Int(x.Year),
                    "a session's schoolYear followed its school year, whose value contradicted its dates and was corrected.",
                    E.BadValue, $"schoolYear {x.Year} belongs to a school year whose value contradicts its dates.");
            _sessions[x.Id] = (year, x.Type == "schoolYear" ? null : x.Title);
            _package.Add(TB.AcademicSessions, new AcademicSession
            {
                SourcedId = x.Id, SchoolYear = year, Title = x.Title, SessionType = x.Type, BeginDate = x.Begin, EndDate = x.End, ParentSourcedId = x.Parent,
            }, x.Line);
            account.Kept++;
            if (x.Type == "schoolYear") _yearSessions.TryAdd(year, x.Id);
        }
        if (feedsYears) AddSchoolYears(f.File, rows, yearOfSession);
        else foreach (var y in _package.Data.SchoolYears) _yearSessions.TryAdd(y.SchoolYear, OneRosterIds.SchoolYearId(y.SchoolYear));
        _packageYear = _package.Data.SchoolYears.FirstOrDefault(y => y.IsCurrent)?.SchoolYear;
        Close(f);
    }

    /// <summary>
    /// One school year per year the schoolYear sessions name (several sessions for one year, as some systems
    /// write one per school, are merged into one, spanning all of them); without any schoolYear session, the
    /// years are taken from the terms' dates. Each merge or derivation is a tolerance.
    /// </summary>
    private void AddSchoolYears(string file, List<SessionRow> rows, Dictionary<string, int> yearOfSession)
    {
        var years = new List<(SchoolYearRow Row, int Line)>();
        var yearRows = rows.Where(x => x.Type == "schoolYear").ToList();
        foreach (var g in yearRows.GroupBy(x => yearOfSession[x.Id]).OrderBy(g => g.Key))
        {
            foreach (var extra in g.Skip(1))
                _source.Tolerate(file, extra.Line, "type", "schoolYear",
                    "several schoolYear sessions name the same school year; they were merged into one school year spanning all of them.",
                    E.DuplicateKey, $"schoolYear {g.Key} is already the school year of session '{g.First().Id}' (line {g.First().Line}).");
            var first = g.First();
            years.Add((new SchoolYearRow { SchoolYear = g.Key, Description = first.Title, BeginDate = g.Min(x => x.Begin), EndDate = g.Max(x => x.End) }, first.Line));
        }
        if (yearRows.Count == 0)
            foreach (var g in rows.GroupBy(x => _sessions[x.Id].Year).OrderBy(g => g.Key))
            {
                foreach (var term in g)
                    _source.Tolerate(file, term.Line, "type", term.Type,
                        "the package has no schoolYear session; the school year was made from its terms' dates.",
                        E.BrokenReference, $"Session '{term.Id}' belongs to school year {g.Key}, which no schoolYear session describes.");
                years.Add((new SchoolYearRow { SchoolYear = g.Key, Description = SchoolYearText.Format(g.Key), BeginDate = g.Min(x => x.Begin), EndDate = g.Max(x => x.End) },
                    g.First().Line));
            }
        foreach (var (row, line) in years) _package.Add(TB.SchoolYears, row with { IsCurrent = IsCurrent(row, years.Select(y => y.Row)) }, line);
    }

    /// <summary>OneRoster has no "current year": keep the store's choice, else the year containing today, else the latest.</summary>
    private bool IsCurrent(SchoolYearRow row, IEnumerable<SchoolYearRow> all)
    {
        var list = all.ToList();
        var kept = _current.SchoolYears.FirstOrDefault(y => y.IsCurrent && list.Exists(n => n.SchoolYear == y.SchoolYear));
        if (kept is not null) return kept.SchoolYear == row.SchoolYear;
        var today = list.FirstOrDefault(y => y.BeginDate <= _today && _today <= y.EndDate);
        return (today?.SchoolYear ?? list.Max(y => y.SchoolYear)) == row.SchoolYear;
    }
}
