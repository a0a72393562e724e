namespace Telehealth.Compliance.Tests.BusinessAssociates;

public sealed class BaaClauseChecklistTests
{
    [Fact]
    public void Lists_every_clause_once_in_enum_order()
    {
        Assert.Equal(Enum.GetValues<BaaClause>(), BaaClauseChecklist.Items.Select(i => i.Clause));
        Assert.Equal(12, BaaClauseChecklist.Items.Count);
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
    [InlineData(BaaClause.Encryption, "164.314(a)(2)(i)(A)")]
    public void Cites_the_contract_requirements(BaaClause clause, string citation)
    {
        Assert.Equal(citation, BaaClauseChecklist.Get(clause).Citations[0]);
        Assert.Contains(citation, BaaClauseChecklist.Get(clause).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Undefined_clause_is_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>("clause", () => BaaClauseChecklist.Get((BaaClause)99));
}
