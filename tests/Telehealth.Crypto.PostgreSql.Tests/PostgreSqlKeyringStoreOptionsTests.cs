namespace Telehealth.Crypto.PostgreSql.Tests;

/// <summary>Options validation; these need no database.</summary>
public sealed class PostgreSqlKeyringStoreOptionsTests
{
    private const string AnyServer = "Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres";

    [Fact]
    public void Defaults_are_documented_values()
    {
        var options = new PostgreSqlKeyringStoreOptions();

        Assert.Null(options.ConnectionString);
        Assert.Equal("telehealth", options.Schema);
        Assert.True(options.CreateSchemaIfMissing);
        Assert.Equal(TimeSpan.FromSeconds(15), options.CommandTimeout);
    }

    [Fact]
    public void A_missing_connection_string_is_reported_exactly()
    {
        var result = new PostgreSqlKeyringStoreOptionsValidator().Validate(null, new PostgreSqlKeyringStoreOptions());

        Assert.True(result.Failed);
        Assert.Equal("PostgreSqlKeyringStoreOptions.ConnectionString is required.", result.FailureMessage);
    }

    [Fact]
    public void Every_problem_is_listed_in_one_message_without_the_password()
    {
        var options = new PostgreSqlKeyringStoreOptions { ConnectionString = "Port=5432;Password=secret-value", Schema = "Keys-1", CommandTimeout = TimeSpan.Zero };

        var result = new PostgreSqlKeyringStoreOptionsValidator().Validate(null, options);

        Assert.Equal(
            "PostgreSqlKeyringStoreOptions.ConnectionString names no Host.; "
            + "PostgreSqlKeyringStoreOptions.Schema must be 1 to 63 lowercase letters, digits or underscores, not starting with a digit.; "
            + "PostgreSqlKeyringStoreOptions.CommandTimeout must be between 1 second and 1 hour.",
            result.FailureMessage);
        Assert.DoesNotContain("secret-value", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Host=db;Password=secret-value;Bogus Keyword=1")]
    [InlineData("not a connection string")]
    public void A_malformed_connection_string_is_reported_without_repeating_it(string connectionString)
    {
        var result = new PostgreSqlKeyringStoreOptionsValidator().Validate(null, new PostgreSqlKeyringStoreOptions { ConnectionString = connectionString });

        Assert.Equal("PostgreSqlKeyringStoreOptions.ConnectionString is not a valid Npgsql connection string.", result.FailureMessage);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1keys")]
    [InlineData("key ring")]
    [InlineData("keys\";drop")]
    [InlineData("Keys")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void Schema_names_that_are_not_plain_identifiers_are_refused(string schema)
    {
        var result = new PostgreSqlKeyringStoreOptionsValidator().Validate(null, new PostgreSqlKeyringStoreOptions { ConnectionString = AnyServer, Schema = schema });

        Assert.Equal("PostgreSqlKeyringStoreOptions.Schema must be 1 to 63 lowercase letters, digits or underscores, not starting with a digit.", result.FailureMessage);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(999)]
    [InlineData(3_600_001)]
    public void Command_timeouts_outside_one_second_to_one_hour_are_refused(int milliseconds)
    {
        var result = new PostgreSqlKeyringStoreOptionsValidator().Validate(null, new PostgreSqlKeyringStoreOptions { ConnectionString = AnyServer, CommandTimeout = TimeSpan.FromMilliseconds(milliseconds) });

        Assert.Equal("PostgreSqlKeyringStoreOptions.CommandTimeout must be between 1 second and 1 hour.", result.FailureMessage);
    }

    [Theory]
    [InlineData("_keys", 1_000)]
    [InlineData("telehealth_keys_2", 3_600_000)]
    public void Valid_options_pass(string schema, int commandTimeoutMilliseconds)
    {
        var options = new PostgreSqlKeyringStoreOptions { ConnectionString = AnyServer, Schema = schema, CommandTimeout = TimeSpan.FromMilliseconds(commandTimeoutMilliseconds) };

        Assert.True(new PostgreSqlKeyringStoreOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void The_constructor_refuses_invalid_options_with_the_same_message()
    {
        Assert.Throws<ArgumentNullException>("options", () => new PostgreSqlKeyringStore(null!));
        var error = Assert.Throws<ArgumentException>("options", () => new PostgreSqlKeyringStore(new PostgreSqlKeyringStoreOptions()));

        Assert.StartsWith("PostgreSqlKeyringStoreOptions.ConnectionString is required.", error.Message, StringComparison.Ordinal);
    }
}
