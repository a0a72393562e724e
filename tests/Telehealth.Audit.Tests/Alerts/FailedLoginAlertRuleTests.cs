namespace Telehealth.Audit.Tests.Alerts;

public sealed class FailedLoginAlertRuleTests
{
    private static readonly DateTimeOffset T0 = AlertEntries.Start;

    [Fact]
    public void Defaults()
    {
        Assert.Equal(5, FailedLoginAlertRule.DefaultThreshold);
        Assert.Equal(TimeSpan.FromMinutes(5), FailedLoginAlertRule.DefaultWindow);
        var rule = new FailedLoginAlertRule();
        var alerts = AlertEntries.Run(rule, Enumerable.Range(0, 5).Select(i => AlertEntries.FailedLogin(T0.AddSeconds(59 * i), ip: null)));
        Assert.Single(alerts);
    }

    [Fact]
    public void ThresholdMinusOneIsQuietAndThresholdAlerts()
    {
        var rule = new FailedLoginAlertRule(5, TimeSpan.FromMinutes(5));
        for (var i = 0; i < 4; i++)
        {
            Assert.Empty(rule.Evaluate(AlertEntries.FailedLogin(T0.AddSeconds(i), ip: null)));
        }

        var fifth = AlertEntries.FailedLogin(T0.AddSeconds(4), ip: null);
        var alert = Assert.Single(rule.Evaluate(fifth));
        Assert.Equal(FailedLoginAlertRule.Name, alert.RuleName);
        Assert.Equal("failed-login", alert.RuleName);
        Assert.Equal(AuditAlertSeverity.Warning, alert.Severity);
        Assert.Equal(fifth.Sequence, alert.TriggeringSequence);
        Assert.Equal(fifth.Record.OccurredAt, alert.OccurredAt);
        Assert.Equal("5 or more failed sign-in attempts for actor id 'u-1' within 00:05:00.", alert.Message);
    }

    [Fact]
    public void AnEventExactlyOneWindowOldHasDroppedOut()
    {
        var rule = new FailedLoginAlertRule(3, TimeSpan.FromMinutes(5));
        Assert.Empty(rule.Evaluate(AlertEntries.FailedLogin(T0, ip: null)));
        Assert.Empty(rule.Evaluate(AlertEntries.FailedLogin(T0.AddMinutes(1), ip: null)));
        Assert.Empty(rule.Evaluate(AlertEntries.FailedLogin(T0.AddMinutes(5), ip: null)));
        Assert.Single(rule.Evaluate(AlertEntries.FailedLogin(T0.AddMinutes(5).AddMilliseconds(1), ip: null)));
    }

    [Fact]
    public void AnEventJustInsideTheWindowStillCounts()
    {
        var rule = new FailedLoginAlertRule(3, TimeSpan.FromMinutes(5));
        Assert.Empty(rule.Evaluate(AlertEntries.FailedLogin(T0, ip: null)));
        Assert.Empty(rule.Evaluate(AlertEntries.FailedLogin(T0.AddMinutes(1), ip: null)));
        Assert.Single(rule.Evaluate(AlertEntries.FailedLogin(T0.AddMinutes(5).AddMilliseconds(-1), ip: null)));
    }

    [Fact]
    public void SlowAttemptsNeverAlert()
    {
        var rule = new FailedLoginAlertRule(5, TimeSpan.FromMinutes(5));
        var alerts = AlertEntries.Run(rule, Enumerable.Range(0, 100).Select(i => AlertEntries.FailedLogin(T0.AddMinutes(1.25 * i))));
        Assert.Empty(alerts);
    }

