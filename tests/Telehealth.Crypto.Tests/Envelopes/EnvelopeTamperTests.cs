using System.Buffers.Binary;

namespace Telehealth.Crypto.Tests;

public sealed class EnvelopeTamperTests
{
    public static TheoryData<byte> Suites() => [.. AlgorithmSuite.All.Select(s => s.Id)];

    [Theory]
    [MemberData(nameof(Suites))]
    public void Every_single_bit_flip_of_header_and_body_is_rejected(byte suiteId)
    {
        AlgorithmSuite.TryFromId(suiteId, out var suite);
        using var host = new KeyHost(cipher: o => o.Suite = suite!);
        var context = Contexts.Note();
        var envelope = host.Cipher.Encrypt("sixteen byte msg"u8, context);
        var codes = new HashSet<string>();
        for (var bit = 0; bit < envelope.Length * 8; bit++)
        {
            var tampered = (byte[])envelope.Clone();
            tampered[bit / 8] ^= (byte)(1 << (bit % 8));
            var error = Assert.Throws<CryptoException>(() => host.Cipher.Decrypt(tampered, context));
            codes.Add(error.Code);
        }

        // Header damage is named where that is safe; body damage is only ever "did not authenticate".
        Assert.Contains("TH2001", codes);
        Assert.Contains("TH2005", codes);
        Assert.Contains("TH2006", codes);
        Assert.Contains("TH2037", codes);
    }

    [Fact]
    public void Every_truncation_is_rejected()
    {
        using var host = new KeyHost();
        var envelope = host.Cipher.Encrypt("a short clinical note"u8, Contexts.Note());
        for (var length = 0; length < envelope.Length; length++)
        {
            var error = Assert.Throws<CryptoException>(() => host.Cipher.Decrypt(envelope.AsSpan(0, length), Contexts.Note()));
            Assert.Contains(error.Code, new[] { "TH2001", "TH2005" });
        }
    }

    [Fact]
    public void Appended_bytes_are_rejected()
    {
        using var host = new KeyHost();
        var envelope = host.Cipher.Encrypt("note"u8, Contexts.Note());
        Assert.Equal("TH2005", Assert.Throws<CryptoException>(() => host.Cipher.Decrypt([.. envelope, 0], Contexts.Note())).Code);
    }

    [Fact]
    public void A_wrapped_key_moved_from_another_envelope_fails_the_key_commitment_with_TH2006()
    {
        using var host = new KeyHost();
        var a = host.Cipher.Encrypt("first"u8, Contexts.Note());
        var b = host.Cipher.Encrypt("other"u8, Contexts.Note());
        var layout = EnvelopeLayout.Read(a, requireBody: true);
        var spliced = (byte[])a.Clone();
        b.AsSpan(layout.WrappedKeyOffset, layout.WrappedKeyLength).CopyTo(spliced.AsSpan(layout.WrappedKeyOffset));

        Assert.Equal("TH2006", Assert.Throws<CryptoException>(() => host.Cipher.Decrypt(spliced, Contexts.Note())).Code);
    }

    [Fact]
    public void Unknown_format_version_suite_and_flags_get_their_own_codes()
    {
        using var host = new KeyHost();
        var envelope = host.Cipher.Encrypt("note"u8, Contexts.Note());

        Assert.Equal("TH2002", Assert.Throws<CryptoException>(() => host.Cipher.Decrypt(With(envelope, 4, 2), Contexts.Note())).Code);
        Assert.Equal("TH2003", Assert.Throws<CryptoException>(() => host.Cipher.Decrypt(With(envelope, 5, 0x7F), Contexts.Note())).Code);
        Assert.Equal("TH2001", Assert.Throws<CryptoException>(() => host.Cipher.Decrypt(With(envelope, 6, 0x80), Contexts.Note())).Code);
        Assert.Equal("TH2001", Assert.Throws<CryptoException>(() => host.Cipher.Decrypt(With(envelope, 0, (byte)'X'), Contexts.Note())).Code);
    }

    [Fact]
    public void Hostile_lengths_in_the_header_are_rejected_without_reading_out_of_bounds()
    {
        using var host = new KeyHost();
        var envelope = host.Cipher.Encrypt("note"u8, Contexts.Note());
        var idLength = envelope[7];

        Assert.Equal("TH2001", Assert.Throws<CryptoException>(() => host.Cipher.Decrypt(With(envelope, 7, 0), Contexts.Note())).Code);
        Assert.Equal("TH2001", Assert.Throws<CryptoException>(() => host.Cipher.Decrypt(With(envelope, 7, 0xFF), Contexts.Note())).Code);

        var huge = (byte[])envelope.Clone();
        BinaryPrimitives.WriteUInt16BigEndian(huge.AsSpan(8 + idLength + 4), 0xFFFF);
        Assert.Equal("TH2001", Assert.Throws<CryptoException>(() => host.Cipher.Decrypt(huge, Contexts.Note())).Code);

        var zeroVersion = (byte[])envelope.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(zeroVersion.AsSpan(8 + idLength), 0);
        Assert.Equal("TH2001", Assert.Throws<CryptoException>(() => host.Cipher.Decrypt(zeroVersion, Contexts.Note())).Code);

        var negativeVersion = (byte[])envelope.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(negativeVersion.AsSpan(8 + idLength), 0x80000000);
        Assert.Equal("TH2001", Assert.Throws<CryptoException>(() => host.Cipher.Decrypt(negativeVersion, Contexts.Note())).Code);

        var badId = With(envelope, 8, (byte)'/');
        Assert.Equal("TH2001", Assert.Throws<CryptoException>(() => host.Cipher.Decrypt(badId, Contexts.Note())).Code);
    }

    [Fact]
    public void Random_garbage_never_decrypts()
    {
        using var host = new KeyHost();
        var random = new Random(7);
        for (var i = 0; i < 2000; i++)
        {
            var garbage = new byte[random.Next(0, 400)];
            random.NextBytes(garbage);
            if (i % 2 == 0 && garbage.Length > 15)
            {
                "THEV"u8.CopyTo(garbage);
                garbage[4] = 1;
                garbage[5] = 1;
                garbage[6] = 0;
                garbage[7] = 7;
                "default"u8.CopyTo(garbage.AsSpan(8));
            }

            Assert.Throws<CryptoException>(() => host.Cipher.Decrypt(garbage, Contexts.Note()));
        }
    }

    private static byte[] With(byte[] envelope, int index, byte value)
    {
        var copy = (byte[])envelope.Clone();
        copy[index] = value;
        return copy;
    }
}
