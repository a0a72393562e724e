using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Telehealth.Audit.Tests.Export;

public sealed class FhirAuditEventFormatterTests
{
    private const string Dicom = "http://dicom.nema.org/resources/ontology/DCM";
    private const string AuditEventType = "http://terminology.hl7.org/CodeSystem/audit-event-type";

    [Fact]
    public void Golden_FixedEntry()
    {
        var entry = ExportEntries.Fixed();
        // SHA-256(0x00 || canonical bytes), checked independently against a Python re-encoding of the entry.
        const string leafHash = "aOPFcq1VBG479yo/GqdQsfvahVY5xdiiXTqbWMoL2wg=";

        var expected =
            "{\"resourceType\":\"AuditEvent\",\"id\":\"42\"," +
            "\"type\":{\"system\":\"http://terminology.hl7.org/CodeSystem/audit-event-type\",\"code\":\"rest\",\"display\":\"RESTful Operation\"}," +
            "\"subtype\":[{\"system\":\"http://hl7.org/fhir/restful-interaction\",\"code\":\"read\",\"display\":\"read\"},{\"system\":\"urn:telehealth:audit:action\",\"code\":\"phi.read\"}]," +
            "\"action\":\"R\",\"recorded\":\"2026-03-04T05:06:07.089Z\",\"outcome\":\"0\"," +
            "\"purposeOfEvent\":[{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ActReason\",\"code\":\"TREAT\"}]}]," +
            "\"agent\":[{\"type\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/extra-security-role-type\",\"code\":\"humanuser\",\"display\":\"human user\"}],\"text\":\"user\"}," +
            "\"role\":[{\"text\":\"clinician\"}],\"who\":{\"identifier\":{\"value\":\"u-42\"}},\"requestor\":true," +
            "\"network\":{\"address\":\"198.51.100.7\",\"type\":\"2\"}}]," +
            "\"source\":{\"observer\":{\"display\":\"Telehealth.Audit\"}}," +
            "\"entity\":[{\"what\":{\"identifier\":{\"value\":\"r-1001\"}},\"type\":{\"system\":\"urn:telehealth:resource-type\",\"code\":\"patient-record\"}," +
            "\"detail\":[{\"type\":\"token.scope\",\"valueString\":\"patient/*.read\"},{\"type\":\"visit.kind\",\"valueString\":\"video\"}," +
            "{\"type\":\"leafHash\",\"valueBase64Binary\":\"" + leafHash + "\"},{\"type\":\"sequence\",\"valueString\":\"42\"}]}," +
            "{\"what\":{\"identifier\":{\"value\":\"4bf92f3577b34da6a3ce929d0e0e4736\"}},\"type\":{\"system\":\"https://profiles.ihe.net/ITI/BALP/CodeSystem/BasicAuditEntityType\",\"code\":\"XrequestId\",\"display\":\"transport specific unique identifier where http X-Request-Id is used\"}}]}";

        Assert.Equal(expected, FhirAuditEventFormatter.ToJson(entry));
    }

    [Fact]
    public void Golden_LeafHashIsTheEntrysRfc9162LeafHash()
    {
        var entry = ExportEntries.Fixed();
        var expected = System.Security.Cryptography.SHA256.HashData([0x00, .. entry.Encoded.Span]);
        Assert.Equal(expected, entry.LeafHash.ToArray());
    }

