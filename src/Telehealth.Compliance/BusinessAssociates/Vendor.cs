namespace Telehealth.Compliance;

/// <summary>
/// A vendor in the <see cref="VendorInventory"/>: what it does, which PHI and systems it touches, its business associate
/// agreement, the executive who owns the relationship, its own subcontractors and when it was last reviewed.
/// </summary>
public sealed record Vendor
{
    /// <summary>Gets the stable id: lower-case letters and digits in segments joined by <c>-</c> or <c>.</c>, such as <c>video-relay</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the vendor's name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the executive who owns the relationship and the agreement's obligations (a name or role).</summary>
    public required string ExecutiveOwner { get; init; }

    /// <summary>Gets the services the vendor provides, such as <c>TURN relay</c>.</summary>
    /// <value>The default is empty.</value>
    public IReadOnlyList<string> Services { get; init; } = [];

    /// <summary>Gets the kinds of PHI the vendor receives, such as <c>video</c> or <c>demographics</c> (kinds, never values).</summary>
    /// <value>The default is empty.</value>
    public IReadOnlyList<string> PhiTypes { get; init; } = [];

    /// <summary>Gets the systems the vendor operates or reaches, such as <c>media-relay</c>.</summary>
    /// <value>The default is empty.</value>
    public IReadOnlyList<string> Systems { get; init; } = [];

    /// <summary>Gets the business associate agreement; <see langword="null"/> when there is none.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public BusinessAssociateAgreement? Agreement { get; init; }

    /// <summary>Gets the ids of the vendor's subcontractors that handle PHI, each itself a vendor of the inventory.</summary>
    /// <value>The default is empty.</value>
    public IReadOnlyList<string> SubcontractorIds { get; init; } = [];

    /// <summary>Gets the date of the last periodic review of the vendor; <see langword="null"/> if never reviewed.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public DateOnly? LastReviewedOn { get; init; }

    /// <summary>Gets the status of the agreement: <see cref="BaaStatus.None"/> when there is none.</summary>
    public BaaStatus BaaStatus => Agreement?.Status ?? BaaStatus.None;

    /// <inheritdoc />
    public override string ToString() => $"{Id} (BAA {BaaStatus}, {SubcontractorIds.Count} subcontractors)";

    /// <summary>Throws if the vendor is not complete and valid, its agreement included.</summary>
    internal void Check()
    {
        RecordIds.Check(VendorInventory.VendorKind, Id);
        RequiredText.Check(Name, nameof(Vendor), nameof(Name));
        RequiredText.Check(ExecutiveOwner, nameof(Vendor), nameof(ExecutiveOwner));
        foreach (var (list, name) in new[] { (Services, nameof(Services)), (PhiTypes, nameof(PhiTypes)), (Systems, nameof(Systems)), (SubcontractorIds, nameof(SubcontractorIds)) })
        {
            if (list is null || list.Any(string.IsNullOrWhiteSpace))
            {
                throw Errors.FieldMissing(nameof(Vendor), name);
            }
        }

        Agreement?.Check();
    }

    /// <summary>Compares by contents, the lists included (a record's own equality would compare them by reference).</summary>
    /// <param name="other">The other Vendor.</param>
    /// <returns><see langword="true"/> if every property, and every item of every list, is equal.</returns>
    public bool Equals(Vendor? other) =>
        other is not null
            && string.Equals(Id, other.Id, StringComparison.Ordinal)
            && string.Equals(Name, other.Name, StringComparison.Ordinal)
            && string.Equals(ExecutiveOwner, other.ExecutiveOwner, StringComparison.Ordinal)
            && ContentEquality.Lists(Services, other.Services)
            && ContentEquality.Lists(PhiTypes, other.PhiTypes)
            && ContentEquality.Lists(Systems, other.Systems)
            && Agreement == other.Agreement
            && ContentEquality.Lists(SubcontractorIds, other.SubcontractorIds)
            && LastReviewedOn == other.LastReviewedOn;

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Id, StringComparer.Ordinal);
        hash.Add(Name, StringComparer.Ordinal);
        hash.Add(ExecutiveOwner, StringComparer.Ordinal);
        ContentEquality.AddList(ref hash, Services);
        ContentEquality.AddList(ref hash, PhiTypes);
        ContentEquality.AddList(ref hash, Systems);
        hash.Add(Agreement);
        ContentEquality.AddList(ref hash, SubcontractorIds);
        hash.Add(LastReviewedOn);
        return hash.ToHashCode();
    }
}
