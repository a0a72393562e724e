using NJsonSchema;

namespace Telehealth.Compliance.Tests.Reports;

/// <summary>The official NIST OSCAL 1.2.1 JSON schemas of the repository's shared folder, loaded once, and validation against them.</summary>
internal static class OscalSchemas
{
    public static readonly Lazy<Task<JsonSchema>> Catalog = new(() => Load("oscal_catalog_schema.json"));
    public static readonly Lazy<Task<JsonSchema>> AssessmentResults = new(() => Load("oscal_assessment-results_schema.json"));
    public static readonly Lazy<Task<JsonSchema>> PlanOfActionAndMilestones = new(() => Load("oscal_poam_schema.json"));

    /// <summary>Validates a document; the errors as text, empty when valid.</summary>
    public static async Task<IReadOnlyList<string>> Validate(Lazy<Task<JsonSchema>> schema, string json) =>
        [.. (await schema.Value).Validate(json).Select(e => e.ToString())];

    private static Task<JsonSchema> Load(string file) =>
        JsonSchema.FromFileAsync(Path.GetFullPath(Path.Combine(Telehealth.Testing.RepositoryFiles.Root(), "..", "shared", "oscal", file)));
}
