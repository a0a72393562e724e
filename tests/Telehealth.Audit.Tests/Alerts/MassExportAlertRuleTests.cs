namespace Telehealth.Audit.Tests.Alerts;

public sealed class MassExportAlertRuleTests
{
    private static readonly DateTimeOffset T0 = AlertEntries.Start;

    [Fact]
    public void DefaultsAre100In10Minutes_99IsQuiet_100Alerts()
    {
        Assert.Equal(100, MassExportAlertRule.DefaultThreshold);
        Assert.Equal(TimeSpan.FromMinutes(10), MassExportAlertRule.DefaultWindow);
        var rule = new MassExportAlertRule();

        // 100 reads spread over 9:54: all inside one 10-minute window.
        var reads = Enumerable.Range(0, 100).Select(i => AlertEntries.Entry(i % 2 == 0 ? "phi.read" : "phi.export", T0.AddSeconds(6 * i), "u-bulk")).ToArray();
        Assert.Empty(AlertEntries.Run(rule, reads[..99]));

        var alert = Assert.Single(rule.Evaluate(reads[99]));
        Assert.Equal("mass-export", alert.RuleName);
        Assert.Equal(AuditAlertSeverity.Critical, alert.Severity);
        Assert.Equal(reads[99].Sequence, alert.TriggeringSequence);
        Assert.Equal(reads[99].Record.OccurredAt, alert.OccurredAt);
        Assert.Equal("100 or more PHI reads or exports by actor id 'u-bulk' within 00:10:00.", alert.Message);
    }

    [Fact]
    public void AlertsOncePerWindowNotOnEveryFurtherRecord()
    {
        var rule = new MassExportAlertRule(10, TimeSpan.FromMinutes(10));
        var alerts = AlertEntries.Run(rule, Enumerable.Range(0, 500).Select(i => AlertEntries.Entry("phi.read", T0.AddMilliseconds(100 * i))));
        var alert = Assert.Single(alerts);
        Assert.Equal(T0.AddMilliseconds(900), alert.OccurredAt);
    }

    [Fact]
    public void AlertsAgainInTheNextWindowIfTheExportGoesOn()
    {
        var rule = new MassExportAlertRule(10, TimeSpan.FromMinutes(10));

        // One read every 30 seconds for 25 minutes: the 10th at 4:30, then one window later at 14:30 and 24:30.
        var alerts = AlertEntries.Run(rule, Enumerable.Range(0, 50).Select(i => AlertEntries.Entry("phi.read", T0.AddSeconds(30 * i))));
        Assert.Equal([T0.AddSeconds(270), T0.AddSeconds(870), T0.AddSeconds(1470)], alerts.Select(a => a.OccurredAt));
    }

    [Fact]
    public void AfterABurstTheNextWindowNeedsTheThresholdAgain()
    {
        var rule = new MassExportAlertRule(3, TimeSpan.FromMinutes(10));
        Assert.Single(AlertEntries.Run(rule, Enumerable.Range(0, 3).Select(i => AlertEntries.Entry("phi.read", T0.AddSeconds(i)))));

        // Eleven minutes later: two reads are not enough, the third is.
        var later = T0.AddMinutes(11);
        Assert.Empty(rule.Evaluate(AlertEntries.Entry("phi.read", later)));
        Assert.Empty(rule.Evaluate(AlertEntries.Entry("phi.read", later.AddSeconds(1))));
        Assert.Single(rule.Evaluate(AlertEntries.Entry("phi.read", later.AddSeconds(2))));
    }

    [Fact]
    public void OldReadsDropOutOfTheWindow()
    {
        var rule = new MassExportAlertRule(3, TimeSpan.FromMinutes(10));
        Assert.Empty(rule.Evaluate(AlertEntries.Entry("phi.read", T0)));
        Assert.Empty(rule.Evaluate(AlertEntries.Entry("phi.read", T0.AddMinutes(5))));
        Assert.Empty(rule.Evaluate(AlertEntries.Entry("phi.read", T0.AddMinutes(10))));
        Assert.Single(rule.Evaluate(AlertEntries.Entry("phi.read", T0.AddMinutes(11))));
    }

    [Fact]
    public void ActorsAreCountedSeparately()
    {
        var rule = new MassExportAlertRule(3, TimeSpan.FromMinutes(10));
        var alerts = AlertEntries.Run(rule, Enumerable.Range(0, 4).Select(i => AlertEntries.Entry("phi.read", T0.AddSeconds(i), i % 2 == 0 ? "u-a" : "u-b")));
        Assert.Empty(alerts);
        var alert = Assert.Single(rule.Evaluate(AlertEntries.Entry("phi.export", T0.AddSeconds(5), "u-a")));
        Assert.Contains("'u-a'", alert.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("phi.read", true)]
    [InlineData("phi.export", true)]
    [InlineData("phi.update", false)]
    [InlineData("phi.create", false)]
    [InlineData("phi.read.bulk", false)]
    [InlineData("audit.export", false)]
    public void OnlyPhiReadsAndExportsCount(string action, bool counts)
    {
        var rule = new MassExportAlertRule(1, TimeSpan.FromMinutes(10));
        Assert.Equal(counts ? 1 : 0, rule.Evaluate(AlertEntries.Entry(action, T0)).Count());
    }

    [Fact]
    public void RefusedReadsCountToo()
    {
        var rule = new MassExportAlertRule(2, TimeSpan.FromMinutes(10));
        Assert.Empty(rule.Evaluate(AlertEntries.Entry("phi.read", T0, outcome: AuditOutcome.Denied("policy.no_relationship"))));
        Assert.Single(rule.Evaluate(AlertEntries.Entry("phi.read", T0.AddSeconds(1), outcome: AuditOutcome.Failed("not_found"))));
    }

    [Fact]
    public void InvalidThresholdsAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>("threshold", () => new MassExportAlertRule(0, TimeSpan.FromMinutes(1)));
        Assert.Throws<ArgumentOutOfRangeException>("window", () => new MassExportAlertRule(1, TimeSpan.Zero));
        Assert.Throws<ArgumentNullException>("entry", () => new MassExportAlertRule().Evaluate(null!));
    }
}
