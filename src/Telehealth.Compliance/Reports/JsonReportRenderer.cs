using System.Text.Json;

namespace Telehealth.Compliance;

/// <summary>
/// Renders an assessment as JSON with System.Text.Json source generation (no reflection, so it works trimmed and
/// native AOT): camelCase property names, enums as strings, dates as ISO 8601, null values left out. The shape follows
/// the public properties of <see cref="ComplianceAssessment"/> and the types it holds.
/// </summary>
public sealed class JsonReportRenderer : IComplianceReportRenderer
{
    /// <inheritdoc />
    public string MediaType => "application/json";

    /// <inheritdoc />
    public string FileExtension => ".json";

    /// <inheritdoc />
    public string Render(ComplianceAssessment assessment)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        return JsonSerializer.Serialize(assessment, ComplianceJsonContext.Default.ComplianceAssessment);
    }
}
