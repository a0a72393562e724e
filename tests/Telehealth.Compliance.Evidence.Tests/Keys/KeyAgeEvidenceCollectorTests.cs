namespace Telehealth.Compliance.Evidence.Tests.Keys;

/// <summary>The key age collector against a real keyring on the file store with the local provider.</summary>
public sealed class KeyAgeEvidenceCollectorTests : IDisposable
{
    private readonly KeyringHost _host = new();

    public void Dispose() => _host.Dispose();

    private KeyAgeEvidenceCollector Collector(ComplianceEvidenceOptions? options = null) =>
        new(_host.Keyring, TimeSpan.FromDays(90), Collecting.Catalog, options, _host.Time);

    [Fact]
    public async Task A_fresh_primary_key_is_within_the_rotation_period()
    {
        _host.Time.Advance(TimeSpan.FromDays(10) + TimeSpan.FromHours(6));

        var item = await Collecting.CollectOneAsync(Collector(), _host.Time);

        Assert.Equal("crypto.kek.primary-age", item.Id);
        Assert.Equal("telehealth.crypto.key-age", item.Source);
        Assert.Equal(EvidenceKind.RuntimeMeasurement, item.Kind);
        Assert.Equal(EvidenceOutcome.Satisfied, item.Outcome);
        Assert.Equal(["164.312(a)(2)(iv)", "164.308(a)(1)(ii)(B)"], item.Citations);
        Assert.Equal("crypto.kek.primary-age", item.Observation.Metric);
        Assert.Equal(10.25m, item.Observation.Value);
        Assert.Equal("days", item.Observation.Unit);
        Assert.Equal(
            "Age of primary key-encryption key v1 of keyring 'default' (local provider); rotation period 90 days, grace 1 day, threshold at most 91 days.",
            item.Observation.Description);
        Assert.Equal(_host.Time.GetUtcNow(), item.CollectedAt);
        Assert.Equal(_host.Time.GetUtcNow().AddDays(1), item.ExpiresAt);
    }

    [Fact]
    public async Task An_old_primary_key_is_a_gap_until_rotation()
    {
        _host.Time.Advance(TimeSpan.FromDays(91) + TimeSpan.FromMinutes(1));

        var old = await Collecting.CollectOneAsync(Collector(), _host.Time);
        Assert.Equal(EvidenceOutcome.NotSatisfied, old.Outcome);
        Assert.Equal(91.01m, old.Observation.Value); // rounded towards the failing side

        await _host.RotateAsync();
        _host.Time.Advance(TimeSpan.FromHours(12));
        var rotated = await Collecting.CollectOneAsync(Collector(), _host.Time);
        Assert.Equal(EvidenceOutcome.Satisfied, rotated.Outcome);
        Assert.Equal(0.5m, rotated.Observation.Value);
        Assert.StartsWith("Age of primary key-encryption key v2 ", rotated.Observation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_grace_period_comes_from_the_options()
    {
        _host.Time.Advance(TimeSpan.FromDays(95));

        var strict = await Collecting.CollectOneAsync(Collector(new ComplianceEvidenceOptions { KeyRotationGracePeriod = TimeSpan.Zero }), _host.Time);
        var lenient = await Collecting.CollectOneAsync(Collector(new ComplianceEvidenceOptions { KeyRotationGracePeriod = TimeSpan.FromDays(7) }), _host.Time);

        Assert.Equal(EvidenceOutcome.NotSatisfied, strict.Outcome);
        Assert.Equal(EvidenceOutcome.Satisfied, lenient.Outcome);
    }

    [Fact]
    public async Task A_keyring_that_cannot_be_read_is_a_gap_not_an_exception()
    {
        using var other = new KeyringHost("other");
        Directory.Delete(Path.Combine(other.Directory, "keys"), recursive: true);
        var collector = new KeyAgeEvidenceCollector(other.Keyring, TimeSpan.FromDays(90), Collecting.Catalog, timeProvider: other.Time);

        var item = await Collecting.CollectOneAsync(collector, other.Time);

        Assert.Equal(EvidenceOutcome.NotSatisfied, item.Outcome);
        Assert.Null(item.Observation.Metric);
        Assert.StartsWith("The keyring 'other' could not be read (TH", item.Observation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Arguments_are_checked()
    {
        Assert.Throws<ArgumentNullException>("keyring", () => new KeyAgeEvidenceCollector(null!, TimeSpan.FromDays(1), Collecting.Catalog));
        Assert.Throws<ArgumentOutOfRangeException>("rotationPeriod", () => new KeyAgeEvidenceCollector(_host.Keyring, TimeSpan.Zero, Collecting.Catalog));
        Assert.Throws<ArgumentNullException>("catalog", () => new KeyAgeEvidenceCollector(_host.Keyring, TimeSpan.FromDays(1), null!));
    }
}
