using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Telehealth.Audit;

namespace Telehealth.Compliance.Evidence;

/// <summary>
/// Verifies the audit log held by an <see cref="IAuditStore"/> with <see cref="AuditVerifier"/> against trusted checkpoint
/// keys, and measures the age of the last checkpoint signed by one of them. It produces two items:
/// <see cref="VerificationEvidenceId"/> (a test result: pass, or the failure kind and position; never record contents)
/// for 164.312(b) and 164.312(c)(1), and <see cref="CheckpointAgeEvidenceId"/> for 164.312(c)(1) and 164.312(b), a gap
/// when the last trusted checkpoint is older than <see cref="ComplianceEvidenceOptions.MaxCheckpointAge"/> and entries
/// were appended after it, or when entries exist but no trusted checkpoint does.
/// </summary>
public sealed class AuditLogEvidenceCollector : IEvidenceCollector
{
    /// <summary>The id of the verification evidence item.</summary>
    public const string VerificationEvidenceId = "audit.log-verification";

    /// <summary>The id of the checkpoint age evidence item.</summary>
    public const string CheckpointAgeEvidenceId = "audit.checkpoint-age";

    /// <summary>The name of the verification metric: entries verified, as a count.</summary>
    public const string VerifiedEntriesMetricName = "audit.log.verified-entries";

    /// <summary>The name of the checkpoint age metric, in minutes.</summary>
    public const string CheckpointAgeMetricName = "audit.checkpoint.age";

