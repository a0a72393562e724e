using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;

namespace Telehealth.Audit.Tests.Export;

/// <summary>
/// Exported AuditEvents checked by an independent FHIR R4 validator (Firely.Fhir.Validation.R4 with the R4
/// specification and its terminology): structure, cardinality, datatypes (<c>code</c>, <c>uri</c>,
/// <c>id</c>, <c>string</c>, <c>instant</c>), invariants and the required bindings.
/// </summary>
public sealed class FirelyFhirValidationTests
{
    private static readonly Lazy<(Validator Validator, FhirJsonDeserializer Parser)> Fhir = new(() =>
    {
        var source = new CachedResolver(ZipSource.CreateValidationSource());
        return (new Validator(source, new LocalTerminologyService(source)), new FhirJsonDeserializer());
    });

    private static readonly object Gate = new();

    public static TheoryData<string> Entries => new()
    {
        "fixed", "minimal", "service", "system", "denied", "failed with free text", "hsysadmin", "legacy sysadmin", "unknown purpose",
        "pseudonymized address", "ipv6", "hostile but valid", "login", "break glass", "export", "no correlation", "every extra",
    };

    [Theory]
    [MemberData(nameof(Entries))]
    public void Exported_AuditEvents_are_valid_FHIR_R4(string name)
    {
        var json = FhirAuditEventFormatter.ToJson(Entry(name));
        var errors = Validate(json);
        Assert.True(errors.Count == 0, string.Join("\n", errors) + "\n" + json);
    }

    [Fact]
    public void The_validator_catches_what_0_1_exported()
    {
        // The 0.1 shapes the issue reports: a correlation id with a space in agent.policy (a uri), a resource
        // type with a line feed (a code) and a whitespace-only identifier.
        const string old =
            "{\"resourceType\":\"AuditEvent\",\"id\":\"1\",\"type\":{\"system\":\"http://dicom.nema.org/resources/ontology/DCM\",\"code\":\"110113\"}," +
            "\"recorded\":\"2026-03-04T05:06:07.089Z\",\"agent\":[{\"who\":{\"identifier\":{\"value\":\"u-1\"}},\"requestor\":true,\"policy\":[\"trace id\"]}]," +
            "\"source\":{\"observer\":{\"display\":\"Telehealth.Audit\"}},\"entity\":[{\"type\":{\"system\":\"urn:telehealth:resource-type\",\"code\":\"patient\\nrecord\"}}]}";
        var errors = Validate(old);
        Assert.NotEmpty(errors);
    }

    private static List<string> Validate(string json)
    {
        lock (Gate)
        {
            var (validator, parser) = Fhir.Value;
            AuditEvent resource;
            try
            {
                resource = parser.Deserialize<AuditEvent>(json);
            }
            catch (DeserializationFailedException ex)
            {
                // The strict parser checks the datatypes' lexical rules itself.
                return [ex.Message];
            }

            var outcome = validator.Validate(resource);
            return outcome.Issue
                .Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal)
                .Select(i => $"{i.Severity}: {i.Details?.Text ?? i.Diagnostics} at {string.Join(",", i.Expression ?? [])}")
                .ToList();
        }
    }

    private static AuditEntry Entry(string name)
    {
        var fixedRecord = ExportEntries.FixedRecord;
        return name switch
        {
            "fixed" => ExportEntries.Fixed(),
            "minimal" => ExportEntries.Minimal(),
            "service" => ExportEntries.Minimal(actorType: AuditActorType.Service),
            "system" => ExportEntries.Minimal(actorType: AuditActorType.System),
            "denied" => ExportEntries.Minimal(AuditOutcome.Denied("policy.no_consent")),
            "failed with free text" => ExportEntries.Minimal(AuditOutcome.Failed("store unavailable;\nretry\tlater")),
            "hsysadmin" => ExportEntries.Entry(1, fixedRecord with { PurposeOfUse = PurposeOfUse.SystemAdministration }),
            "legacy sysadmin" => ExportEntries.Entry(1, fixedRecord with { PurposeOfUse = "SYSADMIN" }),
            "unknown purpose" => ExportEntries.Entry(1, fixedRecord with { PurposeOfUse = "LOCALREASON" }),
            "pseudonymized address" => ExportEntries.Entry(1, fixedRecord with { Source = new AuditSource("psn:1f3a9c0d2e4b5a6c") }),
            "ipv6" => ExportEntries.Entry(1, fixedRecord with { Source = new AuditSource("2001:db8::7") }),
            "hostile but valid" => ExportEntries.Entry(1, fixedRecord with
            {
                Actor = new AuditActor("a\"b\\c]d e</script>\u00e9", AuditActorType.User, "nurse practitioner"),
                Resource = new AuditResource("patient record", "r 1 \U0001F600"),
                CorrelationId = "trace id with spaces",
            }),
            "login" => ExportEntries.Minimal(action: "auth.login", actorType: AuditActorType.User),
            "break glass" => ExportEntries.Entry(1, fixedRecord with { Action = "access.break_glass.open", PurposeOfUse = PurposeOfUse.EmergencyTreatment }),
            "export" => ExportEntries.Entry(1, fixedRecord with { Action = "phi.export" }),
            "no correlation" => ExportEntries.Entry(1, fixedRecord with { CorrelationId = null }),
            _ => ExportEntries.Entry(1, fixedRecord with
            {
                Extra = [AuditField.Operational("a", "1"), AuditField.FreeText("b", "two words"), AuditField.Personal("c", "psn:00"), AuditField.Operational("d", string.Empty)],
            }),
        };
    }
}
