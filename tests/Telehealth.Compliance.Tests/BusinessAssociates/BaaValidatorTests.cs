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
    public void Missing_clauses_are_reported_in_checklist_order_with_their_citation()
    {
        var agreement = Vendors.FullAgreement() with
        {
            Clauses = [.. Enum.GetValues<BaaClause>().Except([BaaClause.RightToAudit, BaaClause.MinimumNecessary])],
        };

        var findings = _validator.Validate(Vendors.Create("cloud-host", agreement));

        Assert.Equal(2, findings.Count);
        Assert.All(findings, f => Assert.Equal(FindingCodes.BaaClauseMissing, f.Code));
        Assert.All(findings, f => Assert.Equal("cloud-host", f.Subject));
        Assert.Equal(["164.502(b)", "164.504(e)(2)(ii)(I)"], findings.Select(f => f.Citation));
        Assert.Equal("The business associate agreement lacks the clause 'Minimum necessary'.", findings[0].Message);
    }

    [Fact]
    public void Breach_notice_longer_than_policy_is_weaker()
    {
        var findings = _validator.Validate(Vendors.Create("cloud-host", Vendors.FullAgreement() with { BreachNotificationDays = 45 }));

        var finding = Assert.Single(findings);
        Assert.Equal(FindingCodes.BaaClauseWeakerThanPolicy, finding.Code);
        Assert.Equal("164.314(a)(2)(i)(C)", finding.Citation);
        Assert.Equal("The breach notification period is 45 days; the policy requires at most 30 days.", finding.Message);
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

        Assert.Equal(FindingCodes.BaaClauseMissing, finding.Code);
    }

    [Fact]
    public void Policy_may_require_fewer_clauses()
    {
        var validator = new BaaValidator(new BaaPolicy { RequiredClauses = [BaaClause.PermittedUsesAndDisclosures] });
        var agreement = Vendors.FullAgreement() with { Clauses = [BaaClause.PermittedUsesAndDisclosures] };

        Assert.Empty(validator.Validate(Vendors.Create("cloud-host", agreement)));
    }

    [Theory]
    [InlineData(0, 24, "MaxBreachNotificationDays is 0; it must be positive.")]
    [InlineData(30, -1, "MaxDeprovisioningHours is -1; it must be positive.")]
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
