using System.Globalization;

namespace Telehealth.Compliance;

/// <summary>
/// One problem found by a check of the package (vendor inventory, risk register, evidence, breach log): a stable
/// <see cref="Code"/> from <see cref="FindingCodes"/>, the id of the record it concerns, the regulation it relates to
/// (none for a policy gap), a message, and who is to resolve it by when. Findings are results, not failures; checks return them instead of throwing. A message names
/// records by id and never holds PHI.
/// </summary>
public sealed record ComplianceFinding
{
    /// <summary>Gets the stable finding code, such as <c>TH5201</c> (see <see cref="FindingCodes"/>).</summary>
    public required string Code { get; init; }

    /// <summary>Gets the id of the record the finding is about, such as a vendor id or a risk id.</summary>
    public required string Subject { get; init; }

    /// <summary>Gets a message that says what is wrong and what to do.</summary>
    public required string Message { get; init; }

    /// <summary>Gets the citation the finding relates to, such as <c>164.308(b)(1)</c>; <see langword="null"/> if none.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? Citation { get; init; }

    /// <summary>
    /// Gets the date by which something is or was due: the deadline the check found (a notice, a review, a treatment), or
    /// in a <see cref="ComplianceAssessment"/> the end of its remediation period for findings without one.
    /// </summary>
    /// <value>The default is <see langword="null"/>.</value>
    public DateOnly? DueOn { get; init; }

    /// <summary>
    /// Gets who is to resolve the finding (a name or role): the owner of the record it is about, such as a vendor's
    /// executive owner or a risk's owner, or in a <see cref="ComplianceAssessment"/> its default owner.
    /// </summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? Owner { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        DueOn is { } due
            ? string.Create(CultureInfo.InvariantCulture, $"{Code} {Subject}: {Message} (due {due:yyyy-MM-dd})")
            : $"{Code} {Subject}: {Message}";
}
