using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Compliance.Classification;

namespace Telehealth.Audit;

/// <summary>Options of the audit log, validated at start-up.</summary>
public sealed class AuditOptions
{
    /// <summary>
    /// Gets or sets the log origin: the first line of every checkpoint, unique to this log, and the name
    /// of the development signing key. C2SP tlog-checkpoint recommends a schema-less URL such as
    /// <c>audit.clinic.example/log</c> and a signing key named after it, so the origin must be a valid
    /// signed-note key name: no spaces, '+' or control characters.
    /// </summary>
    /// <value>The default is <c>telehealth-audit</c>.</value>
    [Required]
    [StringLength(256, MinimumLength = 1)]
    public string Origin { get; set; } = "telehealth-audit";

    /// <summary>Gets or sets how often a signed checkpoint is made while records arrive.</summary>
    /// <value>The default is 10 seconds.</value>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets after how many records a checkpoint is made, whatever the interval.</summary>
    /// <value>The default is 10,000.</value>
    [Range(1, int.MaxValue)]
    public int CheckpointEveryRecords { get; set; } = 10_000;

    /// <summary>Gets or sets the longest identifier, code or name a record may carry, in characters.</summary>
    /// <value>The default is 256.</value>
    [Range(16, 4096)]
    public int MaxFieldLength { get; set; } = 256;

    /// <summary>Gets or sets the longest free-text justification, in characters.</summary>
    /// <value>The default is 1,024.</value>
    [Range(16, 16384)]
    public int MaxJustificationLength { get; set; } = 1024;

    /// <summary>Gets or sets the most extra fields one record may carry.</summary>
    /// <value>The default is 16.</value>
    [Range(0, 255)]
    public int MaxExtraFields { get; set; } = 16;

    /// <summary>Gets or sets the longest extra field value, in characters.</summary>
    /// <value>The default is 512.</value>
    [Range(1, 16384)]
    public int MaxExtraValueLength { get; set; } = 512;

    /// <summary>Gets the classifications a record must never carry; a field with one of them is rejected.</summary>
    /// <value>The default holds <see cref="AuditTaxonomy.Phi"/>.</value>
    public ISet<DataClassification> ForbiddenClassifications { get; } = new HashSet<DataClassification> { AuditTaxonomy.Phi };

    /// <summary>Gets or sets how long records are kept before retention may archive them.</summary>
    /// <value>The default is six years (2,192 days), the HIPAA documentation retention period.</value>
    public TimeSpan RetentionPeriod { get; set; } = TimeSpan.FromDays(2192);

    /// <summary>
    /// Gets the options of the PHI detector for free text: justifications, outcome reasons and extra
    /// values classified as <see cref="AuditTaxonomy.FreeText"/>.
    /// </summary>
    /// <value>The default detects SSN-, MRN- and date-of-birth-like text and rejects the record.</value>
    public PhiDetectionOptions PhiDetection { get; } = new();

    /// <summary>Gets verifier keys of earlier (rotated) signing keys, so their checkpoints still verify.</summary>
    /// <value>The default is empty; the current signing key is always trusted.</value>
    public IList<CheckpointVerifierKey> PreviousVerifierKeys { get; } = [];
}
