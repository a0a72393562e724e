using System.Buffers.Binary;
using System.Text;
using Microsoft.Extensions.Compliance.Classification;

namespace Telehealth.Audit;

/// <summary>
/// The canonical, deterministic encoding of an entry (FORMAT.md, "Entry encoding"): big-endian
/// integers, length-prefixed UTF-8 strings in a fixed order, extra fields sorted by name. Decoding
/// accepts only the canonical form, so decode(encode(x)) and encode(decode(b)) round-trip exactly.
/// </summary>
internal static class AuditEntryCodec
{
    public const byte Version = 1;
    public const int HashSize = 32;
    public const int MaxEntrySize = 1 << 20;
    public const int MaxExtraFields = 255;
    private const int FixedSize = 1 + 8 + HashSize + 8 + 1 + 1 + 1;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static byte[] Encode(long sequence, ReadOnlySpan<byte> previousHash, AuditRecord record)
    {
        var extras = SortedExtras(record.Extra);
        var strings = Strings(record);
        var size = FixedSize;
        foreach (var s in strings)
        {
            size += StringSize(s);
        }

        foreach (var field in extras)
        {
            size += StringSize(field.Name) + StringSize(ClassificationText(field.Classification)) + StringSize(field.Value);
        }

        if (size > MaxEntrySize)
        {
            throw Errors.Malformed("record", $"the encoded entry is larger than {MaxEntrySize} bytes.");
        }

        var buffer = new byte[size];
        var span = buffer.AsSpan();
        span[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(span[1..], sequence);
        previousHash.CopyTo(span[9..]);
        BinaryPrimitives.WriteInt64BigEndian(span[41..], record.OccurredAt.ToUnixTimeMilliseconds());
        span[49] = (byte)record.Actor.Type;
        span[50] = (byte)record.Outcome.Status;
        var offset = 51;
        foreach (var s in strings)
        {
            offset += WriteString(span[offset..], s);
        }

        span[offset++] = (byte)extras.Length;
        foreach (var field in extras)
        {
            offset += WriteString(span[offset..], field.Name);
            offset += WriteString(span[offset..], ClassificationText(field.Classification));
            offset += WriteString(span[offset..], field.Value);
        }

        return buffer;
    }

    public static (long Sequence, byte[] PreviousHash, AuditRecord Record) Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length < FixedSize || data.Length > MaxEntrySize)
        {
            throw Errors.Format($"an entry must be between {FixedSize} and {MaxEntrySize} bytes long.");
        }

        if (data[0] != Version)
        {
            throw Errors.Format("unknown entry format version.");
        }

        var sequence = BinaryPrimitives.ReadInt64BigEndian(data[1..]);
        if (sequence < 0)
        {
            throw Errors.Format("negative sequence number.");
        }

        var previous = data.Slice(9, HashSize).ToArray();
        var millis = BinaryPrimitives.ReadInt64BigEndian(data[41..]);
        if (millis < DateTimeOffset.MinValue.ToUnixTimeMilliseconds() || millis > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            throw Errors.Format("timestamp out of range.");
        }

        var actorType = (AuditActorType)data[49];
        var status = (AuditOutcomeStatus)data[50];
        if (!Enum.IsDefined(actorType) || !Enum.IsDefined(status))
        {
            throw Errors.Format("unknown actor type or outcome status.");
        }

        var offset = 51;
        var s = new string?[12];
        for (var i = 0; i < s.Length; i++)
        {
            s[i] = ReadString(data, ref offset);
        }

        if (offset >= data.Length)
        {
            throw Errors.Format("entry truncated before its extra fields.");
        }

        int count = data[offset++];
        var extras = new AuditField[count];
        for (var i = 0; i < count; i++)
        {
            var name = ReadString(data, ref offset) ?? throw Errors.Format("extra field without a name.");
            var classification = ParseClassification(ReadString(data, ref offset));
            var value = ReadString(data, ref offset) ?? string.Empty;
            if (i > 0 && string.CompareOrdinal(extras[i - 1].Name, name) >= 0)
            {
                throw Errors.Format("extra fields are not in canonical order.");
            }

            extras[i] = new AuditField(name, value, classification);
        }