    [Fact]
    public void MapsEveryField()
    {
        var entry = ExportEntries.Fixed();
        using var document = JsonDocument.Parse(FhirAuditEventFormatter.ToJson(entry));
        var root = document.RootElement;

        Assert.Equal("AuditEvent", root.GetProperty("resourceType").GetString());
        Assert.Equal("42", root.GetProperty("id").GetString());
        AssertCoding(root.GetProperty("type"), AuditEventType, "rest", "RESTful Operation");
        var subtypes = root.GetProperty("subtype").EnumerateArray().ToArray();
        AssertCoding(subtypes[0], "http://hl7.org/fhir/restful-interaction", "read", "read");
        Assert.Equal("urn:telehealth:audit:action", subtypes[1].GetProperty("system").GetString());
        Assert.Equal("phi.read", subtypes[1].GetProperty("code").GetString());
        Assert.Equal("R", root.GetProperty("action").GetString());
        Assert.Equal("2026-03-04T05:06:07.089Z", root.GetProperty("recorded").GetString());
        Assert.Equal(ExportEntries.FixedTime, root.GetProperty("recorded").GetDateTimeOffset());
        Assert.Equal("0", root.GetProperty("outcome").GetString());
        Assert.False(root.TryGetProperty("outcomeDesc", out _));

        var purpose = Assert.Single(root.GetProperty("purposeOfEvent").EnumerateArray().ToArray());
        var purposeCoding = Assert.Single(purpose.GetProperty("coding").EnumerateArray().ToArray());
        Assert.Equal("http://terminology.hl7.org/CodeSystem/v3-ActReason", purposeCoding.GetProperty("system").GetString());
        Assert.Equal("TREAT", purposeCoding.GetProperty("code").GetString());

        var agent = Assert.Single(root.GetProperty("agent").EnumerateArray().ToArray());
        Assert.Equal("u-42", agent.GetProperty("who").GetProperty("identifier").GetProperty("value").GetString());
        var agentCoding = Assert.Single(agent.GetProperty("type").GetProperty("coding").EnumerateArray().ToArray());
        AssertCoding(agentCoding, "http://terminology.hl7.org/CodeSystem/extra-security-role-type", "humanuser", "human user");
        Assert.Equal("user", agent.GetProperty("type").GetProperty("text").GetString());
        Assert.Equal("clinician", Assert.Single(agent.GetProperty("role").EnumerateArray().ToArray()).GetProperty("text").GetString());
        Assert.True(agent.GetProperty("requestor").GetBoolean());
        Assert.False(agent.TryGetProperty("policy", out _));
        Assert.Equal("198.51.100.7", agent.GetProperty("network").GetProperty("address").GetString());
        Assert.Equal("2", agent.GetProperty("network").GetProperty("type").GetString());

        Assert.Equal("Telehealth.Audit", root.GetProperty("source").GetProperty("observer").GetProperty("display").GetString());

        var entities = root.GetProperty("entity").EnumerateArray().ToArray();
        Assert.Equal(2, entities.Length);
        var correlation = entities[1];
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", correlation.GetProperty("what").GetProperty("identifier").GetProperty("value").GetString());
        AssertCoding(correlation.GetProperty("type"), "https://profiles.ihe.net/ITI/BALP/CodeSystem/BasicAuditEntityType", "XrequestId", "transport specific unique identifier where http X-Request-Id is used");
        var entity = entities[0];
        Assert.Equal("r-1001", entity.GetProperty("what").GetProperty("identifier").GetProperty("value").GetString());
        Assert.Equal("urn:telehealth:resource-type", entity.GetProperty("type").GetProperty("system").GetString());
        Assert.Equal("patient-record", entity.GetProperty("type").GetProperty("code").GetString());
        var details = entity.GetProperty("detail").EnumerateArray().ToArray();
        Assert.Equal(["token.scope", "visit.kind", "leafHash", "sequence"], details.Select(d => d.GetProperty("type").GetString()));
        Assert.Equal("patient/*.read", details[0].GetProperty("valueString").GetString());
        Assert.Equal("video", details[1].GetProperty("valueString").GetString());
        Assert.Equal(entry.LeafHash.ToArray(), details[2].GetProperty("valueBase64Binary").GetBytesFromBase64());
        Assert.Equal("42", details[3].GetProperty("valueString").GetString());
    }

