using System.Globalization;

namespace Telehealth.Compliance;

/// <summary>
/// Checks a vendor's business associate agreement against a <see cref="BaaPolicy"/> and reports, as findings,
/// clauses that are missing (<see cref="FindingCodes.BaaClauseMissing"/>) or weaker than the policy
/// (<see cref="FindingCodes.BaaClauseWeakerThanPolicy"/>): a longer breach notification period, a longer
/// deprovisioning time, a longer access review interval, a shorter retention, or a service-level clause that states
/// no number at all.
/// </summary>
public sealed class BaaValidator
{
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

        foreach (var clause in Policy.RequiredClauses.Distinct().Order())
        {
            if (!agreement.Contains(clause))
            {
                var requirement = BaaClauseChecklist.Get(clause);
                findings.Add(new ComplianceFinding
                {
                    Code = FindingCodes.BaaClauseMissing,
                    Subject = vendor.Id,
                    Citation = requirement.Citations[0],
                    Message = $"The business associate agreement lacks the clause '{requirement.Title}'.",
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
            var message = stated switch
            {
                null => $"The clause '{BaaClauseChecklist.Get(level.Clause).Title}' states no {level.Name}; the policy requires {Bound(level, limit)}.",
                { } value when level.IsWeaker(value, limit) => string.Create(CultureInfo.InvariantCulture, $"The {level.Name} is {value} {level.Unit}; the policy requires {Bound(level, limit)}."),
                _ => null,
            };
            if (message is not null)
            {
                findings.Add(new ComplianceFinding
                {
                    Code = FindingCodes.BaaClauseWeakerThanPolicy,
                    Subject = vendor.Id,
                    Citation = BaaClauseChecklist.Get(level.Clause).Citations[0],
                    Message = message,
                });
            }
        }

        return findings;
    }

    /// <summary>
    /// Compares the agreement of a subcontractor with the agreement of the vendor that engages it: every clause of the
    /// upper agreement must be present below, and no service level below may be weaker than above (164.314(a)(2)(i)(B)).
    /// </summary>
    internal static IEnumerable<string> FlowDownGaps(BusinessAssociateAgreement upper, BusinessAssociateAgreement lower)
    {
        foreach (var clause in upper.Clauses.Distinct().Order())
        {
            if (!lower.Contains(clause))
            {
                yield return $"lacks the clause '{BaaClauseChecklist.Get(clause).Title}'";
            }
        }

        foreach (var level in ServiceLevels)
        {
            if (upper.Contains(level.Clause) && lower.Contains(level.Clause)
                && level.AgreementValue(upper) is { } above
                && (level.AgreementValue(lower) is not { } below || level.IsWeaker(below, above)))
            {
                var stated = level.AgreementValue(lower) is { } value ? string.Create(CultureInfo.InvariantCulture, $"{value} {level.Unit}") : "none";
                yield return string.Create(CultureInfo.InvariantCulture, $"states a {level.Name} of {stated}, weaker than the {above} {level.Unit} above it");
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
