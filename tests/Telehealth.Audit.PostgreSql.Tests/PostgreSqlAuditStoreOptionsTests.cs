namespace Telehealth.Audit.PostgreSql.Tests;

/// <summary>Options validation and argument checks; these need no database.</summary>
public sealed class PostgreSqlAuditStoreOptionsTests
{
    private const string AnyServer = "Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres";

    [Fact]
    public void Defaults_are_documented_values()
    {
        var options = new PostgreSqlAuditStoreOptions();

        Assert.Null(options.ConnectionString);
        Assert.Equal("telehealth_audit", options.Schema);
        Assert.Equal(512, options.MaxBatchSize);
    }

    [Fact]
    public void A_missing_connection_string_is_reported_exactly()
    {
        var result = new PostgreSqlAuditStoreOptionsValidator().Validate(null, new PostgreSqlAuditStoreOptions());

        Assert.True(result.Failed);
        Assert.Equal("PostgreSqlAuditStoreOptions.ConnectionString is required.", result.FailureMessage);
    }

    [Fact]
    public void Every_problem_is_listed_in_one_message()
    {
        var options = new PostgreSqlAuditStoreOptions { ConnectionString = "Port=5432;Password=secret-value", Schema = "Audit-Log", MaxBatchSize = 0 };

        var result = new PostgreSqlAuditStoreOptionsValidator().Validate(null, options);

        Assert.Equal(
            "PostgreSqlAuditStoreOptions.ConnectionString names no Host.; "
            + "PostgreSqlAuditStoreOptions.Schema must be 1 to 63 lowercase letters, digits or underscores, not starting with a digit.; "
            + "PostgreSqlAuditStoreOptions.MaxBatchSize must be between 1 and 10000.",
            result.FailureMessage);
        Assert.DoesNotContain("secret-value", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Host=db;Bogus Keyword=1")]
    [InlineData("not a connection string")]
    public void A_malformed_connection_string_is_reported_without_repeating_it(string connectionString)
    {
        var result = new PostgreSqlAuditStoreOptionsValidator().Validate(null, new PostgreSqlAuditStoreOptions { ConnectionString = connectionString });

        Assert.Equal("PostgreSqlAuditStoreOptions.ConnectionString is not a valid Npgsql connection string.", result.FailureMessage);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1audit")]
    [InlineData("audit log")]
    [InlineData("audit\";drop")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void Schema_names_that_are_not_plain_identifiers_are_refused(string schema)
    {
        var result = new PostgreSqlAuditStoreOptionsValidator().Validate(null, new PostgreSqlAuditStoreOptions { ConnectionString = AnyServer, Schema = schema });

        Assert.True(result.Failed);
    }

    [Theory]
    [InlineData("_audit", 1)]
    [InlineData("telehealth_audit_2", 10_000)]
    public void Valid_options_pass(string schema, int maxBatchSize)
    {
        var result = new PostgreSqlAuditStoreOptionsValidator().Validate(null, new PostgreSqlAuditStoreOptions { ConnectionString = AnyServer, Schema = schema, MaxBatchSize = maxBatchSize });

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void The_constructor_refuses_invalid_options_with_the_same_message()
    {
        var error = Assert.Throws<ArgumentException>("options", () => new PostgreSqlAuditStore(new PostgreSqlAuditStoreOptions()));

        Assert.StartsWith("PostgreSqlAuditStoreOptions.ConnectionString is required.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Arguments_are_checked_before_any_connection()
    {
        Assert.Throws<ArgumentNullException>("options", () => new PostgreSqlAuditStore(null!));
        await using var store = new PostgreSqlAuditStore(new PostgreSqlAuditStoreOptions { ConnectionString = AnyServer });

        await Assert.ThrowsAsync<ArgumentNullException>("record", async () => await store.AppendAsync(null!));
        Assert.Throws<ArgumentOutOfRangeException>("fromSequence", () => store.ReadAsync(-1));
        await Assert.ThrowsAsync<ArgumentNullException>("checkpoint", async () => await store.AppendCheckpointAsync(null!));
    }
}
