using System.Text;
using Microsoft.Extensions.Compliance.Classification;

namespace Telehealth.Audit.Tests.Records;

/// <summary>
/// The verifier's <c>AuditEntryCodec.Validate</c> accepts and rejects exactly what <c>Decode</c>
/// does, with the same error, on intact, truncated, bit-flipped and hostile bytes.
/// </summary>
public sealed class AuditEntryCodecValidateTests
{
    public static TheoryData<string> Samples =>
        ["plain", "several extras", "non-ASCII", "denied", "no actor id", "no action", "no resource type", "unnamed extra", "unclassified extra"];

    [Theory]
    [MemberData(nameof(Samples))]
    public void Validate_agrees_with_Decode_on_every_truncation(string sample)
    {
        var bytes = Sample(sample);
        AssertAgree(bytes);
        for (var length = 0; length < bytes.Length; length++)
        {
            AssertAgree(bytes.AsSpan(0, length).ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Validate_agrees_with_Decode_on_every_bit_flip(string sample)
    {
        var bytes = Sample(sample);
        for (var i = 0; i < bytes.Length * 8; i++)
        {
            var flipped = (byte[])bytes.Clone();
            flipped[i / 8] ^= (byte)(1 << (i % 8));
            AssertAgree(flipped);
        }
    }

    [Fact]
    public void Validate_agrees_with_Decode_on_hostile_bytes()
    {
        var random = new Random(9162);
        var template = Sample("several extras");
        for (var i = 0; i < 3000; i++)
        {
            // Half random noise, half a real entry with a few random bytes overwritten.
            var bytes = i % 2 == 0 ? new byte[random.Next(0, 400)] : (byte[])template.Clone();
            if (i % 2 == 0)
            {
                random.NextBytes(bytes);
            }
            else
            {
                for (var j = random.Next(1, 4); j > 0; j--)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }
            }

            if (bytes.Length > 0)
            {
                bytes[0] = AuditEntryCodec.Version;
            }

            AssertAgree(bytes);
        }
    }

    [Fact]
    public void A_non_canonical_classification_is_rejected_after_its_canonical_form_was_accepted()
    {
        var set = new DataClassificationSet(AuditTaxonomy.Personal, new DataClassification("Host", "Contact"));
        var bytes = TestRecords.Encode(0, TestRecords.Read(1) with { Extra = [new AuditField("contact", "redacted", set)] });
        AuditEntryCodec.Validate(bytes);

        var canonical = Hex.Of("Host:Contact,TelehealthAudit:Personal"u8);
        Assert.Contains(canonical, Hex.Of(bytes), StringComparison.Ordinal);
        var swapped = Hex.Bytes(Hex.Of(bytes).Replace(canonical, Hex.Of("TelehealthAudit:Personal,Host:Contact"u8), StringComparison.Ordinal));
        AssertAgree(swapped);
        Assert.Throws<AuditFormatException>(() => AuditEntryCodec.Validate(swapped));
    }

    [Fact]
    public void Extra_names_are_ordered_by_UTF16_code_units_as_when_encoding()
    {
        // UTF-16 puts U+10000 (a surrogate pair, 0xD800 0xDC00) before U+E000; UTF-8 bytes would not.
        var record = TestRecords.Read(1) with { Extra = [AuditField.Operational("\uE000", "a"), AuditField.Operational("\U00010000", "b")] };
        var bytes = TestRecords.Encode(0, record);
        AuditEntryCodec.Validate(bytes);
        Assert.Equal(["\U00010000", "\uE000"], AuditEntry.Decode(bytes).Record.Extra.Select(f => f.Name));
    }

    [Fact]
    public void CompareOrdinal_on_UTF8_has_the_sign_of_string_CompareOrdinal()
    {
        string[] alphabet = ["a", "b", "z", "\u00e9", "\u07ff", "\u0800", "\ud7ff", "\ue000", "\uffef", "\uffff", "\U00010000", "\U0001F600", "\U0010FFFF"];
        var random = new Random(6962);
        for (var i = 0; i < 20_000; i++)
        {
            var left = RandomString(random, alphabet);
            var right = random.Next(4) == 0 ? left + RandomString(random, alphabet) : RandomString(random, alphabet);
            Assert.Equal(
                Math.Sign(string.CompareOrdinal(left, right)),
                Math.Sign(AuditEntryCodec.CompareOrdinal(Encoding.UTF8.GetBytes(left), Encoding.UTF8.GetBytes(right))));
        }
    }

    private static string RandomString(Random random, string[] alphabet)
    {
        var builder = new StringBuilder();
        for (var n = random.Next(0, 4); n > 0; n--)
        {
            builder.Append(alphabet[random.Next(alphabet.Length)]);
        }

        return builder.ToString();
    }

    private static byte[] Sample(string name) => name switch
    {
        "plain" => TestRecords.Encode(3, TestRecords.Read(3)),
        "several extras" => TestRecords.Encode(5, TestRecords.Read(5) with
        {
            Extra = [AuditField.Operational("a", "1"), AuditField.Personal("b", "2"), AuditField.Operational("c", "")],
        }),
        "non-ASCII" => TestRecords.Encode(7, TestRecords.Read(7, actor: "u-\u00e9\u4e2d\U0001F600") with
        {
            Justification = "\u00fcberweisung \U00010000",
            Extra = [AuditField.Operational("n\u00e4me", "v\u00e4lue")],
        }),
        "denied" => TestRecords.Encode(9, TestRecords.Read(9) with { Outcome = AuditOutcome.Denied("rbac.no_permission"), Source = null, Extra = [] }),

        // Encodable but not decodable: each takes a different rejection path.
        "no actor id" => TestRecords.Encode(1, TestRecords.Read(1, actor: "")),
        "no action" => TestRecords.Encode(1, TestRecords.Read(1) with { Action = "" }),
        "no resource type" => TestRecords.Encode(1, TestRecords.Read(1) with { Resource = new AuditResource("", "r-1") }),
        "unnamed extra" => TestRecords.Encode(1, TestRecords.Read(1) with { Extra = [AuditField.Operational("", "x")] }),
        "unclassified extra" => TestRecords.Encode(1, TestRecords.Read(1) with { Extra = [new AuditField("a", "x", new DataClassificationSet([]))] }),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static void AssertAgree(byte[] bytes)
    {
        var decoded = Outcome(() => AuditEntryCodec.Decode(bytes));

        // Twice: the second run may take the remembered-classification path.
        Assert.Equal(decoded, Outcome(() => AuditEntryCodec.Validate(bytes)));
        Assert.Equal(decoded, Outcome(() => AuditEntryCodec.Validate(bytes)));
    }

    private static string Outcome(Action action)
    {
        try
        {
            action();
            return "accepted";
        }
        catch (AuditFormatException ex)
        {
            return $"{ex.Code}: {ex.Message}";
        }
        catch (Exception ex)
        {
            // Not expected, but if it happens both modes must fail alike.
            return $"{ex.GetType().Name}: {ex.Message}";
        }
    }
}
