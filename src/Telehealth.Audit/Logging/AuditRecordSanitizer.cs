using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;

namespace Telehealth.Audit;

/// <summary>
/// Validates a record against the limits and rules of <see cref="AuditOptions"/>, stamps its time and
/// correlation id, and redacts every field that is not operational data — all before the record is
/// hashed or stored. Nothing is truncated: a record that breaks a rule is rejected whole.
/// </summary>
internal sealed partial class AuditRecordSanitizer(AuditOptions options, IRedactorProvider redactors, TimeProvider time)
{
    private static readonly string OperationalText = AuditTaxonomy.Operational.ToString();
    private static readonly DataClassificationSet PersonalSet = new(AuditTaxonomy.Personal);
    private readonly HashSet<string> _forbidden = options.ForbiddenClassifications.Select(c => c.ToString()).ToHashSet(StringComparer.Ordinal);

    public AuditRecord Sanitize(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var actor = record.Actor ?? throw Errors.Missing("actor");
        var resource = record.Resource ?? throw Errors.Missing("resource");
        var outcome = record.Outcome ?? throw Errors.Missing("outcome");
        Required("actor.id", actor.Id);
        Limit("actor.role", actor.Role);
        if (!Enum.IsDefined(actor.Type))
        {
            throw Errors.Malformed("actor.type", "unknown actor type.");
        }

        Required("action", record.Action);
        if (!ActionPattern().IsMatch(record.Action))
        {
            throw Errors.Malformed("action", "expected a lower-case dotted name such as 'phi.read'.");
        }

        Required("resource.type", resource.Type);
        Limit("resource.id", resource.Id);
        if (record.PurposeOfUse is { } purpose && !PurposePattern().IsMatch(purpose))
        {
            throw Errors.Malformed("purposeOfUse", "expected an HL7 PurposeOfUse code such as 'TREAT'.");
        }

        if (record.Justification?.Length > options.MaxJustificationLength)
        {
            throw Errors.TooLong("justification", options.MaxJustificationLength);
        }

        if (!Enum.IsDefined(outcome.Status))
        {
            throw Errors.Malformed("outcome.status", "unknown outcome status.");
        }

        Limit("outcome.reasonCode", outcome.ReasonCode);
        Limit("correlationId", record.CorrelationId);
        Limit("source.ipAddress", record.Source?.IpAddress);
        Limit("source.deviceId", record.Source?.DeviceId);
        Limit("source.sessionId", record.Source?.SessionId);

        var extra = record.Extra ?? [];
        if (extra.Count > options.MaxExtraFields)
        {
            throw Errors.TooMany("extra", options.MaxExtraFields);
        }

        var sanitizedExtra = new AuditField[extra.Count];
        for (var i = 0; i < extra.Count; i++)
        {
            sanitizedExtra[i] = SanitizeField(extra[i] ?? throw Errors.Missing("extra"));
        }

        var occurredAt = record.OccurredAt == default ? time.GetUtcNow() : record.OccurredAt.ToUniversalTime();
        var source = record.Source is null ? null : record.Source with { IpAddress = Redact(record.Source.IpAddress, PersonalSet) };
        return record with
        {
            OccurredAt = DateTimeOffset.FromUnixTimeMilliseconds(occurredAt.ToUnixTimeMilliseconds()),
            CorrelationId = record.CorrelationId ?? CurrentTraceId(),
            Source = source,
            Extra = sanitizedExtra,
        };
    }

    private AuditField SanitizeField(AuditField field)
    {
        var name = "extra." + field.Name;
        if (string.IsNullOrEmpty(field.Name) || field.Name.Length > 64 || !FieldNamePattern().IsMatch(field.Name))
        {
            throw Errors.Malformed("extra", "a field name must be 1-64 characters of a-z, 0-9, '.', '_' or '-', starting with a letter.");
        }

        if (field.Value is null)
        {
            throw Errors.Missing(name);
        }

        if (field.Value.Length > options.MaxExtraValueLength)
        {
            throw Errors.TooLong(name, options.MaxExtraValueLength);
        }

        var classification = field.Classification is null ? string.Empty : AuditEntryCodec.ClassificationText(field.Classification);
        var parts = classification.Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || parts.Any(p => p.StartsWith(':') || !p.Contains(':', StringComparison.Ordinal) || p.Equals(DataClassification.Unknown.ToString(), StringComparison.Ordinal) || p.Equals(DataClassification.None.ToString(), StringComparison.Ordinal)))
        {
            throw Errors.Unclassified(name);
        }

        if (parts.Any(_forbidden.Contains))
        {
            throw Errors.Forbidden(name);
        }

        return parts is [var only] && only == OperationalText ? field : field with { Value = Redact(field.Value, field.Classification!) ?? string.Empty };
    }

    private string? Redact(string? value, DataClassificationSet classification) =>
        string.IsNullOrEmpty(value) ? value : redactors.GetRedactor(classification).Redact(value);

    private void Required(string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw Errors.Missing(field);
        }

        Limit(field, value);
    }

    private void Limit(string field, string? value)
    {
        if (value?.Length > options.MaxFieldLength)
        {
            throw Errors.TooLong(field, options.MaxFieldLength);
        }
    }

    private static string? CurrentTraceId() =>
        Activity.Current is { } activity && activity.TraceId != default ? activity.TraceId.ToHexString() : null;

    [GeneratedRegex("^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$", RegexOptions.CultureInvariant)]
    private static partial Regex ActionPattern();

    [GeneratedRegex("^[A-Z][A-Z0-9_]{1,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex PurposePattern();

    [GeneratedRegex("^[a-z][a-z0-9._-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex FieldNamePattern();
}
