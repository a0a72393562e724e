using System.Globalization;

namespace Telehealth.Compliance;

/// <summary>
/// One piece of evidence: what was observed, by which source, when, until when it can be relied on, what kind of evidence
/// it is, what it says, and which Security Rule citations it supports. Produced by an <see cref="IEvidenceCollector"/> or
/// recorded by hand, and kept in an <see cref="EvidenceRegister"/>, which checks the citations against its catalog.
/// </summary>
public sealed record EvidenceItem
{
    /// <summary>
    /// Gets the stable id, lower-case segments joined by <c>-</c> or <c>.</c>, such as <c>audit.log-verification</c>. A newer item
    /// with the same id supersedes the older one; risks link to evidence by this id.
    /// </summary>
    public required string Id { get; init; }

    /// <summary>Gets what was observed.</summary>
    public required EvidenceObservation Observation { get; init; }

    /// <summary>Gets where the evidence comes from, such as the collector's <see cref="IEvidenceCollector.Name"/> or <c>policy-library</c>.</summary>
    public required string Source { get; init; }

    /// <summary>Gets when the evidence was collected.</summary>
    public required DateTimeOffset CollectedAt { get; init; }

    /// <summary>Gets when the evidence stops being current and must be collected again; after <see cref="CollectedAt"/>.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Gets the kind of evidence.</summary>
    public required EvidenceKind Kind { get; init; }

    /// <summary>Gets the Security Rule citations the evidence relates to, such as <c>164.312(d)</c>; at least one.</summary>
    public required IReadOnlyList<string> Citations { get; init; }

    /// <summary>Gets what the evidence says about its citations.</summary>
    /// <value>The default is <see cref="EvidenceOutcome.Informational"/>.</value>
    public EvidenceOutcome Outcome { get; init; }

    /// <summary>Gets a value indicating whether the evidence is stale at an instant: at or after <see cref="ExpiresAt"/>.</summary>
    /// <param name="now">The instant.</param>
    /// <returns><see langword="true"/> if stale.</returns>
    public bool IsStaleAt(DateTimeOffset now) => now >= ExpiresAt;

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Id} {Kind} {Outcome} from {Source}, collected {CollectedAt:u}, expires {ExpiresAt:u}");

    internal void Check(SecurityRuleCatalog catalog)
    {
        RecordIds.Check("evidence", Id);
        if (Observation is null)
        {
            throw Errors.FieldMissing(nameof(EvidenceItem), nameof(Observation));
        }

        Observation.Check();
        if (string.IsNullOrWhiteSpace(Source))
        {
            throw Errors.FieldMissing(nameof(EvidenceItem), nameof(Source));
        }

        if (ExpiresAt <= CollectedAt)
        {
            throw Errors.ExpiresNotAfterCollected(Id);
        }

        if (!Enum.IsDefined(Kind))
        {
            throw Errors.UndefinedValue(nameof(EvidenceKind), (int)Kind);
        }

        if (!Enum.IsDefined(Outcome))
        {
            throw Errors.UndefinedValue(nameof(EvidenceOutcome), (int)Outcome);
        }

        if (Citations is null || Citations.Count == 0)
        {
            throw Errors.FieldMissing(nameof(EvidenceItem), nameof(Citations));
        }

        foreach (var citation in Citations)
        {
            if (citation is null || !catalog.Contains(citation))
            {
                throw Errors.UnknownCitation(citation ?? string.Empty, catalog.Version);
            }
        }
    }

    /// <summary>Compares by contents, the lists included (a record's own equality would compare them by reference).</summary>
    /// <param name="other">The other EvidenceItem.</param>
    /// <returns><see langword="true"/> if every property, and every item of every list, is equal.</returns>
    public bool Equals(EvidenceItem? other) =>
        other is not null
            && string.Equals(Id, other.Id, StringComparison.Ordinal)
            && Observation == other.Observation
            && string.Equals(Source, other.Source, StringComparison.Ordinal)
            && CollectedAt == other.CollectedAt
            && ExpiresAt == other.ExpiresAt
            && Kind == other.Kind
            && ContentEquality.Lists(Citations, other.Citations)
            && Outcome == other.Outcome;

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Id, StringComparer.Ordinal);
        hash.Add(Observation);
        hash.Add(Source, StringComparer.Ordinal);
        hash.Add(CollectedAt);
        hash.Add(ExpiresAt);
        hash.Add(Kind);
        ContentEquality.AddList(ref hash, Citations);
        hash.Add(Outcome);
        return hash.ToHashCode();
    }
}
