using System.Globalization;

namespace Telehealth.Compliance;

/// <summary>
/// The documented assessment of an impermissible acquisition, access, use or disclosure of PHI (45 CFR 164.402): when it
/// was discovered, whether an exclusion applies, the four factors of the risk assessment, whether the PHI was unsecured,
/// and the conclusion; for a breach, how many individuals are affected per State or jurisdiction and any law enforcement
/// delay. <see cref="BreachDeadlineEngine"/> derives the notification deadlines from it. It holds counts and kinds of
/// PHI, never PHI itself.
/// </summary>
public sealed record BreachAssessment
{
    /// <summary>Gets the stable id: lower-case letters and digits in segments joined by <c>-</c> or <c>.</c>, such as <c>incident-2026-004</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the role of the assessing organization.</summary>
    public required BreachRole Role { get; init; }

    /// <summary>
    /// Gets the date of discovery: the first day the breach was known to the organization, or by exercising reasonable
    /// diligence would have been known to any workforce member or agent other than the person committing it
    /// (164.404(a)(2); for a business associate 164.410(a)(2)). For a breach reported by a business associate, see
    /// <see cref="BreachDeadlineEngine.Cascade"/>.
    /// </summary>
    public required DateOnly DiscoveredOn { get; init; }

    /// <summary>Gets what happened, in terms that hold no PHI.</summary>
    public required string Summary { get; init; }

    /// <summary>Gets the conclusion.</summary>
    public required BreachConclusion Conclusion { get; init; }

    /// <summary>Gets the exclusion that applies; required exactly when <see cref="Conclusion"/> is <see cref="BreachConclusion.Excluded"/>.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public BreachExclusion? Exclusion { get; init; }

    /// <summary>Gets factor (2)(i): the nature and extent of the PHI involved, including the types of identifiers.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? NatureAndExtent { get; init; }

    /// <summary>Gets, for factor (2)(i), the likelihood of re-identification.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public RiskLevel? ReidentificationLikelihood { get; init; }

    /// <summary>Gets factor (2)(ii): the unauthorized person who used the PHI or to whom it was disclosed (a description, such as <c>another clinic's billing clerk</c>).</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? UnauthorizedRecipient { get; init; }

    /// <summary>Gets factor (2)(iii): whether the PHI was actually acquired or viewed.</summary>
    /// <value>The default is <see cref="PhiAcquisition.Unknown"/>.</value>
    public PhiAcquisition AcquiredOrViewed { get; init; }

    /// <summary>Gets factor (2)(iv): the extent to which the risk to the PHI has been mitigated.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? Mitigation { get; init; }

    /// <summary>
    /// Gets a value indicating whether the PHI was unsecured: not rendered unusable, unreadable or indecipherable to
    /// unauthorized persons as the Secretary's guidance specifies (164.402). Only a breach of unsecured PHI is notified.
    /// </summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool UnsecuredPhi { get; init; } = true;

    /// <summary>The key of <see cref="AffectedByJurisdiction"/> for individuals whose State or jurisdiction of residence is unknown.</summary>
    public const string UnknownJurisdiction = "unknown";

    /// <summary>
    /// Gets the number of affected individuals per State or jurisdiction of residence, keyed by its USPS code or name
    /// (<see cref="UsJurisdictions"/>: the States, DC and the territories), such as <c>CA</c>; keys are matched ignoring
    /// case, so <c>CA</c> and <c>ca</c> are one State and their counts add up. Individuals whose residence is unknown
    /// are counted under <see cref="UnknownJurisdiction"/>, which counts toward the total but never calls for media
    /// notice, since it is no State or jurisdiction. Any other key is refused.
    /// </summary>
    /// <value>The default is empty.</value>
    public IReadOnlyDictionary<string, int> AffectedByJurisdiction { get; init; } = new Dictionary<string, int>();

    /// <summary>
    /// Gets how many of the affected individuals have insufficient or out-of-date contact information; from 10 on, a
    /// covered entity gives substitute notice by web posting or major media with a toll-free number, kept for 90 days
    /// (164.404(d)(2)(ii)). At most <see cref="TotalAffected"/>.
    /// </summary>
    /// <value>The default is 0.</value>
    public int InsufficientContactCount { get; init; }

    /// <summary>Gets the law enforcement delay, if an official asked for one (164.412).</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public LawEnforcementDelay? LawEnforcementDelay { get; init; }

    /// <summary>Gets who made the assessment (a name or role).</summary>
    public required string AssessedBy { get; init; }

    /// <summary>Gets the date of the assessment.</summary>
    public required DateOnly AssessedOn { get; init; }

    /// <summary>Gets the total number of affected individuals.</summary>
    public long TotalAffected => AffectedByJurisdiction.Values.Sum(v => (long)v);

