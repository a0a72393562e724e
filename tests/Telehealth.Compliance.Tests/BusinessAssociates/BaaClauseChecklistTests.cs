namespace Telehealth.Compliance.Tests.BusinessAssociates;

public sealed class BaaClauseChecklistTests
{
    [Fact]
    public void Lists_every_clause_once_in_enum_order()
    {
        Assert.Equal(Enum.GetValues<BaaClause>(), BaaClauseChecklist.Items.Select(i => i.Clause));
        Assert.Equal(19, BaaClauseChecklist.Items.Count);
    }

    [Fact]
    public void Every_item_has_a_title_description_and_part_164_citation()
    {
        Assert.All(BaaClauseChecklist.Items, item =>
        {
            Assert.False(string.IsNullOrWhiteSpace(item.Title));
            Assert.False(string.IsNullOrWhiteSpace(item.Description));
            Assert.NotEmpty(item.Citations);
            Assert.All(item.Citations, c => Assert.StartsWith("164.", c, StringComparison.Ordinal));
        });
    }

    [Theory]
    [InlineData(BaaClause.SubcontractorFlowDown, "164.314(a)(2)(i)(B)")]
    [InlineData(BaaClause.IncidentAndBreachReporting, "164.314(a)(2)(i)(C)")]
    [InlineData(BaaClause.ReturnOrDestruction, "164.504(e)(2)(ii)(J)")]
    [InlineData(BaaClause.RightToAudit, "164.504(e)(2)(ii)(I)")]
    [InlineData(BaaClause.PermittedUsesAndDisclosures, "164.504(e)(2)(i)")]
    [InlineData(BaaClause.SecurityRuleCompliance, "164.314(a)(2)(i)(A)")]
    public void Cites_the_contract_requirements(BaaClause clause, string citation)
    {
        Assert.Equal(citation, BaaClauseChecklist.Get(clause).Citations[0]);
        Assert.Contains(citation, BaaClauseChecklist.Get(clause).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Undefined_clause_is_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>("clause", () => BaaClauseChecklist.Get((BaaClause)99));

    /// <summary>What 164.504(e)(2) and 164.314(a)(2)(i) require a business associate contract to provide.</summary>
    public static TheoryData<BaaClause, string> RequiredByTheRule => new()
    {
        { BaaClause.PermittedUsesAndDisclosures, "164.504(e)(2)(i)" },
        { BaaClause.SecurityRuleCompliance, "164.314(a)(2)(i)(A)" },
        { BaaClause.UnauthorizedUseOrDisclosureReporting, "164.504(e)(2)(ii)(C)" },
        { BaaClause.SubcontractorFlowDown, "164.314(a)(2)(i)(B)" },
        { BaaClause.IncidentAndBreachReporting, "164.314(a)(2)(i)(C)" },
        { BaaClause.IndividualAccess, "164.504(e)(2)(ii)(E)" },
        { BaaClause.Amendment, "164.504(e)(2)(ii)(F)" },
        { BaaClause.AccountingOfDisclosures, "164.504(e)(2)(ii)(G)" },
        { BaaClause.PrivacyRuleObligations, "164.504(e)(2)(ii)(H)" },
        { BaaClause.RightToAudit, "164.504(e)(2)(ii)(I)" },
        { BaaClause.ReturnOrDestruction, "164.504(e)(2)(ii)(J)" },
        { BaaClause.TerminationForMaterialBreach, "164.504(e)(2)(iii)" },
    };

    [Theory]
    [MemberData(nameof(RequiredByTheRule))]
    public void Every_clause_the_rule_requires_is_on_the_checklist_as_regulation(BaaClause clause, string citation)
    {
        var item = BaaClauseChecklist.Get(clause);

        Assert.Equal(BaaClauseBasis.Regulation, item.Basis);
        Assert.Equal(citation, item.Citations[0]);
    }

    [Theory]
    [InlineData(BaaClause.MultiFactorAuthentication)]
    [InlineData(BaaClause.MinimumNecessary)]
    [InlineData(BaaClause.Retention)]
    [InlineData(BaaClause.AccessReviewAndDeprovisioning)]
    [InlineData(BaaClause.Encryption)]
    [InlineData(BaaClause.RoleBasedAccessControl)]
    [InlineData(BaaClause.AuditLogging)]
    public void Good_practice_that_the_rule_does_not_require_in_the_contract_is_policy(BaaClause clause) =>
        Assert.Equal(BaaClauseBasis.Policy, BaaClauseChecklist.Get(clause).Basis);

    [Fact]
    public void The_checklist_is_the_regulatory_clauses_and_the_policy_clauses() =>
        Assert.Equal(
            [12, 7],
            [BaaClauseChecklist.Items.Count(i => i.Basis == BaaClauseBasis.Regulation), BaaClauseChecklist.Items.Count(i => i.Basis == BaaClauseBasis.Policy)]);
}
