using System.Net.Sockets;
using AttendanceTools.Engine.Aggregation;
using AttendanceTools.Engine.Storage;
using AttendanceTools.Engine.Tests.Aggregation;
using AttendanceTools.Engine.Tests.Support;
using AttendanceTools.Tests.Shared;
using Npgsql;

namespace AttendanceTools.Engine.Tests.Conformance;

/// <summary>
/// Writers on one store at once, a connection lost mid-run, and which faults are retried, on each store
/// (issue #15 item 3). Leases are taken through separate store handles, as two processes would.
/// </summary>
public sealed class ReliabilityConformanceTests
{
    private static AggregationRequest Manual(TimeSpan? wait = null) => JeffersonStore.Manual with { LeaseWait = wait };

    private static long Count(AttendanceStore store, string table)
    {
        using var c = store.OpenConnection();
        return c.ScalarLong($"SELECT COUNT(*) FROM {table}");
    }

    [Theory, Sqlite, PostgreSql, SqlServer]
    public void A_held_lease_makes_a_second_writer_fail_with_LeaseHeld_and_write_nothing(string provider)
    {
        using var j = new JeffersonStore(provider: provider);
        using (var held = Lease.Acquire(j.Store, WriteProtocol.StoreLease, NullObserver.Instance, default))
        {
            var ex = Assert.Throws<AttendanceException>(() => j.Run(Manual(TimeSpan.FromSeconds(1))));
            Assert.Equal(("LeaseHeld", FailureKind.Busy), (ex.ErrorId, ex.Kind));
            Assert.Contains("'Store' lease", ex.Message, StringComparison.Ordinal);
            Assert.Equal(0, Count(j.Store, "DayAggregate"));
        }

        var after = j.RunOne(Manual());

        Assert.Equal(after.StudentDays, after.Inserted);
        Assert.Equal(after.Inserted, Count(j.Store, "DayAggregate"));
        Assert.Equal(0, Count(j.Store, "Lease"));
    }

    [Theory, Sqlite, PostgreSql, SqlServer]
    public async Task Two_writers_at_once_do_not_interleave(string provider)
    {
        using var j = new JeffersonStore(provider: provider);
        using var start = new Barrier(2);
        // Both plan before either writes; the lease then lets them write one at a time.
        (long? Inserted, string? Refused) Refresh()
        {
            var plan = AggregationOperation.Plan(j.Store, Manual(), NullObserver.Instance, default);
            start.SignalAndWait();
            try { return (Assert.Single(AggregationOperation.Apply(j.Store, plan, null, NullObserver.Instance, default)).Inserted, null); }
            catch (AttendanceException ex) { return (null, ex.ErrorId); }
        }

        var runs = await Task.WhenAll(Task.Run(Refresh), Task.Run(Refresh));

        // The first writes every row; the second finds the store changed since its plan and, planned again,
        // would write something else than it planned: refused, nothing written (never a mix of the two).
        var rows = Count(j.Store, "DayAggregate");
        Assert.True(rows > 0);
        Assert.Single(runs, r => r.Inserted == rows);
        Assert.Single(runs, r => r.Refused == "StoreChangedSincePlan" || r.Inserted == 0);
        Assert.Equal(1, Count(j.Store, "RunLog WHERE Operation = 'Aggregation' AND Inserted > 0"));
        Assert.Equal(0, Count(j.Store, "Lease"));
    }

