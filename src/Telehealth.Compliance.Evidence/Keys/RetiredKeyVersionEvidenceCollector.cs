using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Telehealth.Crypto;

namespace Telehealth.Compliance.Evidence;

/// <summary>
/// Counts what a keyring still wraps under versions other than the primary or a pending one, by the keyring's own census
/// (<see cref="Keyring.TakeCensusAsync"/>): the records of every envelope store registered with it, the subject keys and
/// the integrity keys, the same things its retirement checks count. Records and keys under a disabled or destroyed
/// version, under a version below the minimum decryption version, or under a version the keyring does not know cannot be
/// decrypted: any such value is a gap (164.312(a)(2)(iv), and 164.312(c)(1) because the data is as good as destroyed).
/// Values under decrypt-only versions are readable but await rewrap: the evidence is informational. Only counts per
/// version and source are reported, never record keys.
/// </summary>
public sealed class RetiredKeyVersionEvidenceCollector : IEvidenceCollector
{
    /// <summary>The id of the evidence item this collector produces.</summary>
    public const string EvidenceId = "crypto.kek.retired-version-records";

    /// <summary>The name of the metric: records that cannot be decrypted, as a count.</summary>
    public const string MetricName = "crypto.kek.undecryptable-records";

    private readonly Keyring _keyring;
    private readonly IReadOnlyList<string> _citations;
    private readonly ComplianceEvidenceOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="RetiredKeyVersionEvidenceCollector"/> class.</summary>
    /// <param name="keyring">The keyring; register the application's envelope stores with it (<see cref="Keyring.AddEnvelopeStore"/>, or in the container).</param>
    /// <param name="catalog">The catalog the citations are checked against.</param>
    /// <param name="options">The lifetime of the evidence; the defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="logger">The logger.</param>
    public RetiredKeyVersionEvidenceCollector(
        Keyring keyring,
        SecurityRuleCatalog catalog,
        ComplianceEvidenceOptions? options = null,
        TimeProvider? timeProvider = null,
        ILogger<RetiredKeyVersionEvidenceCollector>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(keyring);
        _citations = EvidenceText.Citations(catalog, "164.312(a)(2)(iv)", "164.312(c)(1)");
        _keyring = keyring;
        _options = options ?? new ComplianceEvidenceOptions();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public string Name => "telehealth.crypto.retired-key-versions";

    /// <inheritdoc />
    public async Task<IReadOnlyList<EvidenceItem>> CollectAsync(CancellationToken cancellationToken)
    {
        using var activity = EvidenceTelemetry.StartCollection(Name);
        EvidenceItem item;
        try
        {
            await _keyring.RefreshAsync(cancellationToken).ConfigureAwait(false);
            var keyring = _keyring.Current;
            var census = await _keyring.TakeCensusAsync(cancellationToken).ConfigureAwait(false);
            item = Measure(keyring, census);
        }
        catch (Exception ex) when (ex is CryptoException or IOException)
        {
            Log.SourceUnreadable(_logger, Name, ex is CryptoException c ? c.Code : ex.GetType().Name, ex);
            item = EvidenceText.Item(EvidenceId, Name, EvidenceKind.RuntimeMeasurement, _citations,
                EvidenceText.Text($"The keyring '{_keyring.Id}' or what it wraps could not be read ({(ex is CryptoException ce ? ce.Code : "I/O error")}), so records on retired key versions are unknown."),
                EvidenceOutcome.NotSatisfied, _timeProvider.GetUtcNow(), _options.EvidenceLifetime);
        }

        return EvidenceTelemetry.Collected(_logger, activity, Name, item);
    }

    private EvidenceItem Measure(KeyringDocument keyring, KeyVersionCensusResult census)
    {
        long undecryptable = 0, awaitingRewrap = 0;
        var parts = new List<string>();
        foreach (var counts in census.Versions.Where(v => string.Equals(v.KeyringId, keyring.KeyringId, StringComparison.Ordinal)).GroupBy(v => v.Version))
        {
            var number = counts.Key;
            var records = counts.Sum(c => c.Records);
            var version = keyring.Find(number);
            string state;
            if (version is null)
            {
                state = "unknown to the keyring";
                undecryptable += records;
            }
            else if (version.State is KeyEncryptionKeyState.Disabled or KeyEncryptionKeyState.Destroyed)
            {
                state = version.State.ToString();
                undecryptable += records;
            }
            else if (number < keyring.MinimumDecryptionVersion)
            {
                state = $"{version.State}, below minimum decryption version {keyring.MinimumDecryptionVersion.ToString(CultureInfo.InvariantCulture)}";
                undecryptable += records;
            }
            else if (version.State == KeyEncryptionKeyState.DecryptOnly)
            {
                state = version.State.ToString();
                awaitingRewrap += records;
            }
            else
            {
                continue;
            }

            var sources = string.Join(", ", counts.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Records} {c.Source}")));
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"v{number} {state}: {sources}"));
        }

        var outcome = undecryptable > 0 ? EvidenceOutcome.NotSatisfied
            : awaitingRewrap > 0 ? EvidenceOutcome.Informational
            : EvidenceOutcome.Satisfied;
        var description = string.Create(CultureInfo.InvariantCulture,
            $"Records and keys of keyring '{keyring.KeyringId}' on versions other than the primary: {undecryptable} cannot be decrypted, {awaitingRewrap} await rewrap")
            + (parts.Count == 0 ? "." : $" ({string.Join("; ", parts)}).")
            + (census.Shredded > 0 ? string.Create(CultureInfo.InvariantCulture, $" {census.Shredded} records of shredded subjects need no key.") : string.Empty)
            + (census.Unreadable > 0 ? string.Create(CultureInfo.InvariantCulture, $" {census.Unreadable} values could not be read, so the version they need is unknown.") : string.Empty);
        return EvidenceText.Item(EvidenceId, Name, EvidenceKind.RuntimeMeasurement, _citations,
            EvidenceText.Metric(description, MetricName, undecryptable, "count"), outcome, census.TakenAt, _options.EvidenceLifetime);
    }
}
