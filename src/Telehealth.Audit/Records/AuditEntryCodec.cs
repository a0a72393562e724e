using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;
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
    /// <summary>The largest entry a reader accepts (stores written before 0.2 may hold entries this large).</summary>
    public const int MaxEntrySize = 1 << 20;

    /// <summary>The largest entry written from 0.2 on: it must fit a C2SP tlog-tiles entry bundle's 16-bit length.</summary>
    public const int MaxNewEntrySize = ushort.MaxValue;
    public const int MaxExtraFields = 255;
    private const int FixedSize = 1 + 8 + HashSize + 8 + 1 + 1 + 1;
    private const int StringCount = 12;
    private const int ActorIdIndex = 0;
    private const int ActionIndex = 2;
    private const int ResourceTypeIndex = 3;
    private const int MaxKnownClassifications = 32;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // The record fields behind the twelve strings, in encoding order, for errors that name the field.
    private static readonly string[] StringFields =
    [
        "actor.id", "actor.role", "action", "resource.type", "resource.id",
        "source.ipAddress", "source.deviceId", "source.sessionId",
        "purposeOfUse", "justification", "outcome.reasonCode", "correlationId",
    ];

    // Classification texts that parsed as canonical before (copy-on-write, bounded). Validation meets
    // the same few texts on nearly every entry, and parsing one is a pure function of its bytes, so a
    // text seen before needs no new parse.
    private static byte[][] _knownClassifications = [];

    public static byte[] Encode(long sequence, ReadOnlySpan<byte> previousHash, AuditRecord record)
    {
        var entry = EncodeUnchained(record);
        SetPlace(entry, sequence, previousHash);
        return entry;
    }

    /// <summary>
    /// Encodes everything but the entry's place in the log (sequence and predecessor hash, left zero),
    /// so the costly part can run on the appending thread and the store's writer only fills in the place.
    /// </summary>
    public static byte[] EncodeUnchained(AuditRecord record)
    {
        var extras = SortedExtras(record.Extra);
        var strings = Strings(record);
        var size = FixedSize;
        for (var i = 0; i < strings.Length; i++)
        {
            size += StringSize(strings[i], StringFields[i]);
        }

        foreach (var field in extras)
        {
            var name = "extra." + field.Name;
            size += StringSize(field.Name, "extra") + StringSize(ClassificationText(field.Classification), name) + StringSize(field.Value, name);
        }

        if (size > MaxNewEntrySize)
        {
            throw Errors.Malformed("record", $"the encoded entry is larger than {MaxNewEntrySize} bytes.");
        }

        var buffer = new byte[size];
        var span = buffer.AsSpan();
        span[0] = Version;
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

    /// <summary>Writes the entry's sequence number and predecessor hash into an encoded entry.</summary>
    public static void SetPlace(Span<byte> entry, long sequence, ReadOnlySpan<byte> previousHash)
    {
        BinaryPrimitives.WriteInt64BigEndian(entry[1..], sequence);
        previousHash[..HashSize].CopyTo(entry[9..]);
    }

    /// <summary>Decodes canonical entry bytes into the record they hold.</summary>
    public static (long Sequence, byte[] PreviousHash, AuditRecord Record) Decode(ReadOnlySpan<byte> data) =>
        Read(data, materialize: true)!.Value;

    /// <summary>
    /// Checks that the bytes are a canonical entry without building the record: it accepts and
    /// rejects exactly what <see cref="Decode"/> does, with the same errors, because it is the same
    /// reader with string creation switched off.
    /// </summary>
    public static void Validate(ReadOnlySpan<byte> data) => Read(data, materialize: false);

    private static (long Sequence, byte[] PreviousHash, AuditRecord Record)? Read(ReadOnlySpan<byte> data, bool materialize)
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
        var s = materialize ? new string?[StringCount] : null;
        var present = 0;
        for (var i = 0; i < StringCount; i++)
        {
            var text = ReadUtf8(data, ref offset);
            present |= text.IsEmpty ? 0 : 1 << i;
            if (s is not null)
            {
                s[i] = ToStringOrNull(text);
            }
        }

        if (offset >= data.Length)
        {
            throw Errors.Format("entry truncated before its extra fields.");
        }

        int count = data[offset++];
        var extras = materialize ? new AuditField[count] : null;
        var previousName = ReadOnlySpan<byte>.Empty;
        for (var i = 0; i < count; i++)
        {
            var name = ReadUtf8(data, ref offset);
            if (name.IsEmpty)
            {
                throw Errors.Format("extra field without a name.");
            }

            var classification = ReadClassification(ReadUtf8(data, ref offset), materialize);
            var value = ReadUtf8(data, ref offset);
            if (i > 0 && CompareOrdinal(previousName, name) >= 0)
            {
                throw Errors.Format("extra fields are not in canonical order.");
            }

            previousName = name;
            if (extras is not null)
            {
                extras[i] = new AuditField(ToStringOrNull(name)!, ToStringOrNull(value) ?? string.Empty, classification!);
            }
        }

        if (offset != data.Length)
        {
            throw Errors.Format("trailing bytes after the entry.");
        }

        // The required strings are checked in the order the record below names them.
        if ((present & (1 << ActorIdIndex)) == 0)
        {
            throw Errors.Format("entry without an actor id.");
        }

        if ((present & (1 << ActionIndex)) == 0)
        {
            throw Errors.Format("entry without an action.");
        }

        if ((present & (1 << ResourceTypeIndex)) == 0)
        {
            throw Errors.Format("entry without a resource type.");
        }

        if (s is null || extras is null)
        {
            return null;
        }

        var record = new AuditRecord
        {
            OccurredAt = DateTimeOffset.FromUnixTimeMilliseconds(millis),
            Actor = new AuditActor(s[ActorIdIndex]!, actorType, s[1]),
            Action = s[ActionIndex]!,
            Resource = new AuditResource(s[ResourceTypeIndex]!, s[4] ?? string.Empty),
            Source = s[5] is null && s[6] is null && s[7] is null ? null : new AuditSource(s[5], s[6], s[7]),
            PurposeOfUse = s[8],
            Justification = s[9],
            Outcome = status == AuditOutcomeStatus.Success && s[10] is null ? AuditOutcome.Success : new AuditOutcome(status, s[10]),
            CorrelationId = s[11],
            Extra = extras,
        };
        return (sequence, data.Slice(9, HashSize).ToArray(), record);
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
                throw Errors.Malformed(UnicodeText.IsWellFormed(sorted[i].Name) ? "extra." + sorted[i].Name : "extra", "the name appears more than once.");
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

    private static DataClassificationSet? ReadClassification(ReadOnlySpan<byte> text, bool materialize)
    {
        if (!materialize)
        {
            foreach (var known in Volatile.Read(ref _knownClassifications))
            {
                if (text.SequenceEqual(known))
                {
                    return null;
                }
            }
        }

        var set = ParseClassification(ToStringOrNull(text));
        if (!materialize)
        {
            // Losing a race only means this text is parsed once more later.
            var before = Volatile.Read(ref _knownClassifications);
            if (before.Length < MaxKnownClassifications)
            {
                Interlocked.CompareExchange(ref _knownClassifications, [.. before, text.ToArray()], before);
            }
        }

        return set;
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

    /// <summary>The encoded size of a string; text UTF-8 cannot carry is refused with the package's own error, never the encoder's, which would quote it.</summary>
    private static int StringSize(string? value, string field)
    {
        if (!string.IsNullOrEmpty(value) && !UnicodeText.IsWellFormed(value))
        {
            throw Errors.NotUnicode(field);
        }

        var length = string.IsNullOrEmpty(value) ? 0 : StrictUtf8.GetByteCount(value);
        if (length > ushort.MaxValue)
        {
            throw Errors.Malformed(field, $"it is longer than {ushort.MaxValue} bytes of UTF-8.");
        }

        return 2 + length;
    }

    private static int WriteString(Span<byte> destination, string? value)
    {
        var length = string.IsNullOrEmpty(value) ? 0 : StrictUtf8.GetBytes(value, destination[2..]);
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)length);
        return 2 + length;
    }

    /// <summary>Reads a length-prefixed string as its UTF-8 bytes, which must be valid UTF-8; empty stands for null.</summary>
    private static ReadOnlySpan<byte> ReadUtf8(ReadOnlySpan<byte> data, scoped ref int offset)
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

        var text = data.Slice(offset, length);
        offset += length;
        return Utf8.IsValid(text) ? text : throw Errors.Format("a string is not valid UTF-8.");
    }

    private static string? ToStringOrNull(ReadOnlySpan<byte> utf8) => utf8.IsEmpty ? null : StrictUtf8.GetString(utf8);

    /// <summary>
    /// Orders two valid UTF-8 strings as <see cref="string.CompareOrdinal(string, string)"/> orders
    /// their UTF-16 forms (only the sign is meaningful). Byte order alone would differ where a
    /// character above U+FFFF (a surrogate pair, first unit 0xD800-0xDBFF) meets one in U+E000-U+FFFF.
    /// </summary>
    internal static int CompareOrdinal(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        var common = left.CommonPrefixLength(right);
        if (common == left.Length || common == right.Length)
        {
            return left.Length - right.Length;
        }

        // Both strings share the lead byte of the character holding the first difference, so they
        // agree on where it starts.
        while ((left[common] & 0xC0) == 0x80)
        {
            common--;
        }

        Rune.DecodeFromUtf8(left[common..], out var a, out _);
        Rune.DecodeFromUtf8(right[common..], out var b, out _);
        var unitA = a.IsBmp ? a.Value : 0xD7C0 + (a.Value >> 10);
        var unitB = b.IsBmp ? b.Value : 0xD7C0 + (b.Value >> 10);
        return unitA != unitB ? unitA - unitB : a.Value - b.Value;
    }
}
