using System.Globalization;

namespace Telehealth.Compliance;

/// <summary>
/// One risk of the <see cref="RiskRegister"/>, as identified by the risk analysis of 45 CFR 164.308(a)(1)(ii)(A): the
/// asset at risk, the threat source and event, the vulnerability exploited, the controls already in place, the inherent
/// likelihood and impact, the residual risk expected after treatment, who owns it, how and by when it is treated, and
/// where it stands. A closed risk names the evidence of its treatment; an accepted risk names who accepted it and why.
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

    /// <summary>Gets the controls in place when the risk was rated, in words; <see langword="null"/> if none are recorded.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? ExistingControls { get; init; }

    /// <summary>
    /// Gets the inherent likelihood: that the threat event occurs and results in adverse impact, as the risk analysis
    /// found it with the <see cref="ExistingControls"/> and before the <see cref="Treatment"/>.
    /// </summary>
    public required RiskLevel Likelihood { get; init; }

    /// <summary>Gets the inherent level of impact, before the <see cref="Treatment"/>.</summary>
    public required RiskLevel Impact { get; init; }

    /// <summary>Gets the residual likelihood, after the <see cref="Treatment"/>; with <see cref="ResidualImpact"/> or not at all.</summary>
    /// <value>The default is <see langword="null"/>: no residual rating, the residual risk is taken to be the inherent one.</value>
    public RiskLevel? ResidualLikelihood { get; init; }

    /// <summary>Gets the residual level of impact, after the <see cref="Treatment"/>; with <see cref="ResidualLikelihood"/> or not at all.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public RiskLevel? ResidualImpact { get; init; }

    /// <summary>Gets who owns the risk (a name or role).</summary>
    public required string Owner { get; init; }

    /// <summary>Gets the date by which the treatment is to be complete; it does not apply once the risk is accepted.</summary>
    public required DateOnly DueOn { get; init; }

    /// <summary>Gets how the risk is treated.</summary>
    public required RiskTreatment Treatment { get; init; }

    /// <summary>Gets where the risk stands.</summary>
    /// <value>The default is <see cref="RiskStatus.Open"/>.</value>
    public RiskStatus Status { get; init; } = RiskStatus.Open;

    /// <summary>Gets the date the risk was closed; set when <see cref="Status"/> is <see cref="RiskStatus.Closed"/>.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public DateOnly? ClosedOn { get; init; }

    /// <summary>Gets the documented acceptance; required exactly when <see cref="Status"/> is <see cref="RiskStatus.Accepted"/>.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public RiskAcceptance? Acceptance { get; init; }

    /// <summary>Gets the ids of the evidence items that show the treatment; at least one is required to close the risk.</summary>
    /// <value>The default is empty.</value>
    public IReadOnlyList<string> EvidenceIds { get; init; } = [];

    /// <summary>Gets the Security Rule citations the risk relates to, such as <c>164.312(d)</c>; each must be in the register's catalog.</summary>
    /// <value>The default is empty.</value>
    public IReadOnlyList<string> Citations { get; init; } = [];

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Id} likelihood {Likelihood}, impact {Impact}, {Treatment}, {Status} (due {DueOn:yyyy-MM-dd})")
        + (Acceptance is { } acceptance ? $", {acceptance}" : string.Empty);

    /// <summary>Compares by contents, the lists included (a record's own equality would compare them by reference).</summary>
    /// <param name="other">The other RiskEntry.</param>
    /// <returns><see langword="true"/> if every property, and every item of every list, is equal.</returns>
    public bool Equals(RiskEntry? other) =>
        other is not null
            && string.Equals(Id, other.Id, StringComparison.Ordinal)
            && string.Equals(Asset, other.Asset, StringComparison.Ordinal)
            && string.Equals(ThreatSource, other.ThreatSource, StringComparison.Ordinal)
            && string.Equals(ThreatEvent, other.ThreatEvent, StringComparison.Ordinal)
            && string.Equals(Vulnerability, other.Vulnerability, StringComparison.Ordinal)
            && string.Equals(ExistingControls, other.ExistingControls, StringComparison.Ordinal)
            && Likelihood == other.Likelihood
            && Impact == other.Impact
            && ResidualLikelihood == other.ResidualLikelihood
            && ResidualImpact == other.ResidualImpact
            && string.Equals(Owner, other.Owner, StringComparison.Ordinal)
            && DueOn == other.DueOn
            && Treatment == other.Treatment
            && Status == other.Status
            && ClosedOn == other.ClosedOn
            && Acceptance == other.Acceptance
            && ContentEquality.Lists(EvidenceIds, other.EvidenceIds)
            && ContentEquality.Lists(Citations, other.Citations);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Id, StringComparer.Ordinal);
        hash.Add(Asset, StringComparer.Ordinal);
        hash.Add(ThreatSource, StringComparer.Ordinal);
        hash.Add(ThreatEvent, StringComparer.Ordinal);
        hash.Add(Vulnerability, StringComparer.Ordinal);
        hash.Add(ExistingControls, StringComparer.Ordinal);
        hash.Add(Likelihood);
        hash.Add(Impact);
        hash.Add(ResidualLikelihood);
        hash.Add(ResidualImpact);
        hash.Add(Owner, StringComparer.Ordinal);
        hash.Add(DueOn);
        hash.Add(Treatment);
        hash.Add(Status);
        hash.Add(ClosedOn);
        hash.Add(Acceptance);
        ContentEquality.AddList(ref hash, EvidenceIds);
        ContentEquality.AddList(ref hash, Citations);
        return hash.ToHashCode();
    }
}
