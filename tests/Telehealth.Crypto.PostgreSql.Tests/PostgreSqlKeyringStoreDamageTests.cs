namespace Telehealth.Crypto.PostgreSql.Tests;

/// <summary>Rows changed behind the store's back in a real PostgreSQL database are refused with TH2039, like a damaged keyring file.</summary>
public sealed class PostgreSqlKeyringStoreDamageTests(PostgreSqlTestDatabase database) : IClassFixture<PostgreSqlTestDatabase>
{
    public static TheoryData<string, string> Damage => new()
    {
        { "UPDATE {0}.keyring_versions SET state = 'Compromised' WHERE version = 3", "has an unknown state" },
        { "UPDATE {0}.keyring_versions SET state = '2' WHERE version = 3", "has an unknown state" },
        { "UPDATE {0}.keyring_versions SET state = 'primary' WHERE version = 3", "has an unknown state" },
        { "UPDATE {0}.keyring_versions SET state = 'Primary' WHERE version = 3", "has more than one primary version" },
        { "UPDATE {0}.keyring_versions SET provider_reference = '' WHERE version = 2", "has a live version without a key reference" },
        { "UPDATE {0}.keyring_versions SET provider = '' WHERE version = 2", "has an invalid or out-of-order version" },
        { "UPDATE {0}.keyring_versions SET version = 0 WHERE version = 1", "has an invalid or out-of-order version" },
        { "UPDATE {0}.keyring_versions SET created_at = 'yesterday' WHERE version = 4", "has an invalid timestamp" },
        { "UPDATE {0}.keyring_versions SET promoted_at = '2026-13-01T00:00:00.0000000+00:00' WHERE version = 4", "has an invalid timestamp" },
        { "UPDATE {0}.keyring_versions SET state_changed_at = '' WHERE version = 4", "has an invalid timestamp" },
        { "UPDATE {0}.keyrings SET revision = 0", "has an invalid revision, version list or minimum version" },
        { "UPDATE {0}.keyrings SET minimum_decryption_version = -1", "has an invalid revision, version list or minimum version" },
    };

    [SkippableTheory]
    [MemberData(nameof(Damage))]
    public async Task A_damaged_row_fails_the_load_with_TH2039_and_names_no_provider_reference(string sql, string reason)
    {
        var options = database.NewSchema();
        await using var store = new PostgreSqlKeyringStore(options);
        Assert.True(await store.TryWriteAsync(TestKeyrings.EveryState("damaged"), 0));

        await database.ExecuteAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, $"\"{options.Schema}\""));

        var error = await Assert.ThrowsAsync<CryptoException>(async () => await store.LoadAsync("damaged"));
        Assert.Equal("TH2039", error.Code);
        Assert.StartsWith("TH2039: The keyring store is damaged: keyring 'damaged' ", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sealed-key", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_version_row_of_a_keyring_with_no_keyring_row_is_not_a_keyring()
    {
        var options = database.NewSchema();
        await using var store = new PostgreSqlKeyringStore(options);
        Assert.True(await store.TryWriteAsync(TestKeyrings.EveryState("orphan"), 0));

        // The foreign key cascades, so deleting the keyring row takes its versions with it.
        await database.ExecuteAsync($"DELETE FROM \"{options.Schema}\".keyrings WHERE keyring_id = 'orphan'");

        Assert.Null(await store.LoadAsync("orphan"));
        Assert.True(await store.TryWriteAsync(TestKeyrings.WithPrimary("orphan", 1, "again"), 0));
    }
}
