using System.Globalization;

namespace Telehealth.Compliance;

/// <summary>
/// The documented decision for one addressable implementation specification (45 CFR 164.306(d)(3)):
/// what was decided, why, who approved it, when, and when it is to be reviewed again. Check it with
/// <see cref="AddressableDecisionValidator"/> before relying on it.
/// </summary>
public sealed record AddressableDecision
{
    /// <summary>Gets the citation of the addressable specification, such as <c>164.312(a)(2)(iv)</c>.</summary>
    public required string Citation { get; init; }

    /// <summary>Gets what was decided.</summary>
    public required AddressableDecisionOutcome Outcome { get; init; }

    /// <summary>Gets why; required and not blank, since the rule requires the reasoning to be documented.</summary>
    public required string Rationale { get; init; }

    /// <summary>Gets who approved the decision, such as the security official's name or role; required.</summary>
    public required string Approver { get; init; }

    /// <summary>Gets the date of the decision.</summary>
    public required DateOnly DecidedOn { get; init; }

    /// <summary>Gets the date by which the decision is to be reviewed again; must be after <see cref="DecidedOn"/>.</summary>
    public required DateOnly NextReviewOn { get; init; }

    /// <summary>
    /// Gets the equivalent alternative measure; required when <see cref="Outcome"/> is
    /// <see cref="AddressableDecisionOutcome.EquivalentAlternative"/>, otherwise optional.
    /// </summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? AlternativeMeasure { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Citation} {Outcome} (decided {DecidedOn:yyyy-MM-dd}, review by {NextReviewOn:yyyy-MM-dd})");
}