    [Theory]
    [InlineData("phi.read", AuditEventType, "rest", "RESTful Operation")]
    [InlineData("phi.update", AuditEventType, "rest", "RESTful Operation")]
    [InlineData("phi.record.delete", AuditEventType, "rest", "RESTful Operation")]
    [InlineData("phi.export", Dicom, "110106", "Export")]
    [InlineData("auth.login", Dicom, "110114", "User Authentication")]
    [InlineData("auth.mfa.failed", Dicom, "110114", "User Authentication")]
    [InlineData("access.break_glass.open", Dicom, "110113", "Security Alert")]
    [InlineData("key.rotate", Dicom, "110113", "Security Alert")]
    [InlineData("phix.read", Dicom, "110113", "Security Alert")]
    public void TypeFollowsTheActionNamespace(string action, string system, string code, string display)
    {
        using var document = JsonDocument.Parse(FhirAuditEventFormatter.ToJson(ExportEntries.Minimal(action: action)));
        AssertCoding(document.RootElement.GetProperty("type"), system, code, display);
        var subtype = document.RootElement.GetProperty("subtype").EnumerateArray().Last();
        Assert.Equal("urn:telehealth:audit:action", subtype.GetProperty("system").GetString());
        Assert.Equal(action, subtype.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("phi.read", "R")]
    [InlineData("phi.record.read", "R")]
    [InlineData("visit.create", "C")]
    [InlineData("phi.update", "U")]
    [InlineData("recording.delete", "D")]
    [InlineData("phi.export", "E")]
    [InlineData("auth.login", "E")]
    [InlineData("phi.reader", "E")]
    [InlineData("phi.read.denied", "E")]
    public void ActionCodeFollowsTheVerb(string action, string code)
    {
        using var document = JsonDocument.Parse(FhirAuditEventFormatter.ToJson(ExportEntries.Minimal(action: action)));
        Assert.Equal(code, document.RootElement.GetProperty("action").GetString());
    }

    [Theory]
    [InlineData(AuditOutcomeStatus.Success, null, "0")]
    [InlineData(AuditOutcomeStatus.Success, "cache.hit", "0")]
    [InlineData(AuditOutcomeStatus.Denied, "policy.no_consent", "4")]
    [InlineData(AuditOutcomeStatus.Failed, "store.unavailable", "8")]
    public void OutcomeAndReason(AuditOutcomeStatus status, string? reason, string code)
    {
        using var document = JsonDocument.Parse(FhirAuditEventFormatter.ToJson(ExportEntries.Minimal(new AuditOutcome(status, reason))));
        Assert.Equal(code, document.RootElement.GetProperty("outcome").GetString());
        if (reason is null)
        {
            Assert.False(document.RootElement.TryGetProperty("outcomeDesc", out _));
        }
        else
        {
            Assert.Equal(reason, document.RootElement.GetProperty("outcomeDesc").GetString());
        }
    }

    [Theory]
    [InlineData(AuditActorType.User, "http://terminology.hl7.org/CodeSystem/extra-security-role-type", "humanuser", "user")]
    [InlineData(AuditActorType.Service, Dicom, "110150", "service")]
    [InlineData(AuditActorType.System, Dicom, "110150", "system")]
    public void AgentTypeFollowsTheActorType(AuditActorType actorType, string system, string code, string text)
    {
        using var document = JsonDocument.Parse(FhirAuditEventFormatter.ToJson(ExportEntries.Minimal(actorType: actorType)));
        var type = document.RootElement.GetProperty("agent")[0].GetProperty("type");
        var coding = Assert.Single(type.GetProperty("coding").EnumerateArray().ToArray());
        Assert.Equal(system, coding.GetProperty("system").GetString());
        Assert.Equal(code, coding.GetProperty("code").GetString());
        Assert.Equal(text, type.GetProperty("text").GetString());
    }

    [Fact]
    public void AbsentValuesAreOmittedNotWrittenEmpty()
    {
        var json = FhirAuditEventFormatter.ToJson(ExportEntries.Minimal());
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.False(root.TryGetProperty("purposeOfEvent", out _));
        Assert.False(root.TryGetProperty("outcomeDesc", out _));
        var agent = root.GetProperty("agent")[0];
        Assert.False(agent.TryGetProperty("role", out _));
        Assert.False(agent.TryGetProperty("policy", out _));
        Assert.False(agent.TryGetProperty("network", out _));
        var entity = root.GetProperty("entity")[0];
        Assert.False(entity.TryGetProperty("what", out _));
        Assert.Equal(["leafHash", "sequence"], entity.GetProperty("detail").EnumerateArray().Select(d => d.GetProperty("type").GetString()));
        Assert.DoesNotContain("\"\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void ExtraFieldWithEmptyValueIsLeftOut()
    {
        var entry = ExportEntries.Entry(1, ExportEntries.FixedRecord with
        {
            Extra = [AuditField.Operational("a.empty", string.Empty), AuditField.Operational("b.full", "x")],
        });
        using var document = JsonDocument.Parse(FhirAuditEventFormatter.ToJson(entry));
        var types = document.RootElement.GetProperty("entity")[0].GetProperty("detail").EnumerateArray().Select(d => d.GetProperty("type").GetString());
        Assert.Equal(["b.full", "leafHash", "sequence"], types);
    }

    [Fact]
    public void NetworkAddressWithoutOtherSourceFields()
    {
        var entry = ExportEntries.Entry(1, ExportEntries.FixedRecord with { Source = new AuditSource(DeviceId: "device-7") });
        using var document = JsonDocument.Parse(FhirAuditEventFormatter.ToJson(entry));
        Assert.False(document.RootElement.GetProperty("agent")[0].TryGetProperty("network", out _));
    }

    [Fact]
    public void HostileValuesRoundTripAndTheTextIsAsciiWithoutControlCharacters()
    {
        const string hostile = "a\"b\\c]d e</script>\u00e9&'<";
        const string text = hostile + "\nline\r\ttab";
        var entry = ExportEntries.Entry(3, ExportEntries.FixedRecord with
        {
            Actor = new AuditActor(hostile, AuditActorType.User, hostile),
            Resource = new AuditResource("patient-record", hostile),
            CorrelationId = hostile,
            Outcome = AuditOutcome.Failed(text),
            Extra = [AuditField.Operational("note", text)],
        });

        var json = FhirAuditEventFormatter.ToJson(entry);
        Assert.All(json, c => Assert.InRange(c, ' ', '~'));
        using var document = JsonDocument.Parse(json);
        var agent = document.RootElement.GetProperty("agent")[0];
        Assert.Equal(hostile, agent.GetProperty("who").GetProperty("identifier").GetProperty("value").GetString());
        Assert.Equal(hostile, agent.GetProperty("role")[0].GetProperty("text").GetString());
        Assert.Equal(text, document.RootElement.GetProperty("outcomeDesc").GetString());
        var entity = document.RootElement.GetProperty("entity")[0];
        Assert.Equal(hostile, entity.GetProperty("what").GetProperty("identifier").GetProperty("value").GetString());
        Assert.Equal(text, entity.GetProperty("detail")[0].GetProperty("valueString").GetString());
        Assert.Equal(hostile, document.RootElement.GetProperty("entity")[1].GetProperty("what").GetProperty("identifier").GetProperty("value").GetString());
    }

    public static TheoryData<string, string> UnexportableValues => new()
    {
        { "resource type", "patient record\n" },
        { "resource type", " patient-record" },
        { "resource type", "   " },
        { "resource id", "r-1\u0000" },
        { "actor id", "\u0007" },
        { "actor id", "   " },
        { "correlation id", "4bf9\u2028" },
        { "outcome reason", "nbsp\u00A0" },
        { "extra field value", "x\u001b[31m" },
        { "action", "phi.read\n" },
    };

    [Theory]
    [MemberData(nameof(UnexportableValues))]
    public void An_entry_stored_with_values_FHIR_cannot_carry_is_refused_with_a_code(string field, string value)
    {
        var record = field switch
        {
            "resource type" => ExportEntries.FixedRecord with { Resource = new AuditResource(value, "r-1") },
            "resource id" => ExportEntries.FixedRecord with { Resource = new AuditResource("patient-record", value) },
            "actor id" => ExportEntries.FixedRecord with { Actor = new AuditActor(value, AuditActorType.User) },
            "correlation id" => ExportEntries.FixedRecord with { CorrelationId = value },
            "outcome reason" => ExportEntries.FixedRecord with { Outcome = AuditOutcome.Failed(value) },
            "extra field value" => ExportEntries.FixedRecord with { Extra = [AuditField.Operational("note", value)] },
            _ => ExportEntries.FixedRecord with { Action = value },
        };
        var entry = ExportEntries.Entry(9, record);

        var ex = Assert.Throws<AuditFormatException>(() => FhirAuditEventFormatter.ToJson(entry));
        Assert.Equal(AuditErrorCodes.UnexportableEntry, ex.Code);
        Assert.Equal(9, ex.Position);
        Assert.Contains($"({field})", ex.Message, StringComparison.Ordinal);
        if (value.Trim().Length > 0)
        {
            Assert.DoesNotContain(value.Trim(), ex.Message.Replace(field, string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        }

        var syslog = Assert.Throws<AuditFormatException>(() => SyslogFormatter.Format(entry));
        Assert.Equal(AuditErrorCodes.UnexportableEntry, syslog.Code);
    }

    [Theory]
    [InlineData("phi.read", "http://hl7.org/fhir/restful-interaction", "read")]
    [InlineData("phi.record.vread", "http://hl7.org/fhir/restful-interaction", "vread")]
    [InlineData("phi.create", "http://hl7.org/fhir/restful-interaction", "create")]
    [InlineData("phi.update", "http://hl7.org/fhir/restful-interaction", "update")]
    [InlineData("phi.patch", "http://hl7.org/fhir/restful-interaction", "patch")]
    [InlineData("phi.delete", "http://hl7.org/fhir/restful-interaction", "delete")]
    [InlineData("phi.history", "http://hl7.org/fhir/restful-interaction", "history")]
    [InlineData("phi.search", "http://hl7.org/fhir/restful-interaction", "search")]
    [InlineData("auth.login", Dicom, "110122")]
    [InlineData("auth.login.failed", Dicom, "110122")]
    [InlineData("auth.mfa.failed", Dicom, "110122")]
    [InlineData("auth.logout", Dicom, "110123")]
    [InlineData("access.break_glass.open", Dicom, "110127")]
    public void Subtype_uses_the_standard_code_first_when_one_exists(string action, string system, string code)
    {
        using var document = JsonDocument.Parse(FhirAuditEventFormatter.ToJson(ExportEntries.Minimal(action: action)));
        var subtypes = document.RootElement.GetProperty("subtype").EnumerateArray().ToArray();
        Assert.Equal(2, subtypes.Length);
        Assert.Equal(system, subtypes[0].GetProperty("system").GetString());
        Assert.Equal(code, subtypes[0].GetProperty("code").GetString());
        Assert.Equal(action, subtypes[1].GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("phi.export")]
    [InlineData("phi.reader")]
    [InlineData("auth.token.issued")]
    [InlineData("key.rotate")]
    public void Subtype_is_only_the_action_when_no_standard_code_fits(string action)
    {
        using var document = JsonDocument.Parse(FhirAuditEventFormatter.ToJson(ExportEntries.Minimal(action: action)));
        var subtype = Assert.Single(document.RootElement.GetProperty("subtype").EnumerateArray().ToArray());
        Assert.Equal("urn:telehealth:audit:action", subtype.GetProperty("system").GetString());
    }

    [Theory]
    [InlineData(PurposeOfUse.SystemAdministration, "HSYSADMIN")]
    [InlineData("SYSADMIN", "HSYSADMIN")]
    [InlineData("BTG", "BTG")]
    public void Purpose_codes_of_the_value_set_are_codings_and_the_old_SYSADMIN_is_HSYSADMIN(string stored, string exported)
    {
        using var document = JsonDocument.Parse(FhirAuditEventFormatter.ToJson(ExportEntries.Entry(1, ExportEntries.FixedRecord with { PurposeOfUse = stored })));
        var coding = Assert.Single(document.RootElement.GetProperty("purposeOfEvent")[0].GetProperty("coding").EnumerateArray().ToArray());
        Assert.Equal("http://terminology.hl7.org/CodeSystem/v3-ActReason", coding.GetProperty("system").GetString());
        Assert.Equal(exported, coding.GetProperty("code").GetString());
    }

    [Fact]
    public void A_stored_purpose_outside_the_code_system_is_text_never_a_coding()
    {
        using var document = JsonDocument.Parse(FhirAuditEventFormatter.ToJson(ExportEntries.Entry(1, ExportEntries.FixedRecord with { PurposeOfUse = "LOCALREASON" })));
        var purpose = document.RootElement.GetProperty("purposeOfEvent")[0];
        Assert.False(purpose.TryGetProperty("coding", out _));
        Assert.Equal("LOCALREASON", purpose.GetProperty("text").GetString());
    }

    [Theory]
    [InlineData("198.51.100.7", true)]
    [InlineData("2001:db8::1", true)]
    [InlineData("::ffff:192.0.2.1", true)]
    [InlineData("psn:1f3a9c0d2e4b5a6c", false)]
    [InlineData("1:hQ2kV9x0aZ+3c2V0Zw==", false)]
    [InlineData("deadbeef", false)]
    [InlineData("1", false)]
    [InlineData("10.1", false)]
    public void Only_an_IP_address_is_typed_as_one(string address, bool typed)
    {
        using var document = JsonDocument.Parse(FhirAuditEventFormatter.ToJson(ExportEntries.Entry(1, ExportEntries.FixedRecord with { Source = new AuditSource(address) })));
        var network = document.RootElement.GetProperty("agent")[0].GetProperty("network");
        Assert.Equal(address, network.GetProperty("address").GetString());
        Assert.Equal(typed, network.TryGetProperty("type", out _));
    }

    [Fact]
    public void WriteToACallersWriterProducesTheSameDocument()
    {
        var entry = ExportEntries.Fixed();
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            FhirAuditEventFormatter.Write(entry, writer);
            FhirAuditEventFormatter.Write(entry, writer);
            writer.WriteEndArray();
        }

        var single = FhirAuditEventFormatter.ToJson(entry);
        Assert.Equal("[" + single + "," + single + "]", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void RepeatedCallsOnOneThreadDoNotLeakPreviousOutput()
    {
        var large = ExportEntries.Entry(9, ExportEntries.FixedRecord with
        {
            Extra = [AuditField.Operational("big.1", new string('x', 30_000)), AuditField.Operational("big.2", new string('y', 30_000))],
        });
        var small = ExportEntries.Minimal();
        var expected = FhirAuditEventFormatter.ToJson(small);

        _ = FhirAuditEventFormatter.ToJson(large);
        Assert.Equal(expected, FhirAuditEventFormatter.ToJson(small));
        Assert.Equal(expected, FhirAuditEventFormatter.ToJson(small));
    }

    [Fact]
    public void NullArgumentsAreRejected()
    {
        using var writer = new Utf8JsonWriter(new ArrayBufferWriter<byte>());
        Assert.Throws<ArgumentNullException>("entry", () => FhirAuditEventFormatter.ToJson(null!));
        Assert.Throws<ArgumentNullException>("entry", () => FhirAuditEventFormatter.Write(null!, writer));
        Assert.Throws<ArgumentNullException>("writer", () => FhirAuditEventFormatter.Write(ExportEntries.Fixed(), null!));
    }

    private static void AssertCoding(JsonElement coding, string system, string code, string display)
    {
        Assert.Equal(system, coding.GetProperty("system").GetString());
        Assert.Equal(code, coding.GetProperty("code").GetString());
        Assert.Equal(display, coding.GetProperty("display").GetString());
    }
}