    private readonly IAuditStore _store;
    private readonly CheckpointVerifierKey[] _trustedKeys;
    private readonly IReadOnlyList<string> _verificationCitations;
    private readonly IReadOnlyList<string> _checkpointCitations;
    private readonly ComplianceEvidenceOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="AuditLogEvidenceCollector"/> class.</summary>
    /// <param name="store">The audit store.</param>
    /// <param name="trustedKeys">The verifier keys whose checkpoints are trusted.</param>
    /// <param name="catalog">The catalog the citations are checked against.</param>
    /// <param name="options">The thresholds; the defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="logger">The logger.</param>
    public AuditLogEvidenceCollector(
        IAuditStore store,
        IEnumerable<CheckpointVerifierKey> trustedKeys,
        SecurityRuleCatalog catalog,
        ComplianceEvidenceOptions? options = null,
        TimeProvider? timeProvider = null,
        ILogger<AuditLogEvidenceCollector>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(trustedKeys);
        _trustedKeys = [.. trustedKeys];
        foreach (var key in _trustedKeys)
        {
            ArgumentNullException.ThrowIfNull(key, nameof(trustedKeys));
        }

        _verificationCitations = EvidenceText.Citations(catalog, "164.312(b)", "164.312(c)(1)");
        _checkpointCitations = EvidenceText.Citations(catalog, "164.312(c)(1)", "164.312(b)");
        _store = store;
        _options = options ?? new ComplianceEvidenceOptions();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public string Name => "telehealth.audit.verification";

    /// <inheritdoc />
    public async Task<IReadOnlyList<EvidenceItem>> CollectAsync(CancellationToken cancellationToken)
    {
        using var activity = EvidenceTelemetry.StartCollection(Name);
        EvidenceItem verification, checkpointAge;
        try
        {
            var result = await AuditVerifier.VerifyAsync(_store, _trustedKeys, cancellationToken).ConfigureAwait(false);
            var now = _timeProvider.GetUtcNow();
            verification = Verification(result, now);
            var count = await _store.GetCountAsync(cancellationToken).ConfigureAwait(false);
            checkpointAge = CheckpointAge(await LatestTrustedCheckpointAsync(cancellationToken).ConfigureAwait(false), count, now);
        }
        catch (Exception ex) when (ex is AuditException or IOException)
        {
            var reason = ex is AuditException { Code: { } code } ? code : "I/O error";
            Log.SourceUnreadable(_logger, Name, reason, ex);
            var now = _timeProvider.GetUtcNow();
            verification = Gap(VerificationEvidenceId, EvidenceKind.TestResult, _verificationCitations, $"The audit log could not be read ({reason}), so it was not verified.", now);
            checkpointAge = Gap(CheckpointAgeEvidenceId, EvidenceKind.RuntimeMeasurement, _checkpointCitations, $"The audit log could not be read ({reason}), so the age of its last checkpoint is unknown.", now);
        }

        return EvidenceTelemetry.Collected(_logger, activity, Name, verification, checkpointAge);
    }

    private EvidenceItem Verification(AuditVerificationResult result, DateTimeOffset now)
    {
        var description = result.IsValid
            ? string.Create(CultureInfo.InvariantCulture, $"The audit log verified: {result.EntriesVerified} entries and {result.Checkpoints.Count} signed checkpoints, against {_trustedKeys.Length} trusted keys.")
            : string.Create(CultureInfo.InvariantCulture, $"The audit log failed verification: {result.Failure} at position {result.Position}; {result.EntriesVerified} entries verified before it.");
        return EvidenceText.Item(VerificationEvidenceId, Name, EvidenceKind.TestResult, _verificationCitations,
            EvidenceText.Metric(description, VerifiedEntriesMetricName, result.EntriesVerified, "count"),
            result.IsValid ? EvidenceOutcome.Satisfied : EvidenceOutcome.NotSatisfied, now, _options.EvidenceLifetime);
    }

    private EvidenceItem CheckpointAge(Checkpoint? latest, long entries, DateTimeOffset now)
    {
        if (latest is null)
        {
            return entries == 0
                ? EvidenceText.Item(CheckpointAgeEvidenceId, Name, EvidenceKind.RuntimeMeasurement, _checkpointCitations,
                    EvidenceText.Text("The audit log holds no entries and no checkpoint yet."), EvidenceOutcome.Informational, now, _options.EvidenceLifetime)
                : Gap(CheckpointAgeEvidenceId, EvidenceKind.RuntimeMeasurement, _checkpointCitations,
                    string.Create(CultureInfo.InvariantCulture, $"The audit log holds {entries} entries but no checkpoint signed by a trusted key."), now);
        }

        var threshold = MetricThreshold.AtMost((decimal)_options.MaxCheckpointAge.TotalMinutes);
        var age = EvidenceText.Round((decimal)(now - latest.Timestamp).TotalMinutes, threshold);
        var uncovered = Math.Max(0, entries - latest.TreeSize);
        var outcome = uncovered == 0 || threshold.IsMetBy(age) ? EvidenceOutcome.Satisfied : EvidenceOutcome.NotSatisfied;
        var description = string.Create(CultureInfo.InvariantCulture,
            $"Age of the last trusted signed checkpoint, covering {latest.TreeSize} of {entries} entries ({uncovered} appended after it); threshold {threshold} minutes while entries are uncovered.");
        return EvidenceText.Item(CheckpointAgeEvidenceId, Name, EvidenceKind.RuntimeMeasurement, _checkpointCitations,
            EvidenceText.Metric(description, CheckpointAgeMetricName, age, "minutes"), outcome, now, _options.EvidenceLifetime);
    }

    /// <summary>The checkpoint with the latest timestamp among those a trusted key signed; malformed or untrusted notes are skipped (verification reports them).</summary>
    private async Task<Checkpoint?> LatestTrustedCheckpointAsync(CancellationToken cancellationToken)
    {
        Checkpoint? latest = null;
        await foreach (var note in _store.ReadCheckpointsAsync(cancellationToken).ConfigureAwait(false))
        {
            SignedCheckpoint signed;
            try
            {
                signed = SignedCheckpoint.Parse(note);
            }
            catch (AuditFormatException)
            {
                continue;
            }

            if (signed.IsSignedByAny(_trustedKeys) && (latest is null || signed.Checkpoint.Timestamp > latest.Timestamp))
            {
                latest = signed.Checkpoint;
            }
        }

        return latest;
    }

    private EvidenceItem Gap(string id, EvidenceKind kind, IReadOnlyList<string> citations, string description, DateTimeOffset now) =>
        EvidenceText.Item(id, Name, kind, citations, EvidenceText.Text(description), EvidenceOutcome.NotSatisfied, now, _options.EvidenceLifetime);
}
