using System.Buffers.Binary;
using static Telehealth.Crypto.Tests.Streaming.StreamingFixture;

namespace Telehealth.Crypto.Tests.Streaming;

public sealed class SegmentedStreamTamperTests
{
    private const int SegmentSize = 16;
    private const int Stride = SegmentSize + TagSize;

    public static TheoryData<bool> Readers => [false, true];

    [Theory]
    [MemberData(nameof(Readers))]
    public void Truncation_at_every_segment_boundary_is_reported_as_truncation(bool seekable)
    {
        foreach (var length in new[] { 3 * SegmentSize, (3 * SegmentSize) + 5 })
        {
            var ciphertext = Encrypt(Plaintext(length), SegmentSize);
            for (var segments = 0; segments < SegmentCount(length, SegmentSize); segments++)
            {
                var truncated = ciphertext[..(HeaderSize + (segments * Stride))];
                Assert.Equal("TH2052", DecryptFails(truncated, seekable).Code);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public void Truncation_at_every_length_is_rejected(bool seekable)
    {
        var ciphertext = Encrypt(Plaintext((2 * SegmentSize) + 5), SegmentSize);
        for (var length = 0; length < ciphertext.Length; length++)
        {
            var error = DecryptFails(ciphertext[..length], seekable);
            Assert.Contains(error.Code, length < HeaderSize ? ["TH2052"] : new[] { "TH2051", "TH2052" });
        }
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task Asynchronous_reads_reject_truncation_swap_and_appended_data(bool seekable)
    {
        var ciphertext = Encrypt(Plaintext(3 * SegmentSize), SegmentSize);
        var header = ciphertext[..HeaderSize];
        var (s0, s1, s2) = (Segment(ciphertext, 0, SegmentSize), Segment(ciphertext, 1, SegmentSize), Segment(ciphertext, 2, SegmentSize));

        Assert.Equal("TH2052", (await Assert.ThrowsAsync<CryptoException>(() => DecryptAsync(Concat(header, s0, s1), seekable))).Code);
        Assert.Equal("TH2051", (await Assert.ThrowsAsync<CryptoException>(() => DecryptAsync(Concat(header, s0, s2, s1), seekable))).Code);
        Assert.Equal("TH2053", (await Assert.ThrowsAsync<CryptoException>(() => DecryptAsync(Concat(ciphertext, s2), seekable))).Code);
        Assert.Equal("TH2054", (await Assert.ThrowsAsync<CryptoException>(() => DecryptAsync([0x02, .. ciphertext[1..]], seekable))).Code);
    }

    [Fact]
    public void A_truncated_stream_never_reports_end_of_stream()
    {
        var plaintext = Plaintext(4 * SegmentSize);
        var truncated = Encrypt(plaintext, SegmentSize)[..(HeaderSize + (2 * Stride))];
        using var stream = new SegmentedDecryptionStream(new NonSeekableStream(new MemoryStream(truncated)), Key, AssociatedData, leaveOpen: false);
        var buffer = new byte[SegmentSize];

        stream.ReadExactly(buffer);
        Assert.Equal(plaintext[..SegmentSize], buffer);
        Assert.Equal("TH2052", Assert.Throws<CryptoException>(() => stream.Read(buffer)).Code);
        Assert.Equal("TH2052", Assert.Throws<CryptoException>(() => stream.Read(buffer)).Code);
    }

    [Fact]
    public void A_seekable_reader_verifies_the_final_segment_before_reporting_end_of_stream()
    {
        var truncated = Encrypt(Plaintext(4 * SegmentSize), SegmentSize)[..(HeaderSize + (2 * Stride))];
        using var stream = new SegmentedDecryptionStream(new MemoryStream(truncated), Key, AssociatedData, leaveOpen: false);

        stream.Position = 0;
        Assert.Equal(SegmentSize, stream.Read(new byte[SegmentSize]));
        stream.Position = stream.Length;
        Assert.Equal("TH2052", Assert.Throws<CryptoException>(() => stream.Read(new byte[1])).Code);
    }

    [Fact]
    public void A_failed_segment_releases_none_of_its_plaintext()
    {
        var plaintext = Plaintext(3 * SegmentSize);
        var ciphertext = Encrypt(plaintext, SegmentSize);
        ciphertext[HeaderSize + Stride + 3] ^= 0x01;
        using var stream = new SegmentedDecryptionStream(new NonSeekableStream(new MemoryStream(ciphertext)), Key, AssociatedData, leaveOpen: false);
        var first = new byte[SegmentSize];
        var second = new byte[SegmentSize];

        Assert.Equal(SegmentSize, stream.Read(first));
        Assert.Equal(plaintext[..SegmentSize], first);
        Assert.Equal("TH2051", Assert.Throws<CryptoException>(() => stream.Read(second)).Code);
        Assert.Equal(new byte[SegmentSize], second);
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public void Swapped_segments_are_rejected(bool seekable)
    {
        var ciphertext = Encrypt(Plaintext(3 * SegmentSize), SegmentSize);
        var header = ciphertext[..HeaderSize];
        var (s0, s1, s2) = (Segment(ciphertext, 0, SegmentSize), Segment(ciphertext, 1, SegmentSize), Segment(ciphertext, 2, SegmentSize));

        Assert.Equal("TH2051", DecryptFails(Concat(header, s1, s0, s2), seekable).Code);
        Assert.Equal("TH2051", DecryptFails(Concat(header, s0, s2, s1), seekable).Code);
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public void Duplicated_segments_are_rejected(bool seekable)
    {
        var ciphertext = Encrypt(Plaintext(3 * SegmentSize), SegmentSize);
        var header = ciphertext[..HeaderSize];
        var (s0, s1, s2) = (Segment(ciphertext, 0, SegmentSize), Segment(ciphertext, 1, SegmentSize), Segment(ciphertext, 2, SegmentSize));

        Assert.Equal("TH2051", DecryptFails(Concat(header, s0, s0, s1, s2), seekable).Code);
        Assert.Equal("TH2051", DecryptFails(Concat(header, s0, s1, s1, s2), seekable).Code);
        Assert.Equal("TH2053", DecryptFails(Concat(header, s0, s1, s2, s2), seekable).Code);
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public void Appended_data_after_a_full_final_segment_is_reported_as_such(bool seekable)
    {
        var ciphertext = Encrypt(Plaintext(2 * SegmentSize), SegmentSize);

        foreach (var garbage in new[] { 1, 5, TagSize, Stride, (2 * Stride) + 3 })
        {
            // A seekable reader lays out segments from the source length first; a remainder shorter
            // than a tag cannot be a segment, so that layout is rejected as truncated before any read.
            var expected = seekable && garbage % Stride < TagSize && garbage % Stride != 0 ? "TH2052" : "TH2053";
            Assert.Equal(expected, DecryptFails(Concat(ciphertext, Plaintext(garbage, seed: garbage)), seekable).Code);
        }
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public void Appended_data_after_a_short_final_segment_is_rejected(bool seekable)
    {
        var ciphertext = Encrypt(Plaintext((2 * SegmentSize) + 3), SegmentSize);

        foreach (var garbage in new[] { 1, 5, TagSize, Stride, (2 * Stride) + 3 })
        {
            Assert.Contains(DecryptFails(Concat(ciphertext, Plaintext(garbage, seed: garbage)), seekable).Code, new[] { "TH2051", "TH2052", "TH2053" });
        }
    }

    [Fact]
    public void Every_single_bit_flip_is_rejected()
    {
        var ciphertext = Encrypt(Plaintext((2 * SegmentSize) + 7), SegmentSize);
        Assert.Equal(HeaderSize + (3 * TagSize) + (2 * SegmentSize) + 7, ciphertext.Length);

        for (var bit = 0; bit < ciphertext.Length * 8; bit++)
        {
            var flipped = (byte[])ciphertext.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.Throws<CryptoException>(() => Decrypt(flipped, seekable: false));
            Assert.Throws<CryptoException>(() => Decrypt(flipped, seekable: true));
        }
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public void A_wrong_key_or_wrong_associated_data_fails_authentication(bool seekable)
    {
        var ciphertext = Encrypt(Plaintext(40), SegmentSize);
        var otherKey = (byte[])Key.Clone();
        otherKey[31] ^= 0x80;

        Assert.Equal("TH2051", DecryptFails(ciphertext, seekable, key: otherKey).Code);
        Assert.Equal("TH2051", DecryptFails(ciphertext, seekable, associatedData: "envelope-header||context-hasH"u8.ToArray()).Code);
        Assert.Equal("TH2051", DecryptFails(ciphertext, seekable, associatedData: []).Code);
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public void Hostile_headers_are_rejected_before_any_allocation_they_ask_for(bool seekable)
    {
        var ciphertext = Encrypt(Plaintext(40), SegmentSize);

        foreach (var segmentSize in new uint[] { 0, 15, (16 * 1024 * 1024) + 1, uint.MaxValue })
        {
            var hostile = (byte[])ciphertext.Clone();
            BinaryPrimitives.WriteUInt32BigEndian(hostile.AsSpan(1), segmentSize);
            var error = DecryptFails(hostile, seekable);
            Assert.Equal("TH2050", error.Code);
            Assert.Contains("segment size", error.Message, StringComparison.Ordinal);
        }

        foreach (var version in new byte[] { 0x00, 0x02, 0xFF })
        {
            var hostile = (byte[])ciphertext.Clone();
            hostile[0] = version;
            Assert.Equal("TH2054", DecryptFails(hostile, seekable).Code);
        }

        // A header of another segment size that the reader accepts still fails: the header is authenticated.
        var resized = (byte[])ciphertext.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(resized.AsSpan(1), 32);
        Assert.Equal("TH2051", DecryptFails(resized, seekable).Code);
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public void A_stream_cut_inside_its_header_is_truncated(bool seekable)
    {
        var ciphertext = Encrypt(Plaintext(40), SegmentSize);

        for (var length = 0; length < HeaderSize; length++)
        {
            Assert.Equal("TH2052", DecryptFails(ciphertext[..length], seekable).Code);
        }
    }

    [Fact]
    public void Error_messages_carry_no_key_plaintext_or_associated_data()
    {
        var plaintext = "PATIENT-NAME-DOE"u8.ToArray();
        var ciphertext = Encrypt(plaintext, SegmentSize);
        ciphertext[^1] ^= 1;
        var error = DecryptFails(ciphertext, seekable: false);

        Assert.DoesNotContain("PATIENT", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("context-hash", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexString(Key), error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("TH2051: ", error.Message, StringComparison.Ordinal);
    }
}
