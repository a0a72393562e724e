namespace Telehealth.Compliance.Evidence.Tests.Encryption;

/// <summary>The encryption coverage collector against real envelopes and plain values in an in-memory application table.</summary>
public sealed class EncryptionCoverageEvidenceCollectorTests : IDisposable
{
    private readonly KeyringHost _host = new();
    private readonly MemoryEnvelopeStore _store = new();

    public void Dispose() => _host.Dispose();

    private EncryptionCoverageEvidenceCollector Collector(ComplianceEvidenceOptions? options = null) =>
        new(_store, Collecting.Catalog, options, _host.Time);

    [Fact]
    public async Task Every_value_an_envelope_is_full_coverage()
    {
        for (var i = 0; i < 5; i++)
        {
            _store.Put($"r-{i}", _host.Encrypt($"r-{i}"));
        }

        var item = await Collecting.CollectOneAsync(Collector(), _host.Time);

        Assert.Equal("crypto.encryption-coverage", item.Id);
        Assert.Equal("telehealth.crypto.encryption-coverage", item.Source);
        Assert.Equal(EvidenceOutcome.Satisfied, item.Outcome);
        Assert.Equal(["164.312(a)(2)(iv)"], item.Citations);
        Assert.Equal(100m, item.Observation.Value);
        Assert.Equal("percent", item.Observation.Unit);
        Assert.Equal("Share of stored values that are envelopes: 5 of 5; threshold at least 100 percent.", item.Observation.Description);
    }

    [Fact]
    public async Task Unencrypted_values_are_a_gap_and_never_rounded_up()
    {
        _store.Put("r-1", _host.Encrypt("r-1"));
        _store.Put("r-2", _host.Encrypt("r-2"));
        _store.Put("r-3", "Jane Doe, DOB 1970-01-01"u8.ToArray());

        var item = await Collecting.CollectOneAsync(Collector(), _host.Time);

        Assert.Equal(EvidenceOutcome.NotSatisfied, item.Outcome);
        Assert.Equal(66.66m, item.Observation.Value);
        Assert.Equal("Share of stored values that are envelopes: 2 of 3; threshold at least 100 percent.", item.Observation.Description);
        Assert.DoesNotContain("Jane", item.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_threshold_comes_from_the_options()
    {
        for (var i = 0; i < 9; i++)
        {
            _store.Put($"r-{i}", _host.Encrypt($"r-{i}"));
        }

        _store.Put("legacy", "plain"u8.ToArray());

        var item = await Collecting.CollectOneAsync(Collector(new ComplianceEvidenceOptions { MinimumEncryptionCoveragePercent = 90m }), _host.Time);

        Assert.Equal(EvidenceOutcome.Satisfied, item.Outcome);
        Assert.Equal(90m, item.Observation.Value);
    }

    [Fact]
    public async Task An_empty_store_is_informational()
    {
        var item = await Collecting.CollectOneAsync(Collector(), _host.Time);

        Assert.Equal(EvidenceOutcome.Informational, item.Outcome);
        Assert.Equal("Share of stored values that are envelopes: 0 of 0; threshold at least 100 percent.", item.Observation.Description);
    }

    [Fact]
    public async Task Collection_is_cancellable()
    {
        _store.Put("r-1", _host.Encrypt("r-1"));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Collector().CollectAsync(new CancellationToken(canceled: true)));
    }
}
