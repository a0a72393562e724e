using System.Globalization;

namespace Telehealth.Compliance;

/// <summary>
/// Checks a vendor's business associate agreement against the rule and a <see cref="BaaPolicy"/> and reports, as
/// findings: a missing clause the rule requires (<see cref="FindingCodes.BaaClauseMissing"/>, citing the paragraph that
/// requires it); a missing clause the policy asks for (<see cref="FindingCodes.BaaPolicyClauseMissing"/>, no citation: a
/// policy gap, not a regulatory one); and a service level weaker than the policy or stating no number
/// (<see cref="FindingCodes.BaaClauseWeakerThanPolicy"/>), a regulatory gap cited as 164.314(a)(2)(i)(C) (reporting as
/// 164.410 requires) only when a breach notification period exceeds the 60 days of 164.410(b).
/// </summary>
public sealed class BaaValidator
{
    private const string BusinessAssociateNoticeCitation = "164.410(b)";
    private const string IncidentReportingCitation = "164.314(a)(2)(i)(C)";

    private static readonly ServiceLevel[] ServiceLevels =
    [
        new(BaaClause.IncidentAndBreachReporting, "breach notification period", "days", a => a.BreachNotificationDays, p => p.MaxBreachNotificationDays, HigherIsWeaker: true),
        new(BaaClause.AccessReviewAndDeprovisioning, "deprovisioning time", "hours", a => a.DeprovisioningHours, p => p.MaxDeprovisioningHours, HigherIsWeaker: true),
        new(BaaClause.AccessReviewAndDeprovisioning, "access review interval", "days", a => a.AccessReviewIntervalDays, p => p.MaxAccessReviewIntervalDays, HigherIsWeaker: true),
        new(BaaClause.Retention, "retention", "years", a => a.RetentionYears, p => p.MinRetentionYears, HigherIsWeaker: false),
    ];

    /// <summary>Initializes a new instance of the <see cref="BaaValidator"/> class.</summary>
    /// <param name="policy">The policy; <see langword="null"/> for the default <see cref="BaaPolicy"/>.</param>
    /// <exception cref="ComplianceException">The policy holds a value out of range (<c>TH5029</c>, <c>TH5030</c>).</exception>
    public BaaValidator(BaaPolicy? policy = null)
    {
        Policy = policy ?? new BaaPolicy();
        Policy.Check();
    }

    /// <summary>Gets the policy.</summary>
    public BaaPolicy Policy { get; }

    /// <summary>
    /// Checks a vendor's agreement. A vendor without an agreement yields no finding here; whether it may receive
    /// PHI is checked by <see cref="VendorInventory.Check"/>.
    /// </summary>
    /// <param name="vendor">The vendor.</param>
    /// <returns>The findings, missing clauses first in checklist order, then weaker clauses.</returns>
    public IReadOnlyList<ComplianceFinding> Validate(Vendor vendor)
    {
        ArgumentNullException.ThrowIfNull(vendor);
        var findings = new List<ComplianceFinding>();
        if (vendor.Agreement is not { } agreement)
        {
            return findings;
        }

        foreach (var clause in Policy.Required())
        {
            if (!agreement.Contains(clause))
            {
                var requirement = BaaClauseChecklist.Get(clause);
                findings.Add(requirement.Basis == BaaClauseBasis.Regulation
                    ? new ComplianceFinding
                    {
                        Code = FindingCodes.BaaClauseMissing,
                        Subject = vendor.Id,
                        Owner = vendor.ExecutiveOwner,
                        Citation = requirement.Citations[0],
                        Message = $"The business associate agreement lacks the clause '{requirement.Title}' that {requirement.Citations[0]} requires.",
                    }
                    : new ComplianceFinding
                    {
                        Code = FindingCodes.BaaPolicyClauseMissing,
                        Subject = vendor.Id,
                        Owner = vendor.ExecutiveOwner,
                        Message = $"The business associate agreement lacks the clause '{requirement.Title}' that the organization's policy requires (good practice; the rule does not require it in the contract).",
                    });
            }
        }

        foreach (var level in ServiceLevels)
        {
            if (!agreement.Contains(level.Clause))
            {
                continue;
            }

            var limit = level.PolicyValue(Policy);
            var stated = level.AgreementValue(agreement);
            // The policy allows at most the 60 days of 164.410(b), so a period beyond the rule is also beyond the policy.
            var beyondRule = level.Clause == BaaClause.IncidentAndBreachReporting && stated > BreachDeadlineEngine.NotificationDays;
            var message = stated switch
            {
                null => $"The clause '{BaaClauseChecklist.Get(level.Clause).Title}' states no {level.Name}; the policy requires {Bound(level, limit)}.",
                { } value when level.IsWeaker(value, limit) => string.Create(
                    CultureInfo.InvariantCulture,
                    $"The {level.Name} is {value} {level.Unit}; the policy requires {Bound(level, limit)}{(beyondRule ? $", and {BusinessAssociateNoticeCitation} allows at most {BreachDeadlineEngine.NotificationDays}" : string.Empty)}."),
                _ => null,
            };
            if (message is not null)
            {
                findings.Add(new ComplianceFinding
                {
                    Code = FindingCodes.BaaClauseWeakerThanPolicy,
                    Subject = vendor.Id,
                    Owner = vendor.ExecutiveOwner,
                    Citation = beyondRule ? IncidentReportingCitation : null,
                    Message = message,
                });
            }
        }

        return findings;
    }

    /// <summary>
    /// Compares the agreement of a subcontractor with the agreement of the vendor that engages it: every clause of the
    /// upper agreement must be present below, and no service level below may be weaker than above. A gap in a clause the
    /// rule requires is regulatory (164.314(a)(2)(i)(B): the same restrictions and conditions); one in a policy clause is not.
    /// </summary>
    internal static IEnumerable<(string Gap, bool Regulatory)> FlowDownGaps(BusinessAssociateAgreement upper, BusinessAssociateAgreement lower)
    {
        foreach (var clause in upper.Clauses.Distinct().Order())
        {
            if (!lower.Contains(clause))
            {
                var requirement = BaaClauseChecklist.Get(clause);
                yield return ($"lacks the clause '{requirement.Title}'", requirement.Basis == BaaClauseBasis.Regulation);
            }
        }

        foreach (var level in ServiceLevels)
        {
            if (upper.Contains(level.Clause) && lower.Contains(level.Clause)
                && level.AgreementValue(upper) is { } above
                && (level.AgreementValue(lower) is not { } below || level.IsWeaker(below, above)))
            {
                var stated = level.AgreementValue(lower) is { } value ? string.Create(CultureInfo.InvariantCulture, $"{value} {level.Unit}") : "none";
                yield return (
                    string.Create(CultureInfo.InvariantCulture, $"states a {level.Name} of {stated}, weaker than the {above} {level.Unit} above it"),
                    BaaClauseChecklist.Get(level.Clause).Basis == BaaClauseBasis.Regulation);
            }
        }
    }

    private static string Bound(ServiceLevel level, int limit) =>
        string.Create(CultureInfo.InvariantCulture, $"{(level.HigherIsWeaker ? "at most" : "at least")} {limit} {level.Unit}");

    private sealed record ServiceLevel(
        BaaClause Clause,
        string Name,
        string Unit,
        Func<BusinessAssociateAgreement, int?> AgreementValue,
        Func<BaaPolicy, int> PolicyValue,
        bool HigherIsWeaker)
    {
        public bool IsWeaker(int value, int reference) => HigherIsWeaker ? value > reference : value < reference;
    }
}
