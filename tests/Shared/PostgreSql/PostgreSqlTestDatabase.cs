using Npgsql;

namespace Telehealth.Testing;

/// <summary>
/// A fresh PostgreSQL database for one test class, created on the server named by
/// <c>TELEHEALTH_TEST_POSTGRES</c> and dropped afterwards. Without the variable the tests skip,
/// except under <c>CI=true</c>, where they fail: CI must never pass by skipping the real database.
/// Each PostgreSQL test project adds the options of its own store (a new schema per test) as an extension.
/// </summary>
public sealed class PostgreSqlTestDatabase : IAsyncLifetime
{
    public const string Variable = "TELEHEALTH_TEST_POSTGRES";

    private readonly string? _server = Environment.GetEnvironmentVariable(Variable);
    private readonly string _name = "th_test_" + Guid.NewGuid().ToString("N")[..16];
    private string? _connectionString;

    /// <summary>Gets the message given when no server is configured.</summary>
    public static string MissingServerMessage =>
        $"These tests need a real PostgreSQL server: set the environment variable {Variable} to an Npgsql connection string, e.g. Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres.";

    /// <summary>Gets the connection string of the test database, or skips (fails under CI) without a server.</summary>
    public string ConnectionString
    {
        get
        {
            if (_connectionString is null)
            {
                if (Environment.GetEnvironmentVariable("CI") == "true")
                {
                    Assert.Fail(MissingServerMessage);
                }

                Skip.If(true, MissingServerMessage);
            }

            return _connectionString!;
        }
    }

    /// <summary>Opens a connection to the test database, for arranging damage or failures and inspecting tables.</summary>
    public async Task<NpgsqlConnection> OpenAdminConnectionAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Runs SQL against the test database.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAdminConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task InitializeAsync()
    {
        if (string.IsNullOrWhiteSpace(_server))
        {
            return;
        }

        await using (var connection = new NpgsqlConnection(_server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        _connectionString = new NpgsqlConnectionStringBuilder(_server) { Database = _name }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        if (_connectionString is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
