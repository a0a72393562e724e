namespace Telehealth.Compliance.Evidence;

/// <summary>Thresholds and lifetimes of the ready-made evidence collectors, validated at start-up.</summary>
public sealed class ComplianceEvidenceOptions
{
    /// <summary>Gets or sets how long collected evidence stays current; collect again before it expires.</summary>
    /// <value>The default is 1 day.</value>
    public TimeSpan EvidenceLifetime { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Gets or sets how much older than the keyring's rotation period the primary key-encryption key may get before its
    /// age is a gap. Scheduled rotation adds a version once the period has passed and promotes it after the propagation
    /// delay, so a primary is routinely a little older than the period.
    /// </summary>
    /// <value>The default is 1 day.</value>
    public TimeSpan KeyRotationGracePeriod { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Gets or sets the lowest acceptable share, in percent, of stored values that are envelopes.</summary>
    /// <value>The default is 100.</value>
    public decimal MinimumEncryptionCoveragePercent { get; set; } = 100m;

    /// <summary>
    /// Gets or sets the greatest acceptable age of the last signed audit checkpoint while entries exist that it does not
    /// cover. A checkpoint that covers every entry stays acceptable however old it is: nothing was appended since.
    /// </summary>
    /// <value>The default is 1 hour.</value>
    public TimeSpan MaxCheckpointAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets the lowest acceptable share, in percent, of vendors receiving PHI that have an active business associate agreement.</summary>
    /// <value>The default is 100.</value>
    public decimal MinimumBaaCoveragePercent { get; set; } = 100m;

    /// <summary>
    /// Gets the checkpoint verifier keys (<c>name+keyid+base64</c>) whose signatures the audit log collector trusts. When
    /// empty, the collector trusts the keys of the registered <c>AuditLog</c>: its signing key and
    /// <c>AuditOptions.PreviousVerifierKeys</c>. An auditor who does not trust the host should list the keys here.
    /// </summary>
    /// <value>The default is empty.</value>
    public IList<string> TrustedCheckpointKeys { get; } = [];
}