        if (offset != data.Length)
        {
            throw Errors.Format("trailing bytes after the entry.");
        }

        var record = new AuditRecord
        {
            OccurredAt = DateTimeOffset.FromUnixTimeMilliseconds(millis),
            Actor = new AuditActor(s[0] ?? throw Errors.Format("entry without an actor id."), actorType, s[1]),
            Action = s[2] ?? throw Errors.Format("entry without an action."),
            Resource = new AuditResource(s[3] ?? throw Errors.Format("entry without a resource type."), s[4] ?? string.Empty),
            Source = s[5] is null && s[6] is null && s[7] is null ? null : new AuditSource(s[5], s[6], s[7]),
            PurposeOfUse = s[8],
            Justification = s[9],
            Outcome = status == AuditOutcomeStatus.Success && s[10] is null ? AuditOutcome.Success : new AuditOutcome(status, s[10]),
            CorrelationId = s[11],
            Extra = extras,
        };
        return (sequence, previous, record);
    }

    private static string?[] Strings(AuditRecord r) =>
    [
        r.Actor.Id, r.Actor.Role, r.Action, r.Resource.Type, r.Resource.Id,
        r.Source?.IpAddress, r.Source?.DeviceId, r.Source?.SessionId,
        r.PurposeOfUse, r.Justification, r.Outcome.ReasonCode, r.CorrelationId,
    ];

    private static AuditField[] SortedExtras(IReadOnlyList<AuditField> extra)
    {
        if (extra.Count > MaxExtraFields)
        {
            throw Errors.TooMany("extra", MaxExtraFields);
        }

        var sorted = extra.ToArray();
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        for (var i = 1; i < sorted.Length; i++)
        {
            if (sorted[i - 1].Name == sorted[i].Name)
            {
                throw Errors.Malformed("extra." + sorted[i].Name, "the name appears more than once.");
            }
        }

        return sorted;
    }

    internal static string ClassificationText(DataClassificationSet set)
    {
        // DataClassificationSet renders as "[Taxonomy:Value,Taxonomy:Value]".
        var parts = set.ToString().Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Array.Sort(parts, StringComparer.Ordinal);
        return string.Join(',', parts);
    }

    private static DataClassificationSet ParseClassification(string? text)
    {
        if (text is null)
        {
            throw Errors.Format("extra field without a classification.");
        }

        var parts = text.Split(',');
        var classes = new List<DataClassification>(parts.Length);
        foreach (var part in parts)
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || colon == part.Length - 1)
            {
                throw Errors.Format("malformed data classification.");
            }

            classes.Add(new DataClassification(part[..colon], part[(colon + 1)..]));
        }

        var set = new DataClassificationSet(classes);
        if (ClassificationText(set) != text)
        {
            throw Errors.Format("data classification is not in canonical form.");
        }

        return set;
    }

    private static int StringSize(string? value)
    {
        var length = string.IsNullOrEmpty(value) ? 0 : StrictUtf8.GetByteCount(value);
        if (length > ushort.MaxValue)
        {
            throw Errors.Malformed("record", $"a field is longer than {ushort.MaxValue} bytes of UTF-8.");
        }

        return 2 + length;
    }

    private static int WriteString(Span<byte> destination, string? value)
    {
        var length = string.IsNullOrEmpty(value) ? 0 : StrictUtf8.GetBytes(value, destination[2..]);
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)length);
        return 2 + length;
    }

    private static string? ReadString(ReadOnlySpan<byte> data, ref int offset)
    {
        if (offset + 2 > data.Length)
        {
            throw Errors.Format("entry truncated inside a string length.");
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(data[offset..]);
        offset += 2;
        if (offset + length > data.Length)
        {
            throw Errors.Format("entry truncated inside a string.");
        }

        if (length == 0)
        {
            return null;
        }

        try
        {
            return StrictUtf8.GetString(data.Slice(offset, length));
        }
        catch (DecoderFallbackException ex)
        {
            throw new AuditFormatException("TH1010", "a string is not valid UTF-8.", ex);
        }
        finally
        {
            offset += length;
        }
    }
}