    [Fact]
    public void ActorsAreCountedSeparately()
    {
        var rule = new FailedLoginAlertRule(3, TimeSpan.FromMinutes(5));
        var entries = new[]
        {
            AlertEntries.FailedLogin(T0, "u-a", "203.0.113.1"),
            AlertEntries.FailedLogin(T0.AddSeconds(1), "u-b", "203.0.113.2"),
            AlertEntries.FailedLogin(T0.AddSeconds(2), "u-a", "203.0.113.3"),
            AlertEntries.FailedLogin(T0.AddSeconds(3), "u-b", "203.0.113.4"),
        };
        Assert.Empty(AlertEntries.Run(rule, entries));

        var alert = Assert.Single(rule.Evaluate(AlertEntries.FailedLogin(T0.AddSeconds(4), "u-b", "203.0.113.5")));
        Assert.Contains("actor id 'u-b'", alert.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OneAddressTryingManyActorsAlertsForTheAddress()
    {
        var rule = new FailedLoginAlertRule(3, TimeSpan.FromMinutes(5));
        var alerts = AlertEntries.Run(rule, Enumerable.Range(0, 3).Select(i => AlertEntries.FailedLogin(T0.AddSeconds(i), $"u-{i}", "198.51.100.9")));
        var alert = Assert.Single(alerts);
        Assert.Equal("3 or more failed sign-in attempts for source address '198.51.100.9' within 00:05:00.", alert.Message);
    }

    [Fact]
    public void AddressesAreCountedSeparately()
    {
        var rule = new FailedLoginAlertRule(3, TimeSpan.FromMinutes(5));
        var alerts = AlertEntries.Run(rule, Enumerable.Range(0, 4).Select(i => AlertEntries.FailedLogin(T0.AddSeconds(i), $"u-{i}", i % 2 == 0 ? "198.51.100.1" : "198.51.100.2")));
        Assert.Empty(alerts);
    }

    [Fact]
    public void AnActorIdThatLooksLikeAnAddressIsNotMixedWithAddresses()
    {
        var rule = new FailedLoginAlertRule(2, TimeSpan.FromMinutes(5));
        Assert.Empty(rule.Evaluate(AlertEntries.FailedLogin(T0, "198.51.100.1", ip: null)));
        Assert.Empty(rule.Evaluate(AlertEntries.FailedLogin(T0.AddSeconds(1), "u-x", "198.51.100.1")));
    }

    [Fact]
    public void OneActorFromOneAddressRaisesOneAlertForEach()
    {
        var rule = new FailedLoginAlertRule(3, TimeSpan.FromMinutes(5));
        var alerts = AlertEntries.Run(rule, Enumerable.Range(0, 3).Select(i => AlertEntries.FailedLogin(T0.AddSeconds(i), "u-1", "198.51.100.9")));
        Assert.Equal(2, alerts.Count);
        Assert.Contains(alerts, a => a.Message.Contains("actor id 'u-1'", StringComparison.Ordinal));
        Assert.Contains(alerts, a => a.Message.Contains("source address '198.51.100.9'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("auth.login", AuditOutcomeStatus.Failed, true)]
    [InlineData("auth.login", AuditOutcomeStatus.Denied, true)]
    [InlineData("auth.login", AuditOutcomeStatus.Success, false)]
    [InlineData("auth.login.failed", AuditOutcomeStatus.Failed, true)]
    [InlineData("auth.mfa.failed", AuditOutcomeStatus.Failed, true)]
    [InlineData("auth.mfa.failed", AuditOutcomeStatus.Success, true)]
    [InlineData("auth.token.refresh.failed", AuditOutcomeStatus.Denied, true)]
    [InlineData("auth.logout", AuditOutcomeStatus.Failed, false)]
    [InlineData("auth.login.succeeded", AuditOutcomeStatus.Success, false)]
    [InlineData("auth.failed_attempts.reset", AuditOutcomeStatus.Success, false)]
    [InlineData("authz.login.failed", AuditOutcomeStatus.Failed, false)]
    [InlineData("phi.read", AuditOutcomeStatus.Failed, false)]
    public void WhatCountsAsAFailedSignIn(string action, AuditOutcomeStatus status, bool counts)
    {
        var rule = new FailedLoginAlertRule(1, TimeSpan.FromMinutes(5));
        var alerts = rule.Evaluate(AlertEntries.Entry(action, T0, outcome: new AuditOutcome(status, "x")));
        Assert.Equal(counts ? 1 : 0, alerts.Count());
    }

    [Fact]
    public void AlertsOncePerWindowDuringALongAttack()
    {
        var rule = new FailedLoginAlertRule(5, TimeSpan.FromMinutes(5));

        // One attempt every 10 seconds for 12 minutes: alerts at 40 s, then not before 5:40, then not before 10:40.
        var alerts = AlertEntries.Run(rule, Enumerable.Range(0, 72).Select(i => AlertEntries.FailedLogin(T0.AddSeconds(10 * i), ip: null)));

        Assert.Equal([T0.AddSeconds(40), T0.AddSeconds(340), T0.AddSeconds(640)], alerts.Select(a => a.OccurredAt));
    }

    [Fact]
    public void AFarFutureTimestampDoesNotFreezeTheWindow()
    {
        var rule = new FailedLoginAlertRule(3, TimeSpan.FromMinutes(5));
        Assert.Empty(rule.Evaluate(AlertEntries.FailedLogin(T0.AddYears(50), ip: null)));
        var alerts = AlertEntries.Run(rule, Enumerable.Range(0, 3).Select(i => AlertEntries.FailedLogin(T0.AddSeconds(i), ip: null)));
        Assert.Single(alerts);
    }

    [Fact]
    public void SlightlyOutOfOrderEntriesCountWhereTheyBelong()
    {
        var rule = new FailedLoginAlertRule(3, TimeSpan.FromMinutes(5));
        Assert.Empty(rule.Evaluate(AlertEntries.FailedLogin(T0.AddMinutes(10), ip: null)));
        Assert.Empty(rule.Evaluate(AlertEntries.FailedLogin(T0.AddMinutes(9).AddSeconds(59), ip: null)));
        Assert.Single(rule.Evaluate(AlertEntries.FailedLogin(T0.AddMinutes(10).AddSeconds(1), ip: null)));
    }

    [Fact]
    public void InvalidThresholdsAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>("threshold", () => new FailedLoginAlertRule(0, TimeSpan.FromMinutes(1)));
        Assert.Throws<ArgumentOutOfRangeException>("window", () => new FailedLoginAlertRule(1, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>("window", () => new FailedLoginAlertRule(1, TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentNullException>("entry", () => new FailedLoginAlertRule().Evaluate(null!));
    }
}
