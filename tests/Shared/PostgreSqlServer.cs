using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AttendanceTools.Tests.Shared;

/// <summary>
/// The PostgreSQL server the conformance tests use: the connection string in ATTENDANCETOOLS_POSTGRESQL
/// when set, else a throwaway cluster of the Debian package's binaries (initdb in a temporary folder,
/// pg_ctl on a free loopback port, run as the postgres user when the tests run as root), started on first
/// use and stopped and deleted when the test process ends. Neither: <see cref="SkipReason"/> says why.
/// The benchmark links this file too (bench -provider postgresql), so it needs nothing of xunit.
/// </summary>
public static class PostgreSqlServer
{
    public const string Variable = "ATTENDANCETOOLS_POSTGRESQL";
    public const string BinDir = "/usr/lib/postgresql/15/bin";

    private static readonly Lazy<string> Server = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
    private static string? _folder;

    /// <summary>Null when a server is available; else the reason the PostgreSQL tests are skipped.</summary>
    public static string? SkipReason =>
        !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)) || File.Exists(Path.Combine(BinDir, "initdb"))
            ? null
            : $"No PostgreSQL: set {Variable} to a connection string of a server whose login may create databases, or install the postgresql-15 package ({BinDir}/initdb); .ci/run installs it.";

    /// <summary>The server's connection string (no database): starts the throwaway cluster on first use.</summary>
    public static string ConnectionString => Server.Value;

    /// <summary>A connection string of <paramref name="database"/> on the server.</summary>
    public static string For(string database) => ConnectionString.TrimEnd(';') + ";Database=" + database;

    private static string Start()
    {
        var given = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(given)) return given;

        var asRoot = Environment.UserName == "root";
        _folder = Directory.CreateTempSubdirectory("attendancetools-pg-").FullName;
        var data = Path.Combine(_folder, "data");
        // The server refuses to run as root: the cluster belongs to postgres, and so must its folder.
        if (asRoot) Run("chown", ["-R", "postgres:postgres", _folder]);
        var port = FreePort();
        Pg("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"], asRoot);
        Pg("pg_ctl", ["-D", data, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60", "-o",
            $"-p {port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", "start"], asRoot);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(data, asRoot);
        return $"Host=127.0.0.1;Port={port};Username=postgres;Timeout=30;Command Timeout=300";
    }

    private static void Stop(string data, bool asRoot)
    {
        try { Pg("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"], asRoot); } catch (InvalidOperationException) { }
        try { if (_folder is not null) Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static void Pg(string tool, string[] args, bool asRoot)
    {
        var exe = Path.Combine(BinDir, tool);
        if (asRoot) Run("runuser", ["-u", "postgres", "--", exe, .. args]);
        else Run(exe, args);
    }

    private static void Run(string file, string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetTempPath() };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info) ?? throw new InvalidOperationException($"Cannot start {file}.");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {p.ExitCode}: {stderr} {stdout.Result}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A new, empty database on <see cref="PostgreSqlServer"/>, dropped (with its sessions) on dispose.</summary>
public sealed class PostgreSqlDatabase : IDisposable
{
    private PostgreSqlDatabase(string name) => Name = name;

    public string Name { get; }
    public string ConnectionString => PostgreSqlServer.For(Name);

    public static PostgreSqlDatabase Create()
    {
        var db = new PostgreSqlDatabase("at_" + Guid.NewGuid().ToString("N")[..16]);
        Admin($"CREATE DATABASE {db.Name}");
        return db;
    }

    public void Dispose()
    {
        Npgsql.NpgsqlConnection.ClearPool(new Npgsql.NpgsqlConnection(ConnectionString));
        try { Admin($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)"); } catch (Npgsql.NpgsqlException) { }
    }

    private static void Admin(string sql)
    {
        using var c = new Npgsql.NpgsqlConnection(PostgreSqlServer.For("postgres"));
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
