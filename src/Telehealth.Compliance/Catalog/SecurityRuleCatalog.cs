using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Telehealth.Compliance;

/// <summary>
/// One version of the HIPAA Security Rule catalog: every standard and implementation specification of
/// 45 CFR 164.308, 164.310, 164.312, 164.314 and 164.316, with citation, title, safeguard category, parent
/// standard and whether it is required or addressable.
/// </summary>
/// <remarks>
/// <para>
/// Version <c>2013-omnibus</c> holds 22 standards and 41 implementation specifications (19 required,
/// 22 addressable); 164.308 to 164.312 alone hold the 18 standards and 36 specifications (14 required,
/// 22 addressable) of Appendix A to Subpart C.
/// </para>
/// <para>
/// In 164.314 each group of implementation specifications is one entry: 164.314(a)(2) "Business associate
/// contracts" stands for its sub-items (i) Business associate contracts, (ii) Other arrangements and
/// (iii) Business associate contracts with subcontractors, and 164.314(b)(2) "Group health plan requirements"
/// for the plan document provisions (i) to (iv). The sub-items are not separate entries.
/// </para>
/// <para>
/// Versions are kept side by side: a revised rule becomes a new version, and a caller that pinned an older
/// version keeps getting exactly the catalog it was built against. Citations are compared exactly
/// (ordinal), without a <c>45 CFR</c> or <c>§</c> prefix.
/// </para>
/// </remarks>
public sealed class SecurityRuleCatalog
{
    /// <summary>The version id of the catalog of the rule as amended by the 2013 Omnibus Rule (78 FR 5566).</summary>
    public const string Omnibus2013Version = "2013-omnibus";

    private static readonly Lazy<SecurityRuleCatalog> Omnibus2013Catalog =
        new(() => new SecurityRuleCatalog(Omnibus2013Version, SecurityRuleCatalogData.Omnibus2013(), SecurityRuleCatalogData.Omnibus2013BreachNotification()));

    private readonly FrozenDictionary<string, SecurityRuleEntry> _byCitation;
    private readonly FrozenDictionary<string, SecurityRuleEntry[]> _specificationsByStandard;

    private SecurityRuleCatalog(string version, IReadOnlyList<SecurityRuleEntry> entries, IReadOnlyList<BreachNotificationRequirement> breachNotification)
    {
        Version = version;
        Entries = entries;
        BreachNotification = breachNotification;
        _byCitation = entries.ToFrozenDictionary(e => e.Citation, StringComparer.Ordinal);
        Standards = [.. entries.Where(e => e.IsStandard)];
        Specifications = [.. entries.Where(e => !e.IsStandard)];
        Sections = [.. entries.Select(e => e.Section).Distinct()];
        _specificationsByStandard = Standards.ToFrozenDictionary(
            s => s.Citation,
            s => Specifications.Where(x => x.StandardCitation == s.Citation).ToArray(),
            StringComparer.Ordinal);
    }

    /// <summary>Gets the version id of the newest catalog, used when no version is chosen.</summary>
    public static string LatestVersion => Omnibus2013Version;

    /// <summary>Gets the version ids of every catalog this package holds, oldest first.</summary>
    public static IReadOnlyList<string> Versions { get; } = [Omnibus2013Version];

    /// <summary>Gets the newest catalog.</summary>
    public static SecurityRuleCatalog Latest => Omnibus2013Catalog.Value;

    /// <summary>Gets the version id of this catalog, such as <c>2013-omnibus</c>.</summary>
    public string Version { get; }

    /// <summary>Gets the sections in regulation order.</summary>
    public IReadOnlyList<SecurityRuleSection> Sections { get; }

    /// <summary>Gets every entry in regulation order, each standard followed by its implementation specifications.</summary>
    public IReadOnlyList<SecurityRuleEntry> Entries { get; }

    /// <summary>Gets the standards in regulation order.</summary>
    public IReadOnlyList<SecurityRuleEntry> Standards { get; }

    /// <summary>Gets the implementation specifications in regulation order.</summary>
    public IReadOnlyList<SecurityRuleEntry> Specifications { get; }

    /// <summary>
    /// Gets the sections of the Breach Notification Rule (Subpart D) of the same version, in regulation order: 164.404 to
    /// 164.412. They are not Security Rule entries, so <see cref="Entries"/>, <see cref="Get"/> and the counts above do not
    /// include them.
    /// </summary>
    public IReadOnlyList<BreachNotificationRequirement> BreachNotification { get; }

