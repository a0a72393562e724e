namespace Telehealth.Compliance;

/// <summary>Turns a <see cref="ComplianceAssessment"/> into a document: Markdown, HTML, JSON or OSCAL assessment results.</summary>
public interface IComplianceReportRenderer
{
    /// <summary>Gets the media type of the document, such as <c>text/html</c>.</summary>
    string MediaType { get; }

    /// <summary>Gets the usual file extension of the document, with its dot, such as <c>.html</c>.</summary>
    string FileExtension { get; }

    /// <summary>Renders an assessment.</summary>
    /// <param name="assessment">The assessment.</param>
    /// <returns>The document.</returns>
    string Render(ComplianceAssessment assessment);
}
