namespace Telehealth.Compliance.Tests.Capabilities;

public sealed class CapabilityCitationMapTests
{
    private readonly CapabilityCitationMap _map = CapabilityCitationMap.CreateDefault(SecurityRuleCatalog.Latest);

    public static TheoryData<string, string[]> DefaultMappings => new()
    {
        { "telehealth.audit.log", ["164.312(b)"] },
        { "telehealth.audit.integrity", ["164.312(c)(1)"] },
        { "telehealth.audit.activity-review", ["164.308(a)(1)(ii)(D)"] },
        { "telehealth.audit.login-monitoring", ["164.308(a)(5)(ii)(C)"] },
        { "telehealth.identity.unique-user-id", ["164.312(a)(2)(i)"] },
        { "telehealth.identity.rbac", ["164.312(a)(1)", "164.308(a)(4)"] },
        { "telehealth.identity.access-review", ["164.308(a)(4)(ii)(C)"] },
        { "telehealth.identity.break-glass", ["164.312(a)(2)(ii)"] },
        { "telehealth.identity.session-timeout", ["164.312(a)(2)(iii)"] },
        { "telehealth.identity.mfa.totp", ["164.312(d)"] },
        { "telehealth.identity.passkeys", ["164.312(d)"] },
        { "telehealth.crypto.envelope", ["164.312(a)(2)(iv)"] },
        { "telehealth.crypto.integrity", ["164.312(c)(1)", "164.312(c)(2)"] },
        { "telehealth.media.dtls-srtp", ["164.312(e)(1)", "164.312(e)(2)(i)", "164.312(e)(2)(ii)"] },
    };

    [Theory]
    [MemberData(nameof(DefaultMappings))]
    public void Default_map_cites_what_each_capability_supports(string capabilityId, string[] citations)
    {
        Assert.Equal(citations, _map.GetCitations(capabilityId).Select(e => e.Citation));
    }

    [Fact]
    public void Default_map_covers_every_published_capability_id_and_nothing_else()
    {
        var published = typeof(TelehealthCapabilities).GetFields()
            .Select(f => (string)f.GetRawConstantValue()!)
            .Order(StringComparer.Ordinal);

        Assert.Equal(published, _map.Capabilities);
        Assert.Equal(DefaultMappings.Count, _map.Capabilities.Count);
    }

    [Fact]
    public void Every_mapped_citation_is_in_the_catalog()
    {
        Assert.All(_map.Capabilities, id =>
            Assert.All(_map.GetCitations(id), e => Assert.Same(e, SecurityRuleCatalog.Latest.Get(e.Citation))));
    }

    [Fact]
    public void Reverse_lookup_lists_capabilities_of_a_citation()
    {
        Assert.Equal(["telehealth.identity.mfa.totp", "telehealth.identity.passkeys"], _map.GetCapabilities("164.312(d)"));
        Assert.Empty(_map.GetCapabilities("164.310(b)"));
        Assert.Empty(_map.GetCitations("telehealth.unknown"));
    }

    [Fact]
    public void Unknown_citation_is_TH5021()
    {
        var ex = Assert.Throws<ComplianceException>(() => new CapabilityCitationMap(
            SecurityRuleCatalog.Latest,
            new Dictionary<string, IReadOnlyList<string>> { ["vendor.vpn"] = ["164.312(e)(1)", "164.312(e)(3)"] }));

        Assert.Equal("TH5021: Capability 'vendor.vpn' maps to '164.312(e)(3)', which is not a citation in the HIPAA Security Rule catalog 2013-omnibus.", ex.Message);
    }

    [Theory]
    [InlineData("Telehealth.Audit.Log")]
    [InlineData("audit")]
    [InlineData("telehealth..log")]
    [InlineData("telehealth.audit.")]
    [InlineData("telehealth.audit log")]
    public void Malformed_id_is_TH5020(string id)
    {
        var ex = Assert.Throws<ComplianceException>(() => new CapabilityCitationMap(
            SecurityRuleCatalog.Latest,
            new Dictionary<string, IReadOnlyList<string>> { [id] = ["164.312(b)"] }));

        Assert.Equal($"TH5020: '{id}' is not a well-formed capability id; use lower-case dotted segments such as 'telehealth.audit.log'.", ex.Message);
    }

    [Fact]
    public void Capability_without_citations_is_TH5022()
    {
        var ex = Assert.Throws<ComplianceException>(() => new CapabilityCitationMap(
            SecurityRuleCatalog.Latest,
            new Dictionary<string, IReadOnlyList<string>> { ["vendor.fax"] = [] }));

        Assert.Equal("TH5022: Capability 'vendor.fax' maps to no citation.", ex.Message);
    }

    [Fact]
    public void Null_arguments_name_the_parameter()
    {
        Assert.Throws<ArgumentNullException>("catalog", () => CapabilityCitationMap.CreateDefault(null!));
        Assert.Throws<ArgumentNullException>("map", () => new CapabilityCitationMap(SecurityRuleCatalog.Latest, null!));
        Assert.Throws<ArgumentNullException>("capabilityId", () => _map.GetCitations(null!));
    }
}