    /// <summary>Gets the catalog of a version.</summary>
    /// <param name="version">A version id from <see cref="Versions"/>.</param>
    /// <returns>The catalog.</returns>
    /// <exception cref="ComplianceException">The version is not known (<c>TH5002</c>).</exception>
    public static SecurityRuleCatalog ForVersion(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return version switch
        {
            Omnibus2013Version => Omnibus2013Catalog.Value,
            _ => throw Errors.UnknownVersion(version),
        };
    }

    /// <summary>Gets the entry with a citation.</summary>
    /// <param name="citation">A citation such as <c>164.312(b)</c>.</param>
    /// <returns>The entry.</returns>
    /// <exception cref="ComplianceException">The citation is not in the catalog (<c>TH5001</c>).</exception>
    public SecurityRuleEntry Get(string citation) =>
        TryGet(citation, out var entry) ? entry : throw Errors.UnknownCitation(citation, Version);

    /// <summary>Looks up the entry with a citation.</summary>
    /// <param name="citation">A citation such as <c>164.312(b)</c>.</param>
    /// <param name="entry">The entry, if found.</param>
    /// <returns><see langword="true"/> if the catalog holds the citation.</returns>
    public bool TryGet(string citation, [NotNullWhen(true)] out SecurityRuleEntry? entry)
    {
        ArgumentNullException.ThrowIfNull(citation);
        return _byCitation.TryGetValue(citation, out entry);
    }

    /// <summary>Gets a value indicating whether the catalog holds a citation.</summary>
    /// <param name="citation">A citation such as <c>164.312(b)</c>.</param>
    /// <returns><see langword="true"/> if the catalog holds the citation.</returns>
    public bool Contains(string citation) => TryGet(citation, out _);

    /// <summary>Gets the implementation specifications of a standard, in regulation order; empty if it has none.</summary>
    /// <param name="standardCitation">The citation of a standard, such as <c>164.312(a)(1)</c>.</param>
    /// <returns>The specifications.</returns>
    /// <exception cref="ComplianceException">The citation is not in the catalog (<c>TH5001</c>) or is not a standard (<c>TH5003</c>).</exception>
    public IReadOnlyList<SecurityRuleEntry> GetSpecifications(string standardCitation)
    {
        var entry = Get(standardCitation);
        return entry.IsStandard ? _specificationsByStandard[entry.Citation] : throw Errors.NotAStandard(entry.Citation);
    }

    /// <summary>Gets the implementation specifications that are required or addressable, in regulation order.</summary>
    /// <param name="requirement">The requirement to select.</param>
    /// <returns>The specifications.</returns>
    public IReadOnlyList<SecurityRuleEntry> GetSpecifications(ImplementationRequirement requirement) =>
        [.. Specifications.Where(e => e.Requirement == requirement)];

    /// <summary>Gets the standard of an entry: the entry itself for a standard, its parent for a specification.</summary>
    /// <param name="citation">A citation such as <c>164.312(a)(2)(iv)</c>.</param>
    /// <returns>The standard.</returns>
    /// <exception cref="ComplianceException">The citation is not in the catalog (<c>TH5001</c>).</exception>
    public SecurityRuleEntry GetStandard(string citation)
    {
        var entry = Get(citation);
        return entry.StandardCitation is { } parent ? _byCitation[parent] : entry;
    }

    /// <summary>Looks up the Breach Notification Rule section a citation belongs to: <c>164.404(b)</c> gives 164.404.</summary>
    internal bool TryGetBreachNotification(string citation, [NotNullWhen(true)] out BreachNotificationRequirement? requirement)
    {
        var open = citation.IndexOf('(', StringComparison.Ordinal);
        var section = open < 0 ? citation : citation[..open];
        requirement = BreachNotification.FirstOrDefault(r => string.Equals(r.Citation, section, StringComparison.Ordinal));
        return requirement is not null;
    }

    /// <summary>Gets the standards and specifications of one safeguard category, in regulation order.</summary>
    /// <param name="safeguard">The safeguard category.</param>
    /// <returns>The entries.</returns>
    public IReadOnlyList<SecurityRuleEntry> GetEntries(SafeguardCategory safeguard) =>
        [.. Entries.Where(e => e.Safeguard == safeguard)];

    /// <inheritdoc />
    public override string ToString() => $"HIPAA Security Rule catalog {Version}";
}
