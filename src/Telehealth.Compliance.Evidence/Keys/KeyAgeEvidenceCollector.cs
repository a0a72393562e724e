using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Telehealth.Crypto;

namespace Telehealth.Compliance.Evidence;

/// <summary>
/// Measures the age of a keyring's primary key-encryption key, from when it was promoted, against the rotation period
/// plus <see cref="ComplianceEvidenceOptions.KeyRotationGracePeriod"/>: evidence that encryption keys are rotated
/// (164.312(a)(2)(iv)) as the risk management plan says (164.308(a)(1)(ii)(B)). It re-reads the keyring store and
/// reports a keyring that cannot be read, or has no primary version, as a gap.
/// </summary>
public sealed class KeyAgeEvidenceCollector : IEvidenceCollector
{
    /// <summary>The id of the evidence item this collector produces.</summary>
    public const string EvidenceId = "crypto.kek.primary-age";

    /// <summary>The name of the metric, in days.</summary>
    public const string MetricName = "crypto.kek.primary-age";

    private readonly Keyring _keyring;
    private readonly TimeSpan _rotationPeriod;
    private readonly IReadOnlyList<string> _citations;
    private readonly ComplianceEvidenceOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="KeyAgeEvidenceCollector"/> class.</summary>
    /// <param name="keyring">The keyring.</param>
    /// <param name="rotationPeriod">The keyring's rotation period (<see cref="KeyringOptions.RotationPeriod"/>).</param>
    /// <param name="catalog">The catalog the citations are checked against.</param>
    /// <param name="options">The thresholds; the defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="logger">The logger.</param>
    public KeyAgeEvidenceCollector(
        Keyring keyring,
        TimeSpan rotationPeriod,
        SecurityRuleCatalog catalog,
        ComplianceEvidenceOptions? options = null,
        TimeProvider? timeProvider = null,
        ILogger<KeyAgeEvidenceCollector>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(keyring);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(rotationPeriod, TimeSpan.Zero);
        _citations = EvidenceText.Citations(catalog, "164.312(a)(2)(iv)", "164.308(a)(1)(ii)(B)");
        _keyring = keyring;
        _rotationPeriod = rotationPeriod;
        _options = options ?? new ComplianceEvidenceOptions();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public string Name => "telehealth.crypto.key-age";

    /// <inheritdoc />
    public async Task<IReadOnlyList<EvidenceItem>> CollectAsync(CancellationToken cancellationToken)
    {
        using var activity = EvidenceTelemetry.StartCollection(Name);
        EvidenceItem item;
        try
        {
            await _keyring.RefreshAsync(cancellationToken).ConfigureAwait(false);
            item = Measure(_keyring.Current);
        }
        catch (Exception ex) when (ex is CryptoException or IOException)
        {
            Log.SourceUnreadable(_logger, Name, ex is CryptoException c ? c.Code : ex.GetType().Name, ex);
            item = Gap($"The keyring '{_keyring.Id}' could not be read ({(ex is CryptoException ce ? ce.Code : "I/O error")}), so the age of its primary key is unknown.");
        }

        return EvidenceTelemetry.Collected(_logger, activity, Name, item);
    }

    private EvidenceItem Measure(KeyringDocument keyring)
    {
        if (keyring.FindPrimary() is not { } primary)
        {
            return Gap($"The keyring '{keyring.KeyringId}' has no primary key-encryption key.");
        }

        var now = _timeProvider.GetUtcNow();
        var limit = _rotationPeriod + _options.KeyRotationGracePeriod;
        var threshold = MetricThreshold.AtMost((decimal)limit.TotalDays);
        var age = EvidenceText.Round((decimal)(now - (primary.PromotedAt ?? primary.CreatedAt)).TotalDays, threshold);
        var description = $"Age of primary key-encryption key v{primary.Version} of keyring '{keyring.KeyringId}' ({primary.Provider} provider); "
            + $"rotation period {EvidenceText.Duration(_rotationPeriod)}, grace {EvidenceText.Duration(_options.KeyRotationGracePeriod)}, threshold {threshold} days.";
        return EvidenceText.Item(EvidenceId, Name, EvidenceKind.RuntimeMeasurement, _citations,
            EvidenceText.Metric(description, MetricName, age, "days"), EvidenceText.Judge(age, threshold), now, _options.EvidenceLifetime);
    }

    private EvidenceItem Gap(string description) =>
        EvidenceText.Item(EvidenceId, Name, EvidenceKind.RuntimeMeasurement, _citations, EvidenceText.Text(description),
            EvidenceOutcome.NotSatisfied, _timeProvider.GetUtcNow(), _options.EvidenceLifetime);
}
