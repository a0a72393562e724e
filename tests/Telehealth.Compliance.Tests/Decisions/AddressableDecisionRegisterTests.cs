using Microsoft.Extensions.Time.Testing;

namespace Telehealth.Compliance.Tests.Decisions;

public sealed class AddressableDecisionRegisterTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly AddressableDecisionRegister _register;

    public AddressableDecisionRegisterTests()
    {
        _register = new AddressableDecisionRegister(SecurityRuleCatalog.Latest, _time);
    }

    [Fact]
    public void Without_decisions_every_addressable_specification_is_pending()
    {
        var pending = _register.GetPending();

        Assert.Equal(22, pending.Count);
        Assert.All(pending, p => Assert.Equal(PendingDecisionReason.NoDecision, p.Reason));
        Assert.All(pending, p => Assert.Null(p.LatestDecision));
        Assert.Equal(
            SecurityRuleCatalog.Latest.GetSpecifications(ImplementationRequirement.Addressable).Select(e => e.Citation),
            pending.Select(p => p.Specification.Citation));
    }

    [Fact]
    public void A_decision_is_current_through_its_review_date_and_overdue_the_day_after()
    {
        var decision = AddressableDecisionValidatorTests.Valid() with { NextReviewOn = new DateOnly(2026, 6, 30) };
        _register.Record(decision);

        Assert.Equal(21, _register.GetPending().Count);
        Assert.DoesNotContain(_register.GetPending(), p => p.Specification.Citation == "164.312(a)(2)(iii)");

        _time.Advance(TimeSpan.FromDays(121)); // 2026-06-30T12:00Z, the review date itself
        Assert.Equal(21, _register.GetPending().Count);

        _time.Advance(TimeSpan.FromHours(12)); // 2026-07-01T00:00Z
        var overdue = Assert.Single(_register.GetPending(), p => p.Reason == PendingDecisionReason.ReviewOverdue);
        Assert.Equal("164.312(a)(2)(iii)", overdue.Specification.Citation);
        Assert.Same(decision, overdue.LatestDecision);
        Assert.Equal("164.312(a)(2)(iii) ReviewOverdue", overdue.ToString());
    }

    [Fact]
    public void A_newer_decision_replaces_an_older_one_and_an_older_one_does_not_replace_a_newer()
    {
        var first = AddressableDecisionValidatorTests.Valid();
        var newer = AddressableDecisionValidatorTests.Valid() with { DecidedOn = new DateOnly(2026, 2, 1), NextReviewOn = new DateOnly(2027, 2, 1) };

        _register.Record(newer);
        _register.Record(first);

        Assert.True(_register.TryGetLatest("164.312(a)(2)(iii)", out var latest));
        Assert.Same(newer, latest);
        Assert.Same(newer, Assert.Single(_register.Decisions));
    }

    [Fact]
    public void An_invalid_decision_is_not_recorded()
    {
        var ex = Assert.Throws<ComplianceException>(() => _register.Record(AddressableDecisionValidatorTests.Valid("164.312(a)(2)(ii)")));

        Assert.Equal("TH5011", ex.Code);
        Assert.Empty(_register.Decisions);
        Assert.False(_register.TryGetLatest("164.312(a)(2)(ii)", out _));
    }

    [Fact]
    public void Null_arguments_name_the_parameter()
    {
        Assert.Throws<ArgumentNullException>("catalog", () => new AddressableDecisionRegister(null!, _time));
        Assert.Throws<ArgumentNullException>("timeProvider", () => new AddressableDecisionRegister(SecurityRuleCatalog.Latest, null!));
    }
}
