using System.Security.Cryptography;
using Telehealth.Media.Dtls;

namespace Telehealth.Media.Tests.Dtls;

/// <summary>The SDP fingerprint value (RFC 8122 §5): parsing, formatting and hostile input.</summary>
public sealed class CertificateFingerprintTests
{
    private const string Sample = "sha-256 19:E2:1C:3B:4B:9F:81:E6:B8:5C:F4:A5:A8:D8:73:04:BB:05:2F:70:9F:04:A9:0E:05:E9:26:33:E8:70:88:A2";

    [Fact]
    public void A_fingerprint_round_trips_through_its_sdp_form()
    {
        var parsed = CertificateFingerprint.Parse(Sample);

        Assert.Equal(Sample, parsed.ToString());
        Assert.Equal(0x19, parsed.Hash[0]);
        Assert.Equal(0xA2, parsed.Hash[31]);
    }

    [Fact]
    public void Case_and_surrounding_white_space_do_not_matter()
    {
        var parsed = CertificateFingerprint.Parse("  SHA-256 " + Sample[8..].ToLowerInvariant() + "\r\n");

        Assert.Equal(CertificateFingerprint.Parse(Sample), parsed);
    }

    [Fact]
    public void The_fingerprint_of_a_certificate_is_the_sha256_of_its_der()
    {
        using var certificate = DtlsCertificate.Generate();

        Assert.Equal(SHA256.HashData(certificate.CertificateDer), certificate.Fingerprint.Hash.ToArray());
        Assert.Equal(certificate.Fingerprint, CertificateFingerprint.Parse(certificate.Fingerprint.ToString()));
    }

    [Theory]
    [InlineData("sha-1 19:E2:1C:3B:4B:9F:81:E6:B8:5C:F4:A5:A8:D8:73:04:BB:05:2F:70")]
    [InlineData("sha-512 19:E2")]
    public void Other_hash_functions_are_refused(string text) =>
        Assert.Equal(MediaErrorCodes.UnsupportedFingerprintAlgorithm, Assert.Throws<MediaException>(() => CertificateFingerprint.Parse(text)).Code);

    [Theory]
    [InlineData("")]
    [InlineData("sha-256")]
    [InlineData("sha-256 ")]
    [InlineData("19:E2:1C:3B:4B:9F:81:E6:B8:5C:F4:A5:A8:D8:73:04:BB:05:2F:70:9F:04:A9:0E:05:E9:26:33:E8:70:88:A2")]
    [InlineData("sha-256 19:E2:1C:3B:4B:9F:81:E6:B8:5C:F4:A5:A8:D8:73:04:BB:05:2F:70:9F:04:A9:0E:05:E9:26:33:E8:70:88")]
    [InlineData("sha-256 19:E2:1C:3B:4B:9F:81:E6:B8:5C:F4:A5:A8:D8:73:04:BB:05:2F:70:9F:04:A9:0E:05:E9:26:33:E8:70:88:A2:00")]
    [InlineData("sha-256 19E2:1C:3B:4B:9F:81:E6:B8:5C:F4:A5:A8:D8:73:04:BB:05:2F:70:9F:04:A9:0E:05:E9:26:33:E8:70:88:A2:")]
    [InlineData("sha-256 G9:E2:1C:3B:4B:9F:81:E6:B8:5C:F4:A5:A8:D8:73:04:BB:05:2F:70:9F:04:A9:0E:05:E9:26:33:E8:70:88:A2")]
    [InlineData("sha-256 19-E2-1C-3B-4B-9F-81-E6-B8-5C-F4-A5-A8-D8-73-04-BB-05-2F-70-9F-04-A9-0E-05-E9-26-33-E8-70-88-A2")]
    [InlineData("sh\0-256 19:E2")]
    public void Malformed_values_are_refused_with_a_typed_error(string text) =>
        Assert.Equal(MediaErrorCodes.MalformedFingerprint, Assert.Throws<MediaException>(() => CertificateFingerprint.Parse(text)).Code);

    [Fact]
    public void Oversized_input_is_refused_without_being_scanned()
    {
        var huge = "sha-256 " + new string('A', 10_000_000);

        Assert.Equal(MediaErrorCodes.MalformedFingerprint, Assert.Throws<MediaException>(() => CertificateFingerprint.Parse(huge)).Code);
        Assert.False(CertificateFingerprint.TryParse(huge, out _));
    }

    [Fact]
    public void Every_single_bit_flip_of_a_valid_value_is_refused_or_changes_the_hash()
    {
        var original = CertificateFingerprint.Parse(Sample);
        var bytes = System.Text.Encoding.ASCII.GetBytes(Sample);
        for (var i = 0; i < bytes.Length; i++)
        {
            for (var bit = 0; bit < 8; bit++)
            {
                bytes[i] ^= (byte)(1 << bit);
                var text = System.Text.Encoding.Latin1.GetString(bytes);
                if (CertificateFingerprint.TryParse(text, out var parsed))
                {
                    // Only case flips of a hex letter or of the name, or white space at the edges, keep the value.
                    Assert.True(parsed.Equals(original) == string.Equals(text.Trim(), Sample, StringComparison.OrdinalIgnoreCase), text);
                }

                bytes[i] ^= (byte)(1 << bit);
            }
        }
    }

    [Fact]
    public void Random_input_never_throws_anything_but_the_typed_error()
    {
        for (var i = 0; i < 2000; i++)
        {
            var bytes = RandomNumberGenerator.GetBytes(RandomNumberGenerator.GetInt32(0, 200));
            var text = i % 2 == 0 ? System.Text.Encoding.Latin1.GetString(bytes) : "sha-256 " + Convert.ToHexString(bytes);
            if (!CertificateFingerprint.TryParse(text, out _))
            {
                Assert.Throws<MediaException>(() => CertificateFingerprint.Parse(text));
            }
        }
    }

    [Fact]
    public void A_hash_of_the_wrong_length_is_an_argument_error() =>
        Assert.Throws<ArgumentException>("sha256", () => CertificateFingerprint.FromHash(new byte[20]));
}
