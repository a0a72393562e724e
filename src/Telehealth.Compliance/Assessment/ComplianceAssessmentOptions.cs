namespace Telehealth.Compliance;

/// <summary>How a <see cref="ComplianceAssessment"/> assigns findings that their check left without owner or due date.</summary>
public sealed class ComplianceAssessmentOptions
{
    /// <summary>The default of <see cref="DefaultOwner"/>: the security official of 164.308(a)(2).</summary>
    public const string DefaultOwnerName = "Security official";

    /// <summary>
    /// Gets or sets who owns findings about no record with an owner, such as stale evidence, pending addressable decisions
    /// or the risk assessment cadence.
    /// </summary>
    /// <value>The default is <see cref="DefaultOwnerName"/>.</value>
    public string DefaultOwner { get; set; } = DefaultOwnerName;

    /// <summary>Gets or sets the days after the assessment by which a finding without a deadline of its own is to be resolved.</summary>
    /// <value>The default is 30.</value>
    public int RemediationDays { get; set; } = 30;

    internal void Check()
    {
        if (string.IsNullOrWhiteSpace(DefaultOwner))
        {
            throw Errors.FieldMissing(nameof(ComplianceAssessmentOptions), nameof(DefaultOwner));
        }

        if (RemediationDays <= 0)
        {
            throw Errors.OutOfRange(nameof(RemediationDays), RemediationDays, "must be positive");
        }
    }
}
