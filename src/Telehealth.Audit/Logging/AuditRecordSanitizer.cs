using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;

namespace Telehealth.Audit;

/// <summary>
/// Validates a record against the limits and rules of <see cref="AuditOptions"/>, stamps its time and
/// correlation id, checks free text for PHI, and redacts every field that is not operational data or
/// free text — all before the record is hashed or stored. Nothing is truncated: a record that breaks a
/// rule is rejected whole, and no error repeats the text it rejected.
/// </summary>
internal sealed partial class AuditRecordSanitizer(AuditOptions options, IRedactorProvider redactors, TimeProvider time)
{
    private const string TokenRule = "it must be an identifier or code without control characters and without whitespace other than single spaces between other characters.";
    private const string FreeTextRule = "it must hold visible text without control characters (tab and line breaks aside) and without whitespace other than spaces, tabs and line breaks.";
    private static readonly string OperationalText = AuditTaxonomy.Operational.ToString();
    private static readonly string FreeTextText = AuditTaxonomy.FreeText.ToString();
    private static readonly DataClassificationSet PersonalSet = new(AuditTaxonomy.Personal);
    private readonly HashSet<string> _forbidden = options.ForbiddenClassifications.Select(c => c.ToString()).ToHashSet(StringComparer.Ordinal);
    private readonly PhiDetector? _phi = PhiDetector.Create(options.PhiDetection);

    public AuditRecord Sanitize(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var actor = record.Actor ?? throw Errors.Missing("actor");
        var resource = record.Resource ?? throw Errors.Missing("resource");
        var outcome = record.Outcome ?? throw Errors.Missing("outcome");
        Required("actor.id", actor.Id);
        Token("actor.role", actor.Role);
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
        Token("resource.id", resource.Id);
        if (record.PurposeOfUse is { } purpose && !PurposeOfUse.IsDefined(purpose))
        {
            throw Errors.Malformed("purposeOfUse", "expected a code of the HL7 v3-PurposeOfUse value set, such as 'TREAT'.");
        }

        if (!Enum.IsDefined(outcome.Status))
        {
            throw Errors.Malformed("outcome.status", "unknown outcome status.");
        }

        var justification = FreeText("justification", record.Justification, options.MaxJustificationLength);
        var reason = FreeText("outcome.reasonCode", outcome.ReasonCode, options.MaxFieldLength);
        Token("correlationId", record.CorrelationId);
        Token("source.ipAddress", record.Source?.IpAddress);
        Token("source.deviceId", record.Source?.DeviceId);
        Token("source.sessionId", record.Source?.SessionId);

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
            Justification = justification,
            Outcome = ReferenceEquals(reason, outcome.ReasonCode) ? outcome : outcome with { ReasonCode = reason },
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

        var classification = field.Classification is null ? string.Empty : AuditEntryCodec.ClassificationText(field.Classification);
        var parts = classification.Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || parts.Any(p => p.StartsWith(':') || !p.Contains(':', StringComparison.Ordinal) || p.Equals(DataClassification.Unknown.ToString(), StringComparison.Ordinal) || p.Equals(DataClassification.None.ToString(), StringComparison.Ordinal)))
        {
            throw Errors.Unclassified(name);
        }

        if (!UnicodeText.IsWellFormed(classification))
        {
            throw Errors.NotUnicode(name);
        }

        if (parts.Any(_forbidden.Contains))
        {
            throw Errors.Forbidden(name);
        }

        var value = FreeText(name, field.Value, options.MaxExtraValueLength, scanForPhi: parts.Contains(FreeTextText, StringComparer.Ordinal)) ?? string.Empty;
        return parts.All(p => p == OperationalText || p == FreeTextText)
            ? (ReferenceEquals(value, field.Value) ? field : field with { Value = value })
            : field with { Value = Redact(field.Value, field.Classification!) ?? string.Empty };
    }

    /// <summary>Checks free text and applies the PHI policy: the text as it is, redacted, or a rejection.</summary>
    private string? FreeText(string field, string? value, int maxLength, bool scanForPhi = true)
    {
        if (string.IsNullOrEmpty(value))
        {
            return value;
        }

        Limit(field, value, maxLength);
        if (!UnicodeText.IsWellFormed(value))
        {
            throw Errors.NotUnicode(field);
        }

        if (!FieldText.IsFreeText(value))
        {
            throw Errors.Malformed(field, FreeTextRule);
        }

        if (!scanForPhi || _phi?.Find(value) is not { } pattern)
        {
            return value;
        }

        if (_phi.Policy == PhiDetectionPolicy.Reject)
        {
            throw Errors.PhiDetected(field, pattern);
        }

        var redacted = _phi.Redact(value);
        Limit(field, redacted, maxLength);
        return redacted;
    }

    private string? Redact(string? value, DataClassificationSet classification) =>
        string.IsNullOrEmpty(value) ? value : redactors.GetRedactor(classification).Redact(value);

    private void Required(string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw Errors.Missing(field);
        }

        Token(field, value);
    }

    /// <summary>Checks an identifier, code or name: length, well-formed Unicode and the token rule; null and empty pass.</summary>
    private void Token(string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        Limit(field, value, options.MaxFieldLength);
        if (!UnicodeText.IsWellFormed(value))
        {
            throw Errors.NotUnicode(field);
        }

        if (!FieldText.IsToken(value))
        {
            throw Errors.Malformed(field, TokenRule);
        }
    }

    private static void Limit(string field, string value, int max)
    {
        if (value.Length > max)
        {
            throw Errors.TooLong(field, max);
        }
    }

    private static string? CurrentTraceId() =>
        Activity.Current is { } activity && activity.TraceId != default ? activity.TraceId.ToHexString() : null;

    [GeneratedRegex("^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+\\z", RegexOptions.CultureInvariant)]
    private static partial Regex ActionPattern();

    [GeneratedRegex("^[a-z][a-z0-9._-]*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex FieldNamePattern();
}
