using System.Globalization;

namespace Telehealth.Compliance;

/// <summary>
/// The documented decision to accept a risk as it is (45 CFR 164.308(a)(1)(ii)(B): risks reduced to a reasonable and
/// appropriate level, or accepted by whoever may accept them): who approved it, why, when, and when it is to be reviewed.
/// An accepted risk is neither overdue nor closed; from the day after <see cref="ReviewOn"/> its review is overdue.
/// </summary>
public sealed record RiskAcceptance
{
    /// <summary>Gets who approved the acceptance (a name or role with the authority to accept the risk).</summary>
    public required string Approver { get; init; }

    /// <summary>Gets why the risk is acceptable as it is, such as the cost of further measures against the impact.</summary>
    public required string Rationale { get; init; }

    /// <summary>Gets the date the risk was accepted.</summary>
    public required DateOnly AcceptedOn { get; init; }

    /// <summary>Gets the date by which the acceptance is to be reviewed; after <see cref="AcceptedOn"/>.</summary>
    public required DateOnly ReviewOn { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"accepted {AcceptedOn:yyyy-MM-dd} by {Approver}, review {ReviewOn:yyyy-MM-dd}");
}
