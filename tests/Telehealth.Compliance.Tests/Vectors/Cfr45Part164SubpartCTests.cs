namespace Telehealth.Compliance.Tests.Vectors;

/// <summary>
/// Entries checked one by one against the regulation text of 45 CFR 164.308–164.316 as amended in 2013
/// (eCFR / govinfo, Cornell LII) and Appendix A to Subpart C of Part 164 (Security Standards: Matrix).
/// Titles follow the section text, not the matrix, where the two differ in wording
/// (for example "Testing and revision procedures", which the matrix calls "Testing and Revision Procedure").
/// </summary>
public sealed class Cfr45Part164SubpartCTests
{
    private const ImplementationRequirement R = ImplementationRequirement.Required;
    private const ImplementationRequirement A = ImplementationRequirement.Addressable;

    public static TheoryData<string, string, ImplementationRequirement, string?> Entries => new()
    {
        { "164.308(a)(1)", "Security management process", R, null },
        { "164.308(a)(1)(ii)(A)", "Risk analysis", R, "164.308(a)(1)" },
        { "164.308(a)(1)(ii)(D)", "Information system activity review", R, "164.308(a)(1)" },
        { "164.308(a)(2)", "Assigned security responsibility", R, null },
        { "164.308(a)(3)(ii)(A)", "Authorization and/or supervision", A, "164.308(a)(3)" },
        { "164.308(a)(3)(ii)(C)", "Termination procedures", A, "164.308(a)(3)" },

        // Pitfall: the only required specification of Information access management.
        { "164.308(a)(4)(ii)(A)", "Isolating health care clearinghouse functions", R, "164.308(a)(4)" },
        { "164.308(a)(4)(ii)(C)", "Access establishment and modification", A, "164.308(a)(4)" },
        { "164.308(a)(5)(ii)(C)", "Log-in monitoring", A, "164.308(a)(5)" },
        { "164.308(a)(5)(ii)(D)", "Password management", A, "164.308(a)(5)" },
        { "164.308(a)(6)(ii)", "Response and reporting", R, "164.308(a)(6)" },
        { "164.308(a)(7)(ii)(C)", "Emergency mode operation plan", R, "164.308(a)(7)" },
        { "164.308(a)(7)(ii)(D)", "Testing and revision procedures", A, "164.308(a)(7)" },
        { "164.308(a)(7)(ii)(E)", "Applications and data criticality analysis", A, "164.308(a)(7)" },
        { "164.308(a)(8)", "Evaluation", R, null },

        // Pitfall: since 2013 the standard is (b)(1) and its specification is (b)(3), not (b)(4).
        { "164.308(b)(1)", "Business associate contracts and other arrangements", R, null },
        { "164.308(b)(3)", "Written contract or other arrangement", R, "164.308(b)(1)" },
        { "164.310(a)(2)(i)", "Contingency operations", A, "164.310(a)(1)" },
        { "164.310(a)(2)(iii)", "Access control and validation procedures", A, "164.310(a)(1)" },
        { "164.310(b)", "Workstation use", R, null },
        { "164.310(c)", "Workstation security", R, null },
        { "164.310(d)(2)(i)", "Disposal", R, "164.310(d)(1)" },
        { "164.310(d)(2)(ii)", "Media re-use", R, "164.310(d)(1)" },
        { "164.310(d)(2)(iii)", "Accountability", A, "164.310(d)(1)" },
        { "164.310(d)(2)(iv)", "Data backup and storage", A, "164.310(d)(1)" },
        { "164.312(a)(1)", "Access control", R, null },
        { "164.312(a)(2)(i)", "Unique user identification", R, "164.312(a)(1)" },
        { "164.312(a)(2)(ii)", "Emergency access procedure", R, "164.312(a)(1)" },
        { "164.312(a)(2)(iii)", "Automatic logoff", A, "164.312(a)(1)" },
        { "164.312(a)(2)(iv)", "Encryption and decryption", A, "164.312(a)(1)" },

        // Pitfall: Audit controls is a standard without specifications, so it is required.
        { "164.312(b)", "Audit controls", R, null },
        { "164.312(c)(1)", "Integrity", R, null },
        { "164.312(c)(2)", "Mechanism to authenticate electronic protected health information", A, "164.312(c)(1)" },
        { "164.312(d)", "Person or entity authentication", R, null },
        { "164.312(e)(1)", "Transmission security", R, null },
        { "164.312(e)(2)(i)", "Integrity controls", A, "164.312(e)(1)" },
        { "164.312(e)(2)(ii)", "Encryption", A, "164.312(e)(1)" },
        { "164.314(a)(1)", "Business associate contracts or other arrangements", R, null },
        { "164.314(a)(2)", "Business associate contracts", R, "164.314(a)(1)" },
        { "164.314(b)(1)", "Requirements for group health plans", R, null },
        { "164.314(b)(2)", "Group health plan requirements", R, "164.314(b)(1)" },
        { "164.316(a)", "Policies and procedures", R, null },
        { "164.316(b)(1)", "Documentation", R, null },
        { "164.316(b)(2)(i)", "Time limit", R, "164.316(b)(1)" },
        { "164.316(b)(2)(ii)", "Availability", R, "164.316(b)(1)" },
        { "164.316(b)(2)(iii)", "Updates", R, "164.316(b)(1)" },
    };

    [Theory]
    [MemberData(nameof(Entries))]
    public void Entry_matches_the_regulation_text(string citation, string title, ImplementationRequirement requirement, string? standard)
    {
        var entry = SecurityRuleCatalog.ForVersion("2013-omnibus").Get(citation);

        Assert.Equal(title, entry.Title);
        Assert.Equal(requirement, entry.Requirement);
        Assert.Equal(standard, entry.StandardCitation);
        Assert.Equal(standard is null ? SecurityRuleEntryKind.Standard : SecurityRuleEntryKind.ImplementationSpecification, entry.Kind);
    }

    [Fact]
    public void Subitems_of_164_314_a_2_are_not_separate_entries()
    {
        var catalog = SecurityRuleCatalog.Latest;

        Assert.False(catalog.Contains("164.314(a)(2)(i)"));
        Assert.False(catalog.Contains("164.314(a)(2)(ii)"));
        Assert.False(catalog.Contains("164.314(a)(2)(iii)"));
        Assert.Equal(["164.314(a)(2)"], catalog.GetSpecifications("164.314(a)(1)").Select(e => e.Citation));
    }
}
