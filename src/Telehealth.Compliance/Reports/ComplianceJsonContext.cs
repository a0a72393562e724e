using System.Text.Json.Serialization;

namespace Telehealth.Compliance;

/// <summary>The source-generated serialization metadata of the JSON report, so it needs no reflection (trimming and AOT).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ComplianceAssessment))]
internal sealed partial class ComplianceJsonContext : JsonSerializerContext;
