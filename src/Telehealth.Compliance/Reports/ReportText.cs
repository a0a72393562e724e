using System.Globalization;

namespace Telehealth.Compliance;

/// <summary>Wording and formats shared by the human-readable renderers, so Markdown and HTML say the same thing.</summary>
internal static class ReportText
{
    public static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—";

    public static string Instant(DateTimeOffset instant) => instant.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Level(RiskLevel level) => level switch
    {
        RiskLevel.VeryLow => "Very Low",
        RiskLevel.VeryHigh => "Very High",
        _ => level.ToString(),
    };

    public static string Status(CoverageStatus status) => status switch
    {
        CoverageStatus.Satisfied => "Satisfied",
        CoverageStatus.NotSatisfied => "Not satisfied",
        _ => "Not assessed",
    };

    public static string Observation(EvidenceItem item) => item.Observation.Metric is null
        ? item.Observation.Description
        : string.Create(CultureInfo.InvariantCulture, $"{item.Observation.Description}: {item.Observation.Value} {item.Observation.Unit}");

    public static string Agreement(VendorStatus vendor) =>
        $"{vendor.Vendor.BaaStatus}{(vendor.HasActiveAgreement ? " (active)" : vendor.Vendor.Agreement is null ? string.Empty : " (not active)")}";

    public static string Notice(BreachNoticeStatus notice) => notice.GivenOn is { } given
        ? $"given {Date(given)}{(notice.WasLate ? ", late" : string.Empty)}"
        : notice.IsOverdue ? "not given, overdue" : "not yet given";

    public static string NoticeLine(BreachNoticeStatus notice) =>
        $"{notice.Deadline.Recipient}{(notice.Deadline.Jurisdiction is { } j ? " " + j : string.Empty)} by {Date(notice.Deadline.DueBy)}: {Notice(notice)}";

    public static string Notices(BreachStatus breach) => string.Join("; ", breach.Notices.Select(NoticeLine));

    public static string State(BreachStatus breach) => breach.State switch
    {
        BreachNotificationState.Open => breach.IsOverdue ? "Open, overdue" : "Open",
        BreachNotificationState.PendingAnnualLog => "Pending annual log",
        BreachNotificationState.Notified => "Notified",
        _ => "No notice required",
    };

    public static string Affected(BreachAssessment assessment) => assessment.TotalAffected.ToString(CultureInfo.InvariantCulture);

    /// <summary>The levels from highest to lowest, the order of the heat map's rows.</summary>
    public static IReadOnlyList<RiskLevel> Descending(IRiskScale scale) => [.. scale.Levels.Reverse()];
}
