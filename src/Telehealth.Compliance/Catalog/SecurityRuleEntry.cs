namespace Telehealth.Compliance;

/// <summary>
/// A standard or implementation specification of the HIPAA Security Rule, identified by its citation.
/// Entries are created only by <see cref="SecurityRuleCatalog"/> and never change.
/// </summary>
public sealed class SecurityRuleEntry
{
    internal SecurityRuleEntry(
        string citation,
        string title,
        string statement,
        SecurityRuleEntryKind kind,
        ImplementationRequirement requirement,
        SecurityRuleSection section,
        string? standardCitation)
    {
        Citation = citation;
        Title = title;
        Statement = statement;
        Kind = kind;
        Requirement = requirement;
        Section = section;
        StandardCitation = standardCitation;
    }

    /// <summary>
    /// Gets the citation within 45 CFR Part 164, such as <c>164.308(a)(1)(ii)(A)</c>. A standard is cited by
    /// its paragraph as in Appendix A to Subpart C (<c>164.308(a)(1)</c>, not <c>164.308(a)(1)(i)</c>).
    /// </summary>
    public string Citation { get; }

    /// <summary>Gets the title as in the regulation text, such as <c>Risk analysis</c>.</summary>
    public string Title { get; }

    /// <summary>
    /// Gets what the entry requires, as the regulation text states it (lightly condensed, with cross-references written
    /// as citations), such as <c>Assign a unique name and/or number for identifying and tracking user identity.</c>
    /// </summary>
    public string Statement { get; }

    /// <summary>Gets whether the entry is a standard or an implementation specification.</summary>
    public SecurityRuleEntryKind Kind { get; }

    /// <summary>
    /// Gets whether the entry is required or addressable. Standards are always
    /// <see cref="ImplementationRequirement.Required"/>; only implementation specifications can be addressable.
    /// </summary>
    public ImplementationRequirement Requirement { get; }

    /// <summary>Gets the section the entry belongs to, which gives its safeguard category.</summary>
    public SecurityRuleSection Section { get; }

    /// <summary>Gets the safeguard category of the entry's section.</summary>
    public SafeguardCategory Safeguard => Section.Safeguard;

    /// <summary>Gets the citation of the standard an implementation specification belongs to; <see langword="null"/> for a standard.</summary>
    public string? StandardCitation { get; }

    /// <summary>Gets a value indicating whether the entry is a standard.</summary>
    public bool IsStandard => Kind == SecurityRuleEntryKind.Standard;

    /// <summary>Gets a value indicating whether the entry is an addressable implementation specification.</summary>
    public bool IsAddressable => Requirement == ImplementationRequirement.Addressable;

    /// <inheritdoc />
    public override string ToString() => $"{Citation} {Title} ({Requirement})";
}
