namespace Telehealth.Audit.Tests.Records;

/// <summary>Records holding buffers or lists compare by contents, not by the references they hold.</summary>
public sealed class ValueEqualityTests
{
    [Fact]
    public void Records_with_buffers_and_lists_are_equal_when_their_contents_are()
    {
        byte[] Hash(byte b) => Enumerable.Repeat(b, 32).ToArray();
        Assert.Equal(new InclusionProof(3, 8, [Hash(1), Hash(2)]), new InclusionProof(3, 8, [Hash(1), Hash(2)]));
        Assert.NotEqual(new InclusionProof(3, 8, [Hash(1), Hash(2)]), new InclusionProof(3, 8, [Hash(1), Hash(3)]));
        Assert.Equal(new ConsistencyProof(2, 8, [Hash(4)]), new ConsistencyProof(2, 8, [Hash(4)]));
        Assert.Equal(new AuditAppendResult(5, Hash(7)), new AuditAppendResult(5, Hash(7)));
        Assert.NotEqual(new AuditAppendResult(5, Hash(7)), new AuditAppendResult(5, Hash(8)));
        Assert.Equal(new AuditStoredEntry(1, new byte[] { 1, 2 }, Hash(9)), new AuditStoredEntry(1, new byte[] { 1, 2 }, Hash(9)));
        Assert.Equal(TestRecords.Read(4), TestRecords.Read(4));
        Assert.NotEqual(TestRecords.Read(4), TestRecords.Read(4) with { Extra = [AuditField.Operational("visit.kind", "phone")] });
        var entry = () => AuditEntry.Decode(TestRecords.Encode(0, TestRecords.Read(1)));
        Assert.Equal(new AuditPage([entry()], 1), new AuditPage([entry()], 1));
        Assert.Equal(new AuditLogResource(new byte[] { 1 }, "a", true), new AuditLogResource(new byte[] { 1 }, "a", true));
        Assert.Equal(new InclusionProof(3, 8, [Hash(1)]).GetHashCode(), new InclusionProof(3, 8, [Hash(1)]).GetHashCode());
    }
}

/// <summary>New entries fit a C2SP tlog-tiles entry bundle, whose entries carry a 16-bit length.</summary>
public sealed class EntrySizeTests
{
    [Fact]
    public void A_record_that_would_encode_past_65535_bytes_is_refused_with_the_packages_code()
    {
        var record = TestRecords.Read(1) with
        {
            Extra = [.. Enumerable.Range(0, 5).Select(i => AuditField.Operational("field." + i, new string('a', 16_000)))],
        };
        var ex = Assert.Throws<AuditRecordRejectedException>(() => AuditEntryCodec.EncodeUnchained(record));
        Assert.Equal(AuditErrorCodes.RecordFieldMalformed, ex.Code);
        Assert.DoesNotContain("aaaa", ex.Message, StringComparison.Ordinal);

        var fits = TestRecords.Read(1) with { Extra = [.. Enumerable.Range(0, 3).Select(i => AuditField.Operational("field." + i, new string('a', 16_000)))] };
        Assert.True(AuditEntryCodec.EncodeUnchained(fits).Length <= AuditLogTiles.MaxBundledEntryBytes);
    }
}
