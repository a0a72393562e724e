namespace Telehealth.Audit.Tests.Alerts;

public sealed class BreakGlassAlertRuleTests
{
    private static readonly DateTimeOffset T0 = AlertEntries.Start;

    [Fact]
    public void EmergencyTreatmentPurposeIsCritical()
    {
        var entry = AlertEntries.Entry("phi.read", T0, "u-er", purpose: PurposeOfUse.EmergencyTreatment, justification: "unconscious patient, no consent on file");
        var alert = Assert.Single(new BreakGlassAlertRule().Evaluate(entry));
        Assert.Equal("break-glass", alert.RuleName);
        Assert.Equal(BreakGlassAlertRule.Name, alert.RuleName);
        Assert.Equal(AuditAlertSeverity.Critical, alert.Severity);
        Assert.Equal(entry.Sequence, alert.TriggeringSequence);
        Assert.Equal(T0, alert.OccurredAt);
        Assert.Equal("Break-glass access: 'phi.read' by actor id 'u-er' on patient-record 'r-7' (purpose ETREAT, outcome Success); review required.", alert.Message);
        Assert.DoesNotContain("unconscious", alert.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("access.break_glass")]
    [InlineData("access.break_glass.open")]
    [InlineData("access.break_glass.denied")]
    public void BreakGlassActionsAreCriticalWhateverThePurpose(string action)
    {
        var alert = Assert.Single(new BreakGlassAlertRule().Evaluate(AlertEntries.Entry(action, T0, purpose: PurposeOfUse.Treatment)));
        Assert.Equal(AuditAlertSeverity.Critical, alert.Severity);
    }

    [Theory]
    [InlineData("phi.read", PurposeOfUse.Treatment)]
    [InlineData("phi.read", null)]
    [InlineData("phi.read", "etreat")]
    [InlineData("access.break", null)]
    [InlineData("access.grant", null)]
    [InlineData("phi.access.break_glass", null)]
    public void OtherRecordsAreQuiet(string action, string? purpose)
    {
        Assert.Empty(new BreakGlassAlertRule().Evaluate(AlertEntries.Entry(action, T0, purpose: purpose)));
    }

    [Fact]
    public void EveryBreakGlassRecordAlerts()
    {
        var rule = new BreakGlassAlertRule();
        var alerts = AlertEntries.Run(rule, Enumerable.Range(0, 5).Select(i => AlertEntries.Entry("access.break_glass.open", T0.AddSeconds(i))));
        Assert.Equal(5, alerts.Count);
    }

    [Fact]
    public void IdsWithControlCharactersCannotForgeLogLines()
    {
        var entry = AlertEntries.Entry("access.break_glass", T0, "u-1\nCRITICAL all clear");
        var alert = Assert.Single(new BreakGlassAlertRule().Evaluate(entry));
        Assert.DoesNotContain('\n', alert.Message);
        Assert.Contains("'u-1?CRITICAL all clear'", alert.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NullEntryIsRejected() =>
        Assert.Throws<ArgumentNullException>("entry", () => new BreakGlassAlertRule().Evaluate(null!));
}
