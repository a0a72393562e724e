namespace Telehealth.Compliance;

/// <summary>The assessment of one catalog entry: its status, the evidence and decision behind it, and the findings that point at it.</summary>
public sealed class RequirementCoverage
{
    internal RequirementCoverage(
        SecurityRuleEntry entry,
        CoverageStatus status,
        IReadOnlyList<string> currentEvidenceIds,
        IReadOnlyList<string> staleEvidenceIds,
        AddressableDecision? decision,
        IReadOnlyList<ComplianceFinding> findings,
        IReadOnlyList<string> riskIds,
        DateOnly? riskAnalysisCompletedOn,
        IReadOnlyList<string> failingSpecifications)
    {
        Entry = entry;
        Status = status;
        CurrentEvidenceIds = currentEvidenceIds;
        StaleEvidenceIds = staleEvidenceIds;
        Decision = decision;
        Findings = findings;
        RiskIds = riskIds;
        RiskAnalysisCompletedOn = riskAnalysisCompletedOn;
        FailingSpecifications = failingSpecifications;
    }

    /// <summary>Gets the catalog entry.</summary>
    public SecurityRuleEntry Entry { get; }

    /// <summary>Gets the conclusion.</summary>
    public CoverageStatus Status { get; }

    /// <summary>Gets the ids of current evidence items linked to the entry.</summary>
    public IReadOnlyList<string> CurrentEvidenceIds { get; }

    /// <summary>Gets the ids of stale evidence items linked to the entry; they do not count toward the status.</summary>
    public IReadOnlyList<string> StaleEvidenceIds { get; }

    /// <summary>Gets the latest addressable decision of the entry, if it is an addressable specification with a decision.</summary>
    public AddressableDecision? Decision { get; }

    /// <summary>Gets the findings that point at the entry.</summary>
    public IReadOnlyList<ComplianceFinding> Findings { get; }

    /// <summary>Gets the ids of risks that cite the entry.</summary>
    public IReadOnlyList<string> RiskIds { get; }

    /// <summary>
    /// Gets the date of the completed risk analysis that satisfies the entry, for 164.308(a)(1)(ii)(A) Risk analysis when
    /// the risk register's last assessment is within its interval and no major change came after it; otherwise <see langword="null"/>.
    /// </summary>
    public DateOnly? RiskAnalysisCompletedOn { get; }

    /// <summary>Gets, for a standard, the citations of its implementation specifications that are not satisfied; otherwise empty.</summary>
    public IReadOnlyList<string> FailingSpecifications { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Entry.Citation} {Status}";
}
