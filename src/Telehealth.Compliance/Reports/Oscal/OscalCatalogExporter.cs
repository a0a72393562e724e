using System.Text.Json;

namespace Telehealth.Compliance;

/// <summary>
/// Exports a <see cref="SecurityRuleCatalog"/> as an OSCAL 1.2.1 catalog (JSON): one group per section, each standard a
/// control and each implementation specification a control nested in its standard, then a group for the Breach
/// Notification Rule (Subpart D) with one control per section (<see cref="SecurityRuleCatalog.BreachNotification"/>). Control ids are
/// <c>hipaa-</c> plus the citation with parentheses turned into dashes (<c>164.312(a)(2)(iv)</c> becomes
/// <c>hipaa-164.312-a-2-iv</c>); the citation itself is the <c>label</c> property, and what the entry requires is the
/// control's statement part, <c>hipaa-164.312-a-2-iv_smt</c>. Required or addressable, the
/// safeguard category and the catalog version are properties in this package's namespace. UUIDs are name-based, so
/// exporting the same catalog twice gives the same document.
/// </summary>
public static class OscalCatalogExporter
{
    /// <summary>The usual file name of the exported catalog; <see cref="OscalAssessmentResultsRenderer"/> links it by this relative name unless told otherwise.</summary>
    public const string DefaultFileName = "hipaa-catalog.oscal.json";

    /// <summary>The regulation text the catalog is taken from, linked as the catalog's source.</summary>
    private const string RegulationText = "https://www.ecfr.gov/current/title-45/subtitle-A/subchapter-C/part-164";

    /// <summary>Exports a catalog.</summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="lastModified">The document's <c>last-modified</c> instant.</param>
    /// <returns>The OSCAL catalog as indented JSON.</returns>
    public static string Export(SecurityRuleCatalog catalog, DateTimeOffset lastModified)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return Oscal.Write(json =>
        {
            json.WriteStartObject();
            json.WriteStartObject("catalog");
            json.WriteString("uuid", Oscal.Uuid($"catalog/{catalog.Version}"));
            Oscal.Metadata(json, $"HIPAA Security Rule and Breach Notification Rule, 45 CFR Part 164 Subparts C and D ({catalog.Version})", lastModified, catalog.Version, RegulationText);
            json.WriteStartArray("groups");
            foreach (var section in catalog.Sections)
            {
                json.WriteStartObject();
                json.WriteString("id", $"hipaa-{section.Number}");
                json.WriteString("class", "section");
                json.WriteString("title", section.Title);
                json.WriteStartArray("props");
                Oscal.Prop(json, "label", section.Number, own: false);
                Oscal.Prop(json, "safeguard", Safeguard(section.Safeguard));
                json.WriteEndArray();
                json.WriteStartArray("controls");
                foreach (var standard in catalog.Standards.Where(s => s.Section == section))
                {
                    Control(json, standard, catalog.GetSpecifications(standard.Citation));
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteStartObject();
            json.WriteString("id", BreachNotificationGroupId);
            json.WriteString("class", "subpart");
            json.WriteString("title", "Notification in the case of breach of unsecured protected health information");
            json.WriteStartArray("props");
            Oscal.Prop(json, "label", "Subpart D", own: false);
            json.WriteEndArray();
            json.WriteStartArray("controls");
            foreach (var requirement in catalog.BreachNotification)
            {
                json.WriteStartObject();
                json.WriteString("id", Oscal.ControlId(requirement.Citation));
                json.WriteString("class", "breach-notification");
                json.WriteString("title", requirement.Title);
                json.WriteStartArray("props");
                Oscal.Prop(json, "label", requirement.Citation, own: false);
                json.WriteEndArray();
                Statement(json, requirement.Citation, requirement.Statement);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        });
    }

    /// <summary>The id of the group that holds the sections of the Breach Notification Rule.</summary>
    internal const string BreachNotificationGroupId = "hipaa-164-subpart-d";

    internal static string Safeguard(SafeguardCategory safeguard) => safeguard switch
    {
        SafeguardCategory.Administrative => "administrative",
        SafeguardCategory.Physical => "physical",
        SafeguardCategory.Technical => "technical",
        SafeguardCategory.Organizational => "organizational",
        _ => "policies-procedures-documentation",
    };

    /// <summary>The control's statement part, <c>&lt;control id&gt;_smt</c>, which assessment findings target.</summary>
    private static void Statement(Utf8JsonWriter json, string citation, string prose)
    {
        json.WriteStartArray("parts");
        json.WriteStartObject();
        json.WriteString("id", Oscal.StatementId(citation));
        json.WriteString("name", "statement");
        json.WriteString("prose", prose);
        json.WriteEndObject();
        json.WriteEndArray();
    }

    private static void Control(Utf8JsonWriter json, SecurityRuleEntry entry, IReadOnlyList<SecurityRuleEntry> children)
    {
        json.WriteStartObject();
        json.WriteString("id", Oscal.ControlId(entry.Citation));
        json.WriteString("class", entry.IsStandard ? "standard" : "implementation-specification");
        json.WriteString("title", entry.Title);
        json.WriteStartArray("props");
        Oscal.Prop(json, "label", entry.Citation, own: false);
        Oscal.Prop(json, "implementation-requirement", entry.IsAddressable ? "addressable" : "required");
        json.WriteEndArray();
        Statement(json, entry.Citation, entry.Statement);
        if (children.Count > 0)
        {
            json.WriteStartArray("controls");
            foreach (var child in children)
            {
                Control(json, child, []);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }
}
