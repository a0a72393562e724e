namespace Telehealth.Compliance.Evidence.Tests.Keys;

/// <summary>The retired key version collector against a real keyring and real envelopes in an in-memory application table.</summary>
public sealed class RetiredKeyVersionEvidenceCollectorTests : IDisposable
{
    private readonly KeyringHost _host = new();
    private readonly MemoryEnvelopeStore _store = new();

    public void Dispose() => _host.Dispose();

    private RetiredKeyVersionEvidenceCollector Collector()
    {
        _host.Keyring.AddEnvelopeStore("records", _store);
        return new(_host.Keyring, Collecting.Catalog, timeProvider: _host.Time);
    }

    private void Store(string prefix, int count)
    {
        for (var i = 0; i < count; i++)
        {
            _store.Put($"{prefix}-{i}", _host.Encrypt($"{prefix}-{i}"));
        }
    }

    [Fact]
    public async Task Records_only_on_the_primary_satisfy()
    {
        Store("patient", 4);

        var item = await Collecting.CollectOneAsync(Collector(), _host.Time);

        Assert.Equal("crypto.kek.retired-version-records", item.Id);
        Assert.Equal(EvidenceOutcome.Satisfied, item.Outcome);
        Assert.Equal(["164.312(a)(2)(iv)", "164.312(c)(1)"], item.Citations);
        Assert.Equal("crypto.kek.undecryptable-records", item.Observation.Metric);
        Assert.Equal(0m, item.Observation.Value);
        Assert.Equal("count", item.Observation.Unit);
        Assert.Equal("Records and keys of keyring 'default' on versions other than the primary: 0 cannot be decrypted, 0 await rewrap.", item.Observation.Description);
    }

    [Fact]
    public async Task Records_on_a_decrypt_only_version_await_rewrap()
    {
        Store("patient", 3);
        await _host.RotateAsync();
        Store("visit", 2);

        var item = await Collecting.CollectOneAsync(Collector(), _host.Time);

        Assert.Equal(EvidenceOutcome.Informational, item.Outcome);
        Assert.Equal(0m, item.Observation.Value);
        Assert.Equal(
            "Records and keys of keyring 'default' on versions other than the primary: 0 cannot be decrypted, 3 await rewrap (v1 DecryptOnly: 3 records).",
            item.Observation.Description);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Records_on_a_disabled_or_destroyed_version_are_a_gap_reported_as_counts_only(bool destroy)
    {
        // Retirement refuses while a registered store needs the version, so these records reach the
        // collector the way records restored from a backup would: in a store registered afterwards.
        Store("patient", 3);
        await _host.RotateAsync();
        await _host.Keyring.DisableAsync(1);
        if (destroy)
        {
            await _host.Keyring.DestroyAsync(1);
        }

        var item = await Collecting.CollectOneAsync(Collector(), _host.Time);
        Assert.Equal(EvidenceOutcome.NotSatisfied, item.Outcome);
        Assert.Equal(3m, item.Observation.Value);
        Assert.Equal(
            $"Records and keys of keyring 'default' on versions other than the primary: 3 cannot be decrypted, 0 await rewrap (v1 {(destroy ? "Destroyed" : "Disabled")}: 3 records).",
            item.Observation.Description);
        Assert.DoesNotContain("patient", item.Observation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Records_below_the_minimum_decryption_version_are_a_gap()
    {
        Store("patient", 2);
        await _host.RotateAsync();
        await _host.RotateAsync();
        Store("visit", 1);
        await _host.Keyring.SetMinimumDecryptionVersionAsync(2); // before the store is registered, as above

        var item = await Collecting.CollectOneAsync(Collector(), _host.Time);

        Assert.Equal(EvidenceOutcome.NotSatisfied, item.Outcome);
        Assert.Equal(2m, item.Observation.Value);
        Assert.Contains("(v1 DecryptOnly, below minimum decryption version 2: 2 records)", item.Observation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Envelopes_of_other_keyrings_and_plain_values_are_not_counted()
    {
        using var other = new KeyringHost("billing");
        _store.Put("a", other.Encrypt("a"));
        _store.Put("b", "not an envelope"u8.ToArray());
        Store("patient", 1);

        var item = await Collecting.CollectOneAsync(Collector(), _host.Time);

        Assert.Equal(EvidenceOutcome.Satisfied, item.Outcome);
        Assert.Equal(0m, item.Observation.Value);
        Assert.EndsWith(" 1 values could not be read, so the version they need is unknown.", item.Observation.Description, StringComparison.Ordinal);
    }
}
