using System.Globalization;

namespace Telehealth.Compliance;

/// <summary>
/// One risk of the <see cref="RiskRegister"/>, as identified by the risk analysis of 45 CFR 164.308(a)(1)(ii)(A): the
/// asset at risk, the threat source and event, the vulnerability exploited, likelihood and impact, who owns it, how and
/// by when it is treated, and where it stands. A closed risk names the evidence of its treatment.
/// </summary>
public sealed record RiskEntry
{
    /// <summary>Gets the stable id: lower-case letters and digits in segments joined by <c>-</c> or <c>.</c>, such as <c>risk-0007</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the asset at risk, such as <c>visit recordings</c>.</summary>
    public required string Asset { get; init; }

    /// <summary>Gets the threat source, such as <c>outsider with stolen credentials</c> (NIST SP 800-30 Appendix D).</summary>
    public required string ThreatSource { get; init; }

    /// <summary>Gets the threat event, such as <c>bulk download of recordings</c> (NIST SP 800-30 Appendix E).</summary>
    public required string ThreatEvent { get; init; }

    /// <summary>Gets the vulnerability or predisposing condition, such as <c>no MFA for support staff</c>.</summary>
    public required string Vulnerability { get; init; }

    /// <summary>Gets the likelihood that the threat event occurs and results in adverse impact.</summary>
    public required RiskLevel Likelihood { get; init; }

    /// <summary>Gets the level of impact.</summary>
    public required RiskLevel Impact { get; init; }

    /// <summary>Gets who owns the risk (a name or role).</summary>
    public required string Owner { get; init; }

    /// <summary>Gets the date by which the treatment is to be complete.</summary>
    public required DateOnly DueOn { get; init; }

    /// <summary>Gets how the risk is treated.</summary>
    public required RiskTreatment Treatment { get; init; }

    /// <summary>Gets where the risk stands.</summary>
    /// <value>The default is <see cref="RiskStatus.Open"/>.</value>
    public RiskStatus Status { get; init; } = RiskStatus.Open;

    /// <summary>Gets the date the risk was closed; set when <see cref="Status"/> is <see cref="RiskStatus.Closed"/>.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public DateOnly? ClosedOn { get; init; }

    /// <summary>Gets the ids of the evidence items that show the treatment; at least one is required to close the risk.</summary>
    /// <value>The default is empty.</value>
    public IReadOnlyList<string> EvidenceIds { get; init; } = [];

    /// <summary>Gets the Security Rule citations the risk relates to, such as <c>164.312(d)</c>; each must be in the register's catalog.</summary>
    /// <value>The default is empty.</value>
    public IReadOnlyList<string> Citations { get; init; } = [];

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Id} likelihood {Likelihood}, impact {Impact}, {Treatment}, {Status} (due {DueOn:yyyy-MM-dd})");
}
