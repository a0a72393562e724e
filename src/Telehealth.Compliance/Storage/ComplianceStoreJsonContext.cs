using System.Text.Json.Serialization;

namespace Telehealth.Compliance;

/// <summary>The source-generated serialization metadata of the stored records, so storing needs no reflection (trimming and AOT).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    UseStringEnumConverter = true,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ComplianceRecordsState))]
internal sealed partial class ComplianceStoreJsonContext : JsonSerializerContext;
