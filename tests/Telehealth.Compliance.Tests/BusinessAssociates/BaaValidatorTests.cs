namespace Telehealth.Compliance.Tests.BusinessAssociates;

public sealed class BaaValidatorTests
{
    private readonly BaaValidator _validator = new(new BaaPolicy { MaxBreachNotificationDays = 30 });

    [Fact]
    public void Agreement_with_every_clause_within_policy_has_no_findings() =>
        Assert.Empty(_validator.Validate(Vendors.Create("cloud-host")));

    [Fact]
    public void Vendor_without_agreement_has_no_clause_findings() =>
        Assert.Empty(_validator.Validate(Vendors.Create("cloud-host") with { Agreement = null }));

    [Fact]
    public void Missing_clauses_are_reported_in_checklist_order_regulation_with_its_citation_and_policy_without()
    {
        var agreement = Vendors.FullAgreement() with
        {
            Clauses = [.. Enum.GetValues<BaaClause>().Except([BaaClause.RightToAudit, BaaClause.MinimumNecessary])],
        };

        var findings = _validator.Validate(Vendors.Create("cloud-host", agreement));

        Assert.Equal(2, findings.Count);
        Assert.All(findings, f => Assert.Equal("cloud-host", f.Subject));
        Assert.Equal(["TH5213", FindingCodes.BaaClauseMissing], findings.Select(f => f.Code));
        Assert.Equal([null, "164.504(e)(2)(ii)(I)"], findings.Select(f => f.Citation));
        Assert.Equal("The business associate agreement lacks the clause 'Minimum necessary' that the organization's policy requires (good practice; the rule does not require it in the contract).", findings[0].Message);
        Assert.Equal("The business associate agreement lacks the clause 'Right to audit' that 164.504(e)(2)(ii)(I) requires.", findings[1].Message);
    }

    [Fact]
    public void An_agreement_with_only_the_clauses_checked_before_lacks_what_164_504_e_and_164_314_a_require()
    {
        // The twelve clauses the checklist held first: the access, amendment, accounting, Subpart E, termination,
        // unauthorized use or disclosure and Subpart C clauses were missing from it.
        var agreement = Vendors.FullAgreement() with { Clauses = [.. Enum.GetValues<BaaClause>().Where(c => (int)c <= 12)] };

        var findings = _validator.Validate(Vendors.Create("cloud-host", agreement));

        Assert.All(findings, f => Assert.Equal(FindingCodes.BaaClauseMissing, f.Code));
        Assert.Equal(
            ["164.314(a)(2)(i)(A)", "164.504(e)(2)(ii)(C)", "164.504(e)(2)(ii)(E)", "164.504(e)(2)(ii)(F)", "164.504(e)(2)(ii)(G)", "164.504(e)(2)(ii)(H)", "164.504(e)(2)(iii)"],
            findings.Select(f => f.Citation));
    }

    [Fact]
    public void Missing_policy_clauses_are_not_regulatory_gaps_of_the_assessment()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var inventory = new VendorInventory(time);
        inventory.Add(Vendors.Create("cloud-host", Vendors.FullAgreement() with { Clauses = [.. Enum.GetValues<BaaClause>().Except([BaaClause.MultiFactorAuthentication])] }));

        var assessment = ComplianceAssessment.Create("t", SecurityRuleCatalog.Latest, time, vendors: inventory);

