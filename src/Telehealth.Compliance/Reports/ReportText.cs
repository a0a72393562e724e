using System.Globalization;

namespace Telehealth.Compliance;

/// <summary>Wording and formats shared by the human-readable renderers, so Markdown and HTML say the same thing.</summary>
internal static class ReportText
{
    public static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—";

    public static string Instant(DateTimeOffset instant) => instant.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Level(RiskLevel level) => RiskLevelNames.Of(level);

    public static string Status(CoverageStatus status) => status switch
    {
        CoverageStatus.Satisfied => "Satisfied",
        CoverageStatus.NotSatisfied => "Not satisfied",
        _ => "Not assessed",
    };

    /// <summary>The observation in words; a metric's value follows its description after a colon, never after a full stop.</summary>
    public static string Observation(EvidenceItem item) => item.Observation.Metric is null
        ? item.Observation.Description
        : string.Create(CultureInfo.InvariantCulture, $"{item.Observation.Description.TrimEnd().TrimEnd('.', ':', ';').TrimEnd()}: {item.Observation.Value} {item.Observation.Unit}");

    public static string Agreement(VendorStatus vendor) =>
        $"{vendor.Vendor.BaaStatus}{(vendor.HasActiveAgreement ? " (active)" : vendor.Vendor.Agreement is null ? string.Empty : " (not active)")}";

    public static string NoticeLine(BreachNoticeStatus notice) =>
        $"{notice.Deadline.Recipient}{(notice.Deadline.Jurisdiction is { } j ? " " + j : string.Empty)} by {Date(notice.Deadline.DueBy)}: {notice.Standing}";

    public static string Notices(BreachStatus breach) => string.Join("; ", breach.Notices.Select(NoticeLine));

    public static string State(BreachStatus breach) => breach.State switch
    {
        BreachNotificationState.Open => breach.IsOverdue ? "Open, overdue" : "Open",
        BreachNotificationState.PendingAnnualLog => "Pending annual log",
        BreachNotificationState.Notified => "Notified",
        _ => "No notice required",
    };

    public static string Affected(BreachAssessment assessment) => assessment.TotalAffected.ToString(CultureInfo.InvariantCulture);

    /// <summary>The titles of the catalog entries of an assessment by citation, for explanations that name a specification.</summary>
    public static IReadOnlyDictionary<string, string> Titles(ComplianceAssessment assessment) =>
        assessment.Requirements.ToDictionary(r => r.Entry.Citation, r => r.Entry.Title, StringComparer.Ordinal);

    /// <summary>Why a requirement has its status, in one sentence: what satisfies it, or what fails.</summary>
    public static string Explanation(RequirementCoverage requirement, IReadOnlyDictionary<string, string> titles) => requirement.Status switch
    {
        CoverageStatus.Satisfied => "Satisfied by " + string.Join("; ", new[]
        {
            requirement.CurrentEvidenceIds.Count > 0 ? "current evidence " + string.Join(", ", requirement.CurrentEvidenceIds) : null,
            requirement.RiskAnalysisCompletedOn is { } on ? $"the risk analysis completed {Date(on)}" : null,
            requirement.Entry.IsStandard && requirement.CurrentEvidenceIds.Count == 0 && requirement.RiskAnalysisCompletedOn is null ? "every implementation specification of the standard" : null,
        }.OfType<string>()) + ".",
        CoverageStatus.NotSatisfied => "Not satisfied: " + string.Join("; ", requirement.Findings.Select(f => $"{f.Code} {f.Subject}")
            .Concat(requirement.FailingSpecifications.Select(s => $"specification {s} {titles.GetValueOrDefault(s)} is not satisfied"))
            .DefaultIfEmpty("current evidence shows a gap")) + ".",
        _ => "Not assessed: no current evidence and no finding.",
    };

    /// <summary>Why a section of the Breach Notification Rule has its status.</summary>
    public static string Explanation(BreachNotificationCoverage requirement) => requirement.Status switch
    {
        CoverageStatus.Satisfied => $"Satisfied: notices given in time ({string.Join(", ", requirement.AssessmentIds)}).",
        CoverageStatus.NotSatisfied => "Not satisfied: " + string.Join("; ", requirement.Findings.Select(f => $"{f.Code} {f.Subject}")) + ".",
        _ => "Not assessed: no breach has called for this notice.",
    };

    /// <summary>A finding as one sentence for documents that show it apart from its code and subject.</summary>
    public static string Finding(ComplianceFinding finding) =>
        finding.DueOn is { } due ? $"{finding.Message} Due {Date(due)}." : finding.Message;

    /// <summary>The levels from highest to lowest, the order of the heat map's rows.</summary>
    public static IReadOnlyList<RiskLevel> Descending(IRiskScale scale) => [.. scale.Levels.Reverse()];
}