    [Theory, Sqlite, PostgreSql]
    public void A_lease_row_whose_holder_cannot_be_checked_holds_on_SQLite_and_is_taken_over_on_PostgreSQL_when_its_session_is_gone(string provider)
    {
        using var j = new JeffersonStore(provider: provider);
        // A lease left by a run on another machine, not yet expired: SQLite cannot tell whether that run is alive;
        // PostgreSQL can, because a live holder keeps the lease's session lock.
        j.Exec("INSERT INTO Lease (Name, Holder, Host, ProcessId, AcquiredAt, ExpiresAt, Token, ProcessStartedAt) " +
               $"VALUES ('Store', 'svc-nightly', 'other-host', 4242, '{DbValue.Timestamp(j.Store.Clock.GetUtcNow())}', '{DbValue.Timestamp(j.Store.Clock.GetUtcNow().AddMinutes(2))}', 'x', NULL)");
        var log = new WarningLog();

        if (provider == StoreProviders.Sqlite)
        {
            var ex = Assert.Throws<AttendanceException>(() => j.Run(Manual(TimeSpan.FromSeconds(1)), log));
            Assert.Equal("LeaseHeld", ex.ErrorId);
            Assert.Contains("svc-nightly on other-host", ex.Message, StringComparison.Ordinal);
            return;
        }
        var result = Assert.Single(j.Run(Manual(TimeSpan.FromSeconds(1)), log));

        Assert.True(result.Inserted > 0);
        var (id, message) = Assert.Single(log.Warnings);
        Assert.Equal("LeaseTakenOver", id);
        Assert.Contains("svc-nightly on other-host: its database session has ended", message, StringComparison.Ordinal);
    }

    [Theory, PostgreSql]
    public void A_live_holders_session_lock_keeps_the_lease_even_after_its_row_expired(string provider)
    {
        using var j = new JeffersonStore(provider: provider);
        using var held = Lease.Acquire(j.Store, WriteProtocol.StoreLease, NullObserver.Instance, default);
        // The row says expired (its clock stood still), but the holder's session lives and holds the lock.
        j.Exec("UPDATE Lease SET ExpiresAt = '2000-01-01T00:00:00.000Z'");

        var ex = Assert.Throws<AttendanceException>(() => j.Run(Manual(TimeSpan.FromSeconds(1))));

        Assert.Equal("LeaseHeld", ex.ErrorId);
        Assert.Equal(0, Count(j.Store, "DayAggregate"));
    }

    /// <summary>Ends every other session of the store's database from a connection of its own, as an administrator or a failover would.</summary>
    private sealed class DropConnections(string connectionString) : IOperationObserver
    {
        public int Dropped { get; private set; }

        public void Progress(ProgressInfo progress)
        {
            if (Dropped > 0 || progress.Id != 2 || progress.Completed) return;
            using var admin = new NpgsqlConnection(connectionString + ";Pooling=false");
            admin.Open();
            Dropped = (int)admin.ScalarLong("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
        }

        public void Verbose(string message) { }
        public void Warning(string id, string message) { }
    }

    [Theory, PostgreSql]
    public void A_connection_dropped_mid_run_fails_the_run_writes_nothing_and_a_retry_succeeds(string provider)
    {
        using var t = new TempStore(new DateTimeOffset(2025, 10, 14, 0, 0, 0, TimeSpan.Zero), provider: provider);
        DistrictStore.BulkLoad(t.Store, JeffersonDistrict.Build(), NullObserver.Instance, default);
        var store = t.Store;
        var plan = AggregationOperation.Plan(store, JeffersonStore.Manual, NullObserver.Instance, default);
        var drop = new DropConnections(t.ConnectionString!);

        var ex = Record.Exception(() => AggregationOperation.Apply(store, plan, null, drop, default));

        Assert.True(drop.Dropped >= 1);
        Assert.IsAssignableFrom<System.Data.Common.DbException>(ex);
        Assert.True(store.Dialect.IsTransient(ex), ex.ToString());
        Assert.Equal(0, Count(store, "DayAggregate"));
        Assert.Equal(0, Count(store, "RunLog WHERE Operation = 'Aggregation'"));
        Assert.Equal(0, Count(store, "AggregationState"));

        var retry = Assert.Single(AggregationOperation.Apply(store, AggregationOperation.Plan(store, JeffersonStore.Manual, NullObserver.Instance, default), null, NullObserver.Instance, default));

        Assert.Equal(retry.StudentDays, retry.Inserted);
        Assert.Equal(retry.Inserted, Count(store, "DayAggregate"));
        Assert.Equal(1, Count(store, "RunLog WHERE Operation = 'Aggregation'"));
    }

