namespace Telehealth.Audit;

/// <summary>What an audited action was performed on.</summary>
/// <param name="Type">The kind of resource, such as <c>patient-record</c> or <c>visit</c>.</param>
/// <param name="Id">An opaque identifier of the resource; never a medical record number in clear or any other PHI.</param>
public sealed record AuditResource(string Type, string Id);
