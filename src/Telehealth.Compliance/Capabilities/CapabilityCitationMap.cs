using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Telehealth.Compliance;

/// <summary>
/// Maps capability ids (such as <see cref="TelehealthCapabilities.AuditLog"/>) to the Security Rule citations
/// they help meet. Every citation is checked against a <see cref="SecurityRuleCatalog"/> when the map is built.
/// A mapping says a capability supports a citation; it does not say the citation is met, which also takes
/// the host's policies, configuration and operation.
/// </summary>
public sealed partial class CapabilityCitationMap
{
    private readonly FrozenDictionary<string, SecurityRuleEntry[]> _citations;

    /// <summary>Initializes a new instance of the <see cref="CapabilityCitationMap"/> class.</summary>
    /// <param name="catalog">The catalog the citations refer to.</param>
    /// <param name="map">Each capability id with the citations it supports.</param>
    /// <exception cref="ComplianceException">
    /// An id is malformed (<c>TH5020</c>), a citation is not in the catalog (<c>TH5021</c>) or a capability has no citation (<c>TH5022</c>).
    /// </exception>
    public CapabilityCitationMap(SecurityRuleCatalog catalog, IReadOnlyDictionary<string, IReadOnlyList<string>> map)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(map);
        Catalog = catalog;
        var built = new Dictionary<string, SecurityRuleEntry[]>(StringComparer.Ordinal);
        foreach (var (id, citations) in map)
        {
            if (!CapabilityId().IsMatch(id))
            {
                throw Errors.MalformedCapabilityId(id);
            }

            if (citations is null || citations.Count == 0)
            {
                throw Errors.CapabilityWithoutCitations(id);
            }

            built[id] = [.. citations.Distinct(StringComparer.Ordinal).Select(c =>
                c is not null && catalog.TryGet(c, out var entry) ? entry : throw Errors.CapabilityCitationUnknown(id, c ?? string.Empty, catalog.Version))];
        }

        _citations = built.ToFrozenDictionary(StringComparer.Ordinal);
        Capabilities = [.. built.Keys.Order(StringComparer.Ordinal)];
    }

    /// <summary>Gets the catalog the citations refer to.</summary>
    public SecurityRuleCatalog Catalog { get; }

    /// <summary>Gets the mapped capability ids in ordinal order.</summary>
    public IReadOnlyList<string> Capabilities { get; }

    /// <summary>Creates the map of the SDK's own capabilities (<see cref="TelehealthCapabilities"/>) for a catalog.</summary>
    /// <param name="catalog">The catalog.</param>
    /// <returns>The map.</returns>
    public static CapabilityCitationMap CreateDefault(SecurityRuleCatalog catalog) => new(catalog, DefaultMap);

    /// <summary>Gets the catalog entries a capability supports, in the order mapped; empty for an unknown id.</summary>
    /// <param name="capabilityId">The capability id.</param>
    /// <returns>The entries.</returns>
    public IReadOnlyList<SecurityRuleEntry> GetCitations(string capabilityId)
    {
        ArgumentNullException.ThrowIfNull(capabilityId);
        return _citations.TryGetValue(capabilityId, out var entries) ? entries : [];
    }

    /// <summary>Gets the capabilities mapped directly to a citation, in ordinal order; empty if none.</summary>
    /// <param name="citation">The citation, such as <c>164.312(d)</c>.</param>
    /// <returns>The capability ids.</returns>
    public IReadOnlyList<string> GetCapabilities(string citation)
    {
        ArgumentNullException.ThrowIfNull(citation);
        return [.. Capabilities.Where(id => _citations[id].Any(e => e.Citation == citation))];
    }

    private static readonly Dictionary<string, IReadOnlyList<string>> DefaultMap = new(StringComparer.Ordinal)
    {
        [TelehealthCapabilities.AuditLog] = ["164.312(b)"],
        [TelehealthCapabilities.AuditIntegrity] = ["164.312(c)(1)"],
        [TelehealthCapabilities.AuditActivityReview] = ["164.308(a)(1)(ii)(D)"],
        [TelehealthCapabilities.AuditLoginMonitoring] = ["164.308(a)(5)(ii)(C)"],
        [TelehealthCapabilities.IdentityUniqueUserId] = ["164.312(a)(2)(i)"],
        [TelehealthCapabilities.IdentityRbac] = ["164.312(a)(1)", "164.308(a)(4)"],
        [TelehealthCapabilities.IdentityAccessReview] = ["164.308(a)(4)(ii)(C)"],
        [TelehealthCapabilities.IdentityBreakGlass] = ["164.312(a)(2)(ii)"],
        [TelehealthCapabilities.IdentitySessionTimeout] = ["164.312(a)(2)(iii)"],
        [TelehealthCapabilities.IdentityMfaTotp] = ["164.312(d)"],
        [TelehealthCapabilities.IdentityPasskeys] = ["164.312(d)"],

        // Envelope encryption protects data at rest; encryption in transit is the media and transport layers' job.
        [TelehealthCapabilities.CryptoEnvelope] = ["164.312(a)(2)(iv)"],

        // Tags and signatures detect alteration of stored records: the integrity standard and its mechanism to
        // authenticate ePHI. Integrity in transit is the transport's (164.312(e)(2)(i)), not claimed here.
        [TelehealthCapabilities.CryptoIntegrity] = ["164.312(c)(1)", "164.312(c)(2)"],

        // SRTP both encrypts and authenticates each packet, so it serves both transmission specifications.
        [TelehealthCapabilities.MediaDtlsSrtp] = ["164.312(e)(1)", "164.312(e)(2)(i)", "164.312(e)(2)(ii)"],
    };

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*(?:\\.[a-z0-9]+(?:-[a-z0-9]+)*)+$", RegexOptions.CultureInvariant)]
    private static partial Regex CapabilityId();
}
