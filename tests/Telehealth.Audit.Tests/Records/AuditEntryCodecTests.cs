using Microsoft.Extensions.Compliance.Classification;

namespace Telehealth.Audit.Tests.Records;

public sealed class AuditEntryCodecTests
{
    private const string LeafHashOfFixedRecord = "5b1e03c9b339975b6d2e4184332627f4d841dd3c864be3397bb4e267e34e249b";
    [Fact]
    public void Encoding_is_deterministic_and_round_trips()
    {
        var record = TestRecords.Read(1) with
        {
            Extra = [AuditField.Operational("z.last", "2"), AuditField.Operational("a.first", "1")],
            Outcome = AuditOutcome.Denied("rbac.no_permission"),
        };
        var first = TestRecords.Encode(7, record);
        var second = TestRecords.Encode(7, record with { Extra = [.. record.Extra.Reverse()] });
        Assert.Equal(first, second);

        var entry = AuditEntry.Decode(first);
        Assert.Equal(7, entry.Sequence);
        Assert.Equal(record.Actor, entry.Record.Actor);
        Assert.Equal(record.Resource, entry.Record.Resource);
        Assert.Equal(record.OccurredAt, entry.Record.OccurredAt);
        Assert.Equal(record.Outcome, entry.Record.Outcome);
        Assert.Equal(["a.first", "z.last"], entry.Record.Extra.Select(f => f.Name));
        Assert.Equal(first, TestRecords.Encode(7, entry.Record));
        Assert.Equal(MerkleProofs.LeafHash(first), entry.LeafHash.ToArray());
    }

    [Fact]
    public void Known_answer_for_a_fixed_record_matches_FORMAT_md()
    {
        var record = new AuditRecord
        {
            Actor = new AuditActor("u-1", AuditActorType.User),
            Action = "phi.read",
            Resource = new AuditResource("patient-record", "r-1"),
            OccurredAt = TestRecords.Epoch,
        };
        var bytes = TestRecords.Encode(0, record);
        Assert.Equal(
            "01" + "0000000000000000" + new string('0', 64) + "0000019b76daa800" + "01" + "00"
            + "0003752d31" + "0000" + "00087068692e72656164" + "000e70617469656e742d7265636f7264" + "0003722d31"
            + "0000" + "0000" + "0000" + "0000" + "0000" + "0000" + "0000" + "00",
            Hex.Of(bytes));
        Assert.Equal(LeafHashOfFixedRecord, Hex.Of(MerkleProofs.LeafHash(bytes)));
    }

    [Fact]
    public void Every_truncation_is_rejected_with_a_format_error()
    {
        var bytes = TestRecords.Encode(3, TestRecords.Read(3));
        for (var length = 0; length < bytes.Length; length++)
        {
            var ex = Assert.Throws<AuditFormatException>(() => AuditEntry.Decode(bytes.AsSpan(0, length)));
            Assert.Equal("TH1010", ex.Code);
        }
    }

    [Fact]
    public void Trailing_bytes_oversized_input_and_unknown_versions_are_rejected()
    {
        var bytes = TestRecords.Encode(3, TestRecords.Read(3));
        Assert.Throws<AuditFormatException>(() => AuditEntry.Decode([.. bytes, 0]));
        Assert.Throws<AuditFormatException>(() => AuditEntry.Decode(new byte[AuditEntryCodec.MaxEntrySize + 1]));
        var wrongVersion = (byte[])bytes.Clone();
        wrongVersion[0] = 2;
        Assert.Throws<AuditFormatException>(() => AuditEntry.Decode(wrongVersion));
    }

    [Fact]
    public void Every_single_bit_flip_either_fails_cleanly_or_changes_the_leaf_hash()
    {
        var bytes = TestRecords.Encode(3, TestRecords.Read(3));
        var original = MerkleProofs.LeafHash(bytes);
        for (var i = 0; i < bytes.Length * 8; i++)
        {
            var flipped = (byte[])bytes.Clone();
            flipped[i / 8] ^= (byte)(1 << (i % 8));
            try
            {
                var entry = AuditEntry.Decode(flipped);
                Assert.NotEqual(original, entry.LeafHash.ToArray());
            }
            catch (AuditFormatException)
            {
                // A clean, typed refusal is the other acceptable outcome.
            }
        }
    }

    [Fact]
    public void Hostile_bytes_never_escape_as_anything_but_a_format_error()
    {
        var random = new Random(6962);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = new byte[random.Next(0, 400)];
            random.NextBytes(bytes);
            if (bytes.Length > 0)
            {
                bytes[0] = 1;
            }

            try
            {
                AuditEntry.Decode(bytes);
            }
            catch (AuditFormatException)
            {
            }
        }
    }

    [Fact]
    public void Invalid_utf8_and_non_canonical_extras_are_rejected()
    {
        var record = TestRecords.Read(1) with { Extra = [AuditField.Operational("a", "x"), AuditField.Operational("b", "y")] };
        var bytes = TestRecords.Encode(0, record);
        var text = Hex.Of(bytes);

        var swapped = Hex.Bytes(text.Replace("00016100", "00016300", StringComparison.Ordinal));
        Assert.Throws<AuditFormatException>(() => AuditEntry.Decode(swapped));

        var index = Array.IndexOf(bytes, (byte)'x');
        var invalidUtf8 = (byte[])bytes.Clone();
        invalidUtf8[index] = 0xff;
        Assert.Throws<AuditFormatException>(() => AuditEntry.Decode(invalidUtf8));
    }

    [Fact]
    public void Duplicate_extra_names_are_rejected_when_encoding()
    {
        var record = TestRecords.Read(1) with { Extra = [AuditField.Operational("a", "x"), AuditField.Operational("a", "y")] };
        var ex = Assert.Throws<AuditRecordRejectedException>(() => TestRecords.Encode(0, record));
        Assert.Equal("extra.a", ex.Field);
    }

    [Fact]
    public void Classifications_round_trip_in_canonical_form()
    {
        var set = new DataClassificationSet(AuditTaxonomy.Personal, new DataClassification("Host", "Contact"));
        var record = TestRecords.Read(1) with { Extra = [new AuditField("contact", "redacted", set)] };
        var entry = AuditEntry.Decode(TestRecords.Encode(0, record));
        Assert.Equal("Host:Contact,TelehealthAudit:Personal", AuditEntryCodec.ClassificationText(entry.Record.Extra[0].Classification));
    }
}
