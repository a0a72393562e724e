namespace Telehealth.Compliance.Tests.Decisions;

public sealed class AddressableDecisionValidatorTests
{
    private readonly AddressableDecisionValidator _validator = new(SecurityRuleCatalog.Latest);

    internal static AddressableDecision Valid(string citation = "164.312(a)(2)(iii)") => new()
    {
        Citation = citation,
        Outcome = AddressableDecisionOutcome.Implemented,
        Rationale = "Sessions end after 15 minutes without activity.",
        Approver = "Security official",
        DecidedOn = new DateOnly(2026, 1, 15),
        NextReviewOn = new DateOnly(2027, 1, 15),
    };

    [Fact]
    public void Valid_decision_passes()
    {
        _validator.Validate(Valid());
        Assert.True(_validator.TryValidate(Valid(), out var error));
        Assert.Null(error);
    }

    [Fact]
    public void Equivalent_alternative_with_its_measure_passes()
    {
        var decision = new AddressableDecision
        {
            Citation = "164.312(e)(2)(ii)",
            Outcome = AddressableDecisionOutcome.EquivalentAlternative,
            Rationale = "The legacy lab interface cannot negotiate TLS.",
            Approver = "Security official",
            DecidedOn = new DateOnly(2026, 1, 15),
            NextReviewOn = new DateOnly(2026, 7, 15),
            AlternativeMeasure = "The interface runs only over a dedicated IPsec tunnel.",
        };

        _validator.Validate(decision);
    }

    public static TheoryData<AddressableDecision, string> Invalid => new()
    {
        { With(Valid("164.312(z)")), "TH5001: '164.312(z)' is not a citation in the HIPAA Security Rule catalog 2013-omnibus." },
        { With(Valid("164.312(a)(1)")), "TH5010: 164.312(a)(1) is a standard; addressable decisions are made for implementation specifications." },
        { With(Valid("164.312(b)")), "TH5010: 164.312(b) is a standard; addressable decisions are made for implementation specifications." },
        {
            With(Valid("164.312(a)(2)(i)")),
            "TH5011: 164.312(a)(2)(i) (Unique user identification) is a required implementation specification; it must be implemented, so an addressable decision under 164.306(d)(3) does not apply."
        },
        {
            With(Valid("164.308(a)(4)(ii)(A)")),
            "TH5011: 164.308(a)(4)(ii)(A) (Isolating health care clearinghouse functions) is a required implementation specification; it must be implemented, so an addressable decision under 164.306(d)(3) does not apply."
        },
        { With(Valid(), outcome: (AddressableDecisionOutcome)0), "TH5016: The decision outcome 0 is not defined." },
        { With(Valid(), rationale: ""), "TH5012: An addressable decision must state its rationale." },
        { With(Valid(), rationale: "  \t"), "TH5012: An addressable decision must state its rationale." },
        { With(Valid(), approver: " "), "TH5013: An addressable decision must name its approver." },
        { With(Valid(), next: new DateOnly(2026, 1, 15)), "TH5014: The next review date (2026-01-15) must be after the decision date (2026-01-15)." },
        { With(Valid(), next: new DateOnly(2025, 12, 31)), "TH5014: The next review date (2025-12-31) must be after the decision date (2026-01-15)." },
        { With(Valid(), outcome: AddressableDecisionOutcome.EquivalentAlternative), "TH5015: A decision for an equivalent alternative must describe the alternative measure." },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_decision_is_rejected_with_its_code_and_message(AddressableDecision decision, string message)
    {
        var ex = Assert.Throws<ComplianceException>(() => _validator.Validate(decision));

        Assert.Equal(message, ex.Message);
        Assert.Equal(message[..6], ex.Code);
        Assert.False(_validator.TryValidate(decision, out var error));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Not_reasonable_and_appropriate_needs_no_alternative()
    {
        _validator.Validate(With(Valid("164.310(a)(2)(iv)"), outcome: AddressableDecisionOutcome.NotReasonableAndAppropriate));
    }

    [Fact]
    public void Null_arguments_name_the_parameter()
    {
        Assert.Throws<ArgumentNullException>("catalog", () => new AddressableDecisionValidator(null!));
        Assert.Throws<ArgumentNullException>("decision", () => _validator.Validate(null!));
    }

    private static AddressableDecision With(
        AddressableDecision d,
        AddressableDecisionOutcome? outcome = null,
        string? rationale = null,
        string? approver = null,
        DateOnly? next = null) => d with
    {
        Outcome = outcome ?? d.Outcome,
        Rationale = rationale ?? d.Rationale,
        Approver = approver ?? d.Approver,
        NextReviewOn = next ?? d.NextReviewOn,
    };
}
