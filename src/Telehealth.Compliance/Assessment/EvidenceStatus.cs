namespace Telehealth.Compliance;

/// <summary>An evidence item with its freshness on the assessment date.</summary>
public sealed class EvidenceStatus
{
    internal EvidenceStatus(EvidenceItem item, bool isStale)
    {
        Item = item;
        IsStale = isStale;
    }

    /// <summary>Gets the item.</summary>
    public EvidenceItem Item { get; }

    /// <summary>Gets a value indicating whether the item had expired when the assessment was made.</summary>
    public bool IsStale { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Item.Id} {(IsStale ? "stale" : "current")}";
}
