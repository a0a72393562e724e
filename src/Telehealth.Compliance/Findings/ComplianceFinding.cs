using System.Globalization;

namespace Telehealth.Compliance;

/// <summary>
/// One problem found by a check of the package (vendor inventory, risk register, evidence): a stable
/// <see cref="Code"/> from <see cref="FindingCodes"/>, the id of the record it concerns, the regulation it relates to
/// and a message. Findings are results, not failures; checks return them instead of throwing. A message names
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

    /// <summary>Gets the date by which something is or was due, for findings about deadlines; otherwise <see langword="null"/>.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public DateOnly? DueOn { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        DueOn is { } due
            ? string.Create(CultureInfo.InvariantCulture, $"{Code} {Subject}: {Message} (due {due:yyyy-MM-dd})")
            : $"{Code} {Subject}: {Message}";
}
