namespace Telehealth.Compliance.Evidence;

/// <summary>Creates every exception of the package, so codes and wording stay consistent.</summary>
internal static class Errors
{
    public static ComplianceException MalformedName(string field, string value) =>
        new(EvidenceErrorCodes.MalformedName, $"MetricEvidenceDefinition.{field} '{value}' is not well formed; use lower-case letters and digits in segments joined by '-' or '.', such as 'identity.mfa-enrollment'.");

    public static ComplianceException FieldMissing(string field) =>
        new(EvidenceErrorCodes.FieldMissing, $"MetricEvidenceDefinition.{field} is required and must not be blank.");

    public static ComplianceException LifetimeNotPositive(TimeSpan lifetime) =>
        new(EvidenceErrorCodes.LifetimeNotPositive, $"MetricEvidenceDefinition.Lifetime is {lifetime}; it must be positive.");

    public static ComplianceException UndefinedKind(EvidenceKind kind) =>
        new(EvidenceErrorCodes.UndefinedKind, $"{(int)kind} is not a defined value of EvidenceKind.");
}
