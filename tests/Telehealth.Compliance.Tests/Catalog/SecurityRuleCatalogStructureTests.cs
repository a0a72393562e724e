using System.Text.RegularExpressions;

namespace Telehealth.Compliance.Tests.Catalog;

/// <summary>Links, citation form and lookups of the catalog.</summary>
public sealed partial class SecurityRuleCatalogStructureTests
{
    private static readonly SecurityRuleCatalog Catalog = SecurityRuleCatalog.Latest;

    [Fact]
    public void Latest_is_the_2013_omnibus_version()
    {
        Assert.Equal("2013-omnibus", SecurityRuleCatalog.LatestVersion);
        Assert.Equal(["2013-omnibus"], SecurityRuleCatalog.Versions);
        Assert.Same(SecurityRuleCatalog.Latest, SecurityRuleCatalog.ForVersion("2013-omnibus"));
        Assert.Equal("2013-omnibus", Catalog.Version);
    }

    [Fact]
    public void Every_specification_has_a_parent_standard_in_the_same_section()
    {
        Assert.All(Catalog.Specifications, spec =>
        {
            Assert.NotNull(spec.StandardCitation);
            var parent = Catalog.Get(spec.StandardCitation);
            Assert.True(parent.IsStandard, $"{spec.Citation}: parent {parent.Citation} is not a standard");
            Assert.Same(spec.Section, parent.Section);
            Assert.Contains(spec, Catalog.GetSpecifications(parent.Citation));
            Assert.Same(parent, Catalog.GetStandard(spec.Citation));
        });
    }

    [Fact]
    public void Standards_have_no_parent_and_are_their_own_standard()
    {
        Assert.All(Catalog.Standards, standard =>
        {
            Assert.Null(standard.StandardCitation);
            Assert.Same(standard, Catalog.GetStandard(standard.Citation));
        });
    }

    [Fact]
    public void Citations_are_unique_and_well_formed()
    {
        Assert.Equal(Catalog.Entries.Count, Catalog.Entries.Select(e => e.Citation).Distinct(StringComparer.Ordinal).Count());
        Assert.All(Catalog.Entries, e =>
        {
            Assert.Matches(CitationForm(), e.Citation);
            Assert.StartsWith(e.Section.Number + "(", e.Citation, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(e.Title));
            Assert.Equal(e.Title.Trim(), e.Title);
        });
    }

    [Fact]
    public void Specifications_are_cited_below_their_standards_paragraph()
    {
        // A specification sits in the same lettered paragraph as its standard: 164.312(e)(2)(i) under 164.312(e)(1).
        Assert.All(Catalog.Specifications, spec =>
            Assert.Equal(Paragraph(spec.StandardCitation!), Paragraph(spec.Citation)));
    }

    [Fact]
    public void Entries_list_each_standard_before_its_specifications()
    {
        string? standard = null;
        foreach (var entry in Catalog.Entries)
        {
            if (entry.IsStandard)
            {
                standard = entry.Citation;
            }
            else
            {
                Assert.Equal(standard, entry.StandardCitation);
            }
        }
    }

    [Fact]
    public void Lookup_by_citation()
    {
        Assert.True(Catalog.TryGet("164.312(b)", out var audit));
        Assert.Equal("Audit controls", audit.Title);
        Assert.True(Catalog.Contains("164.316(b)(2)(iii)"));
        Assert.False(Catalog.Contains("164.312(a)(2)(v)"));
        Assert.False(Catalog.Contains("164.308(a)(1)(i)"));
        Assert.False(Catalog.TryGet("45 CFR 164.312(b)", out _));
    }

    [Fact]
    public void Unknown_citation_is_TH5001()
    {
        var ex = Assert.Throws<ComplianceException>(() => Catalog.Get("164.312(f)"));

        Assert.Equal("TH5001", ex.Code);
        Assert.Equal("TH5001: '164.312(f)' is not a citation in the HIPAA Security Rule catalog 2013-omnibus.", ex.Message);
    }

    [Fact]
    public void Unknown_version_is_TH5002()
    {
        var ex = Assert.Throws<ComplianceException>(() => SecurityRuleCatalog.ForVersion("2025-proposed"));

        Assert.Equal("TH5002", ex.Code);
        Assert.Equal("TH5002: '2025-proposed' is not a known HIPAA Security Rule catalog version; known versions: 2013-omnibus.", ex.Message);
    }

    [Fact]
    public void Specifications_of_a_specification_is_TH5003()
    {
        var ex = Assert.Throws<ComplianceException>(() => Catalog.GetSpecifications("164.312(a)(2)(i)"));

        Assert.Equal("TH5003: 164.312(a)(2)(i) is an implementation specification, not a standard.", ex.Message);
    }

    [Fact]
    public void Specifications_of_a_standard_in_regulation_order()
    {
        Assert.Equal(
            ["164.312(a)(2)(i)", "164.312(a)(2)(ii)", "164.312(a)(2)(iii)", "164.312(a)(2)(iv)"],
            Catalog.GetSpecifications("164.312(a)(1)").Select(e => e.Citation));
        Assert.Empty(Catalog.GetSpecifications("164.312(b)"));
    }

    [Fact]
    public void Filters_select_by_requirement_and_safeguard()
    {
        Assert.All(Catalog.GetSpecifications(ImplementationRequirement.Addressable), e => Assert.True(e.IsAddressable && !e.IsStandard));
        Assert.All(Catalog.GetEntries(SafeguardCategory.Technical), e => Assert.Equal("164.312", e.Section.Number));
        Assert.Equal(
            ["164.312(a)(2)(iii)", "164.312(a)(2)(iv)", "164.312(c)(2)", "164.312(e)(2)(i)", "164.312(e)(2)(ii)"],
            Catalog.GetSpecifications(ImplementationRequirement.Addressable).Where(e => e.Safeguard == SafeguardCategory.Technical).Select(e => e.Citation));
    }

    [Fact]
    public void Null_arguments_name_the_parameter()
    {
        Assert.Throws<ArgumentNullException>("citation", () => Catalog.Get(null!));
        Assert.Throws<ArgumentNullException>("version", () => SecurityRuleCatalog.ForVersion(null!));
    }

    [Fact]
    public void Entry_describes_itself()
    {
        Assert.Equal("164.312(b) Audit controls (Required)", Catalog.Get("164.312(b)").ToString());
        Assert.Equal("164.312 Technical safeguards", Catalog.Sections[2].ToString());
    }

    private static string Paragraph(string citation) => citation[..(citation.IndexOf(')', StringComparison.Ordinal) + 1)];

    // Section, a lower-case paragraph letter, then optionally a number, a roman numeral and an upper-case letter.
    [GeneratedRegex(@"^164\.3(08|10|12|14|16)\([a-z]\)(\([1-9]\))?(\((i|ii|iii|iv|v)\))?(\([A-E]\))?$")]
    private static partial Regex CitationForm();
}
