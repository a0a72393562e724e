using System.Diagnostics.CodeAnalysis;

namespace Telehealth.Compliance;

/// <summary>
/// Checks an <see cref="AddressableDecision"/> against a <see cref="SecurityRuleCatalog"/>. The checks run in a
/// fixed order and the first failure is reported with its stable code:
/// <c>TH5001</c> unknown citation, <c>TH5010</c> citation of a standard, <c>TH5011</c> required specification,
/// <c>TH5016</c> undefined outcome, <c>TH5012</c> missing rationale, <c>TH5013</c> missing approver,
/// <c>TH5014</c> next review not after the decision, <c>TH5015</c> equivalent alternative not described.
/// </summary>
public sealed class AddressableDecisionValidator
{
    /// <summary>Initializes a new instance of the <see cref="AddressableDecisionValidator"/> class.</summary>
    /// <param name="catalog">The catalog the decisions refer to.</param>
    public AddressableDecisionValidator(SecurityRuleCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        Catalog = catalog;
    }

    /// <summary>Gets the catalog the decisions refer to.</summary>
    public SecurityRuleCatalog Catalog { get; }

    /// <summary>Throws if a decision is not valid.</summary>
    /// <param name="decision">The decision.</param>
    /// <exception cref="ComplianceException">The decision is not valid; <see cref="ComplianceException.Code"/> says why.</exception>
    public void Validate(AddressableDecision decision)
    {
        if (!TryValidate(decision, out var error))
        {
            throw error;
        }
    }

    /// <summary>Checks a decision.</summary>
    /// <param name="decision">The decision.</param>
    /// <param name="error">The first failure, if the decision is not valid.</param>
    /// <returns><see langword="true"/> if the decision is valid.</returns>
    public bool TryValidate(AddressableDecision decision, [NotNullWhen(false)] out ComplianceException? error)
    {
        ArgumentNullException.ThrowIfNull(decision);
        error = Check(decision);
        return error is null;
    }

    private ComplianceException? Check(AddressableDecision decision)
    {
        if (decision.Citation is null || !Catalog.TryGet(decision.Citation, out var entry))
        {
            return Errors.UnknownCitation(decision.Citation ?? string.Empty, Catalog.Version);
        }

        if (entry.IsStandard)
        {
            return Errors.DecisionOnStandard(entry.Citation);
        }

        if (!entry.IsAddressable)
        {
            return Errors.DecisionOnRequired(entry);
        }

        if (!Enum.IsDefined(decision.Outcome))
        {
            return Errors.UndefinedOutcome(decision.Outcome);
        }

        if (string.IsNullOrWhiteSpace(decision.Rationale))
        {
            return Errors.RationaleMissing();
        }

        if (string.IsNullOrWhiteSpace(decision.Approver))
        {
            return Errors.ApproverMissing();
        }

        if (decision.NextReviewOn <= decision.DecidedOn)
        {
            return Errors.ReviewNotAfterDecision(decision.DecidedOn, decision.NextReviewOn);
        }

        if (decision.Outcome == AddressableDecisionOutcome.EquivalentAlternative && string.IsNullOrWhiteSpace(decision.AlternativeMeasure))
        {
            return Errors.AlternativeMissing();
        }

        return null;
    }
}
