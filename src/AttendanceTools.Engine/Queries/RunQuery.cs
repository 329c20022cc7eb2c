using AttendanceTools.Engine.Storage;

namespace AttendanceTools.Engine.Queries;

/// <summary>Which runs of the run log to read.</summary>
public sealed record RunFilter
{
    public IReadOnlyList<long> RunIds { get; init; } = [];
    /// <summary>Operation names, wildcards allowed ("Aggregation*").</summary>
    public IReadOnlyList<string> Operations { get; init; } = [];
    /// <summary>Runs that started at or after this instant.</summary>
    public DateTimeOffset? Since { get; init; }
    /// <summary>At most this many runs, the newest first.</summary>
    public int? Newest { get; init; }
}

/// <summary>Reads the run log (Get-AttendanceRun): every applied run, newest first, streamed.</summary>
public static class RunQuery
{
    /// <summary>
    /// The runs the filter selects, newest first. Each RunId that selected no run (it does not
    /// exist, or the other filters leave it out) is reported to <paramref name="notFound"/> as
    /// <c>RunNotFound</c> once the enumeration ends.
    /// </summary>
    public static IEnumerable<RunInfo> Find(AttendanceStore store, RunFilter filter, Action<AttendanceException>? notFound = null)
    {
        if (filter.Newest is < 0)
            throw new AttendanceException("NewestInvalid", FailureKind.InvalidArgument, $"-Newest must be 0 or more, not {filter.Newest}.", filter.Newest);
        return Read(store, filter, notFound);
    }

    private static IEnumerable<RunInfo> Read(AttendanceStore store, RunFilter filter, Action<AttendanceException>? notFound)
    {
        using var c = store.OpenConnection();
        // A run still applying holds its row inside an open transaction; 'Running' rows are never committed on purpose.
        var sql = $"SELECT {RunLog.Columns} FROM RunLog WHERE Status <> 'Running'";
        var parameters = new List<(string, object?)>();
        if (filter.RunIds.Count > 0)
        {
            sql += " AND " + Lookups.InSet(c, "RunId", "ids");
            parameters.Add(("ids", Lookups.Json(filter.RunIds)));
        }
        if (filter.Since is { } since)
        {
            sql += " AND StartedAt >= @since";
            parameters.Add(("since", DbValue.Timestamp(since)));
        }
        sql += " ORDER BY RunId DESC";

        // Timestamps are stored in UTC and shown in the district's zone, offset included (domain §2.3).
        var zone = StoreSettings.GetTimeZone(c);
        var unmatched = filter.RunIds.ToHashSet();
        var written = 0;
        using (var cmd = c.Command(sql, null, [.. parameters]))
        using (var r = cmd.OpenReader())
        {
            while ((filter.Newest is null || written < filter.Newest) && r.Read())
            {
                var run = RunLog.Map(r);
                run = run with { StartedAt = TimeZoneInfo.ConvertTime(run.StartedAt, zone), FinishedAt = TimeZoneInfo.ConvertTime(run.FinishedAt, zone) };
                if (!NameMatch.Any(filter.Operations, run.Operation)) continue;
                unmatched.Remove(run.RunId);
                written++;
                yield return run;
            }
        }
        foreach (var id in unmatched.Order())
            notFound?.Invoke(NotFound.Run(id, filter.Operations.Count > 0 || filter.Since is not null || filter.Newest is not null ? " among the runs selected" : ""));
    }
}