    [Theory]
    [InlineData("40001", true)]  // serialization_failure
    [InlineData("40P01", true)]  // deadlock_detected
    [InlineData("55P03", true)]  // lock_not_available (lock_timeout)
    [InlineData("53300", true)]  // too_many_connections
    [InlineData("57P01", true)]  // admin_shutdown (pg_terminate_backend, failover)
    [InlineData("57P03", true)]  // cannot_connect_now (starting up)
    [InlineData("08006", true)]  // connection_failure
    [InlineData("23505", false)] // unique_violation: a real error
    [InlineData("42P01", false)] // undefined_table
    [InlineData("22P02", false)] // invalid_text_representation
    [InlineData("28P01", false)] // invalid_password
    public void PostgreSql_transient_classification_by_SQLSTATE(string sqlState, bool transient)
    {
        var ex = new PostgresException("fabricated", "ERROR", "ERROR", sqlState);

        Assert.Equal(transient, PostgreSqlDialect.Instance.IsTransient(ex));
        Assert.Equal(transient, PostgreSqlDialect.IsTransientState(sqlState));
    }

    [Fact]
    public void PostgreSql_network_faults_and_timeouts_are_transient_and_other_exceptions_are_not()
    {
        Assert.True(PostgreSqlDialect.Instance.IsTransient(new NpgsqlException("lost", new SocketException((int)SocketError.ConnectionReset))));
        Assert.True(PostgreSqlDialect.Instance.IsTransient(new NpgsqlException("read", new IOException("reset"))));
        Assert.True(PostgreSqlDialect.Instance.IsTransient(new TimeoutException()));
        Assert.False(PostgreSqlDialect.Instance.IsTransient(new InvalidOperationException("no")));
        Assert.False(PostgreSqlDialect.Instance.IsTransient(new Microsoft.Data.Sqlite.SqliteException("busy", 5)));
    }

    [Theory]
    [InlineData(1205, true)]
    [InlineData(40197, true)]
    [InlineData(40501, true)]
    [InlineData(40613, true)]
    [InlineData(49918, true)]
    [InlineData(49919, true)]
    [InlineData(49920, true)]
    [InlineData(4060, true)]
    [InlineData(10928, true)]
    [InlineData(10929, true)]
    [InlineData(-2, true)]     // command timeout
    [InlineData(2627, false)]  // unique key violation
    [InlineData(547, false)]   // constraint conflict
    [InlineData(208, false)]   // invalid object name
    [InlineData(18456, false)] // login failed
    public void SqlServer_transient_classification_by_error_number(int number, bool transient)
        => Assert.Equal(transient, SqlServerDialect.IsTransientNumber(number));

    private sealed class Recorder : IOperationObserver
    {
        public List<string> Lines { get; } = [];
        public void Progress(ProgressInfo progress) { }
        public void Verbose(string message) => Lines.Add(message);
        public void Warning(string id, string message) { }
    }

    [PostgreSqlFact]
    public void Transient_faults_are_retried_and_real_errors_fail_at_once()
    {
        using var t = new TempStore(provider: StoreProviders.PostgreSql);
        var log = new Recorder();
        var calls = 0;

        var value = t.Store.Run(log, _ => ++calls < 3 ? throw new PostgresException("could not serialize access", "ERROR", "ERROR", "40001") : 42, default);

        Assert.Equal((42, 3), (value, calls));
        Assert.Equal(2, log.Lines.Count(l => l.Contains("could not serialize access", StringComparison.Ordinal) && l.Contains("retry", StringComparison.Ordinal)));

        calls = 0;
        Assert.Throws<PostgresException>(() => t.Store.Run<int>(log, _ => { calls++; throw new PostgresException("duplicate key", "ERROR", "ERROR", "23505"); }, default));
        Assert.Equal(1, calls);
    }
}