    /// <summary>Gets a value indicating whether notification is required: a breach of unsecured PHI.</summary>
    public bool RequiresNotification => Conclusion == BreachConclusion.Breach && UnsecuredPhi;

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Id} {Conclusion}, discovered {DiscoveredOn:yyyy-MM-dd}, {TotalAffected} affected");

    /// <summary>Throws if the assessment is not complete and consistent.</summary>
    internal void Check()
    {
        RecordIds.Check(BreachDeadlineEngine.AssessmentKind, Id);
        RequiredText.Check(Summary, nameof(BreachAssessment), nameof(Summary));
        RequiredText.Check(AssessedBy, nameof(BreachAssessment), nameof(AssessedBy));
        if (!Enum.IsDefined(Role))
        {
            throw Errors.UndefinedValue(nameof(BreachRole), (int)Role);
        }

        if (!Enum.IsDefined(Conclusion))
        {
            throw Errors.UndefinedValue(nameof(BreachConclusion), (int)Conclusion);
        }

        if (Exclusion is { } exclusion && !Enum.IsDefined(exclusion))
        {
            throw Errors.UndefinedValue(nameof(BreachExclusion), (int)exclusion);
        }

        if (!Enum.IsDefined(AcquiredOrViewed))
        {
            throw Errors.UndefinedValue(nameof(PhiAcquisition), (int)AcquiredOrViewed);
        }

        if ((Conclusion == BreachConclusion.Excluded) != Exclusion.HasValue)
        {
            throw Errors.ExclusionInconsistent(Conclusion, Exclusion);
        }

        if (Conclusion == BreachConclusion.LowProbabilityOfCompromise)
        {
            // A low probability of compromise must be demonstrated on at least the four factors of 164.402(2).
            RequireFactor(NatureAndExtent, "(2)(i) nature and extent");
            RequireFactor(UnauthorizedRecipient, "(2)(ii) unauthorized person");
            RequireFactor(AcquiredOrViewed == PhiAcquisition.Unknown ? null : "known", "(2)(iii) actually acquired or viewed");
            RequireFactor(Mitigation, "(2)(iv) mitigation");
        }

        if (AffectedByJurisdiction is null)
        {
            throw Errors.FieldMissing(nameof(BreachAssessment), nameof(AffectedByJurisdiction));
        }

        foreach (var (jurisdiction, count) in AffectedByJurisdiction)
        {
            if (string.IsNullOrWhiteSpace(jurisdiction))
            {
                throw Errors.FieldMissing(nameof(BreachAssessment), nameof(AffectedByJurisdiction));
            }

            if (!UsJurisdictions.TryNormalize(jurisdiction, out var code))
            {
                throw Errors.UnknownJurisdiction();
            }

            if (count < 0)
            {
                throw Errors.OutOfRange($"{nameof(AffectedByJurisdiction)}[{code}]", count, "must not be negative");
            }
        }

        if (InsufficientContactCount < 0 || InsufficientContactCount > TotalAffected)
        {
            throw Errors.OutOfRange(nameof(InsufficientContactCount), InsufficientContactCount, "must be from 0 to the number of affected individuals");
        }

        LawEnforcementDelay?.Check(DiscoveredOn);
    }

    /// <summary>The affected individuals per USPS code (or the unknown key), keys that name the same State merged; call after <see cref="Check"/>.</summary>
    internal IReadOnlyList<(string Jurisdiction, long Count)> AffectedByNormalizedJurisdiction() =>
    [
        .. AffectedByJurisdiction
            .GroupBy(p => UsJurisdictions.TryNormalize(p.Key, out var code) ? code : throw Errors.UnknownJurisdiction(), StringComparer.Ordinal)
            .Select(g => (g.Key, g.Sum(p => (long)p.Value)))
            .OrderBy(p => p.Key, StringComparer.Ordinal),
    ];

    private static void RequireFactor(string? value, string factor)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw Errors.FactorMissing(factor);
        }
    }

    /// <summary>Compares by contents, the lists included (a record's own equality would compare them by reference).</summary>
    /// <param name="other">The other BreachAssessment.</param>
    /// <returns><see langword="true"/> if every property, and every item of every list, is equal.</returns>
    public bool Equals(BreachAssessment? other) =>
        other is not null
            && string.Equals(Id, other.Id, StringComparison.Ordinal)
            && Role == other.Role
            && DiscoveredOn == other.DiscoveredOn
            && string.Equals(Summary, other.Summary, StringComparison.Ordinal)
            && Conclusion == other.Conclusion
            && Exclusion == other.Exclusion
            && string.Equals(NatureAndExtent, other.NatureAndExtent, StringComparison.Ordinal)
            && ReidentificationLikelihood == other.ReidentificationLikelihood
            && string.Equals(UnauthorizedRecipient, other.UnauthorizedRecipient, StringComparison.Ordinal)
            && AcquiredOrViewed == other.AcquiredOrViewed
            && string.Equals(Mitigation, other.Mitigation, StringComparison.Ordinal)
            && UnsecuredPhi == other.UnsecuredPhi
            && ContentEquality.Maps(AffectedByJurisdiction, other.AffectedByJurisdiction)
            && InsufficientContactCount == other.InsufficientContactCount
            && LawEnforcementDelay == other.LawEnforcementDelay
            && string.Equals(AssessedBy, other.AssessedBy, StringComparison.Ordinal)
            && AssessedOn == other.AssessedOn;

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Id, StringComparer.Ordinal);
        hash.Add(Role);
        hash.Add(DiscoveredOn);
        hash.Add(Summary, StringComparer.Ordinal);
        hash.Add(Conclusion);
        hash.Add(Exclusion);
        hash.Add(NatureAndExtent, StringComparer.Ordinal);
        hash.Add(ReidentificationLikelihood);
        hash.Add(UnauthorizedRecipient, StringComparer.Ordinal);
        hash.Add(AcquiredOrViewed);
        hash.Add(Mitigation, StringComparer.Ordinal);
        hash.Add(UnsecuredPhi);
        ContentEquality.AddMap(ref hash, AffectedByJurisdiction);
        hash.Add(InsufficientContactCount);
        hash.Add(LawEnforcementDelay);
        hash.Add(AssessedBy, StringComparer.Ordinal);
        hash.Add(AssessedOn);
        return hash.ToHashCode();
    }
}
