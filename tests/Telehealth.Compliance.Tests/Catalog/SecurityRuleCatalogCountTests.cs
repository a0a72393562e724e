namespace Telehealth.Compliance.Tests.Catalog;

/// <summary>The totals of the 2013-omnibus catalog, against the regulation text and Appendix A to Subpart C of Part 164.</summary>
public sealed class SecurityRuleCatalogCountTests
{
    private static readonly SecurityRuleCatalog Catalog = SecurityRuleCatalog.ForVersion("2013-omnibus");

    private static readonly string[] AppendixASections = ["164.308", "164.310", "164.312"];

    [Fact]
    public void Whole_catalog_has_22_standards_and_41_specifications_19_required_22_addressable()
    {
        Assert.Equal(22, Catalog.Standards.Count);
        Assert.Equal(41, Catalog.Specifications.Count);
        Assert.Equal(63, Catalog.Entries.Count);
        Assert.Equal(19, Catalog.GetSpecifications(ImplementationRequirement.Required).Count);
        Assert.Equal(22, Catalog.GetSpecifications(ImplementationRequirement.Addressable).Count);
    }

    [Fact]
    public void Sections_164_308_to_164_312_match_Appendix_A_18_standards_36_specifications_14_required_22_addressable()
    {
        var entries = Catalog.Entries.Where(e => AppendixASections.Contains(e.Section.Number)).ToList();
        var specifications = entries.Where(e => !e.IsStandard).ToList();

        Assert.Equal(18, entries.Count(e => e.IsStandard));
        Assert.Equal(36, specifications.Count);
        Assert.Equal(14, specifications.Count(e => e.Requirement == ImplementationRequirement.Required));
        Assert.Equal(22, specifications.Count(e => e.Requirement == ImplementationRequirement.Addressable));
    }

    [Theory]
    [InlineData(SafeguardCategory.Administrative, 9, 21, 10)]
    [InlineData(SafeguardCategory.Physical, 4, 8, 2)]
    [InlineData(SafeguardCategory.Technical, 5, 7, 2)]
    [InlineData(SafeguardCategory.Organizational, 2, 2, 2)]
    [InlineData(SafeguardCategory.PoliciesProceduresAndDocumentation, 2, 3, 3)]
    public void Each_safeguard_has_its_counts(SafeguardCategory safeguard, int standards, int specifications, int required)
    {
        var entries = Catalog.GetEntries(safeguard);

        Assert.Equal(standards, entries.Count(e => e.IsStandard));
        Assert.Equal(specifications, entries.Count(e => !e.IsStandard));
        Assert.Equal(required, entries.Count(e => !e.IsStandard && e.Requirement == ImplementationRequirement.Required));
    }

    [Fact]
    public void Sections_map_to_their_safeguard_category()
    {
        Assert.Equal(
            [
                ("164.308", "Administrative safeguards", SafeguardCategory.Administrative),
                ("164.310", "Physical safeguards", SafeguardCategory.Physical),
                ("164.312", "Technical safeguards", SafeguardCategory.Technical),
                ("164.314", "Organizational requirements", SafeguardCategory.Organizational),
                ("164.316", "Policies and procedures and documentation requirements", SafeguardCategory.PoliciesProceduresAndDocumentation),
            ],
            Catalog.Sections.Select(s => (s.Number, s.Title, s.Safeguard)));
    }

    [Fact]
    public void Standards_without_specifications_are_the_required_standards_of_Appendix_A()
    {
        var alone = Catalog.Standards.Where(s => Catalog.GetSpecifications(s.Citation).Count == 0).Select(s => s.Citation);

        Assert.Equal(
            ["164.308(a)(2)", "164.308(a)(8)", "164.310(b)", "164.310(c)", "164.312(b)", "164.312(d)", "164.316(a)"],
            alone);
        Assert.All(Catalog.Standards, s => Assert.Equal(ImplementationRequirement.Required, s.Requirement));
    }
}