        var finding = Assert.Single(assessment.Findings);
        Assert.Equal("TH5213", finding.Code);
        Assert.All(assessment.Requirements, r => Assert.NotEqual(CoverageStatus.NotSatisfied, r.Status));
    }

    [Fact]
    public void Breach_notice_longer_than_policy_is_weaker()
    {
        var findings = _validator.Validate(Vendors.Create("cloud-host", Vendors.FullAgreement() with { BreachNotificationDays = 45 }));

        var finding = Assert.Single(findings);
        Assert.Equal(FindingCodes.BaaClauseWeakerThanPolicy, finding.Code);
        Assert.Null(finding.Citation); // within the 60 days of 164.410(b): a policy gap, not a regulatory one
        Assert.Equal("The breach notification period is 45 days; the policy requires at most 30 days.", finding.Message);
    }

    [Fact]
    public void Breach_notice_beyond_the_sixty_days_of_the_rule_is_a_regulatory_gap()
    {
        var finding = Assert.Single(_validator.Validate(Vendors.Create("cloud-host", Vendors.FullAgreement() with { BreachNotificationDays = 75 })));

        Assert.Equal(FindingCodes.BaaClauseWeakerThanPolicy, finding.Code);
        Assert.Equal("164.314(a)(2)(i)(C)", finding.Citation);
        Assert.Equal("The breach notification period is 75 days; the policy requires at most 30 days, and 164.410(b) allows at most 60.", finding.Message);
    }

    [Fact]
    public void Breach_notice_equal_to_policy_passes() =>
        Assert.Empty(_validator.Validate(Vendors.Create("cloud-host", Vendors.FullAgreement() with { BreachNotificationDays = 30 })));

    [Fact]
    public void Default_policy_allows_the_regulatory_sixty_days_but_not_more()
    {
        var validator = new BaaValidator();

        Assert.Empty(validator.Validate(Vendors.Create("a", Vendors.FullAgreement() with { BreachNotificationDays = 60 })));
        Assert.Single(validator.Validate(Vendors.Create("a", Vendors.FullAgreement() with { BreachNotificationDays = 61 })));
    }

    [Fact]
    public void Service_level_clause_without_a_number_is_weaker()
    {
        var findings = _validator.Validate(Vendors.Create("cloud-host", Vendors.FullAgreement() with { DeprovisioningHours = null }));

        Assert.Equal(
            "The clause 'Access review and deprovisioning' states no deprovisioning time; the policy requires at most 24 hours.",
            Assert.Single(findings).Message);
    }

    [Fact]
    public void Shorter_retention_and_longer_review_interval_are_weaker()
    {
        var findings = _validator.Validate(Vendors.Create("cloud-host", Vendors.FullAgreement() with { RetentionYears = 3, AccessReviewIntervalDays = 180 }));

        Assert.Equal(
            [
                "The access review interval is 180 days; the policy requires at most 90 days.",
                "The retention is 3 years; the policy requires at least 6 years.",
            ],
            findings.Select(f => f.Message));
    }

    [Fact]
    public void Absent_service_level_clause_is_reported_missing_not_weaker()
    {
        var agreement = Vendors.FullAgreement() with { Clauses = [.. Enum.GetValues<BaaClause>().Except([BaaClause.Retention])], RetentionYears = null };

        var finding = Assert.Single(_validator.Validate(Vendors.Create("cloud-host", agreement)));

        Assert.Equal("TH5213", finding.Code);
    }

    [Fact]
    public void Policy_may_require_fewer_policy_clauses_but_never_waives_what_the_rule_requires()
    {
        var validator = new BaaValidator(new BaaPolicy { RequiredClauses = [] });
        var regulatory = BaaClauseChecklist.Items.Where(i => i.Basis == BaaClauseBasis.Regulation).Select(i => i.Clause).ToArray();

        Assert.Empty(validator.Validate(Vendors.Create("cloud-host", Vendors.FullAgreement() with { Clauses = regulatory })));
        Assert.Equal(
            regulatory.Length - 1,
            validator.Validate(Vendors.Create("cloud-host", Vendors.FullAgreement() with { Clauses = [BaaClause.PermittedUsesAndDisclosures] })).Count(f => f.Code == FindingCodes.BaaClauseMissing));
    }

    [Theory]
    [InlineData(0, 24, "MaxBreachNotificationDays is 0; it must be positive.")]
    [InlineData(30, -1, "MaxDeprovisioningHours is -1; it must be positive.")]
    [InlineData(61, 24, "MaxBreachNotificationDays is 61; it must not exceed the 60 days of 164.410(b).")]
    public void Invalid_policy_is_rejected(int breachDays, int deprovisioningHours, string message)
    {
        var ex = Assert.Throws<ComplianceException>(() => new BaaValidator(new BaaPolicy { MaxBreachNotificationDays = breachDays, MaxDeprovisioningHours = deprovisioningHours }));

        Assert.Equal("TH5029", ex.Code);
        Assert.Equal($"TH5029: {message}", ex.Message);
    }

    [Fact]
    public void Undefined_required_clause_is_rejected() =>
        Assert.Equal("TH5030", Assert.Throws<ComplianceException>(() => new BaaValidator(new BaaPolicy { RequiredClauses = [(BaaClause)0] })).Code);

    [Fact]
    public void Null_vendor_names_the_parameter() =>
        Assert.Throws<ArgumentNullException>("vendor", () => _validator.Validate(null!));
}
