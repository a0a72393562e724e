using System.Security.Cryptography;
using Telehealth.Media.Srtp;

namespace Telehealth.Media.Dtls;

/// <summary>
/// Splits the output of the <c>EXTRACTOR-dtls_srtp</c> exporter per RFC 5764 §4.2 and creates the SRTP
/// sessions of both directions. The exporter output is client key, server key, client salt, server salt;
/// each side writes with its own role's key and salt and reads with the other's.
/// </summary>
internal static class SrtpKeyingMaterial
{
    /// <summary>The exporter label of RFC 5764 §4.2.</summary>
    public const string ExporterLabel = "EXTRACTOR-dtls_srtp";

    /// <summary>The exporter output length of a profile: 2 × (master key length + master salt length).</summary>
    public static int Length(SrtpProfile profile) =>
        2 * (SrtpProfileInfo.MasterKeyLength(profile) + SrtpProfileInfo.MasterSaltLength(profile));

    /// <summary>
    /// Creates the (outbound, inbound) sessions of <paramref name="role"/> from the exporter output.
    /// The caller zeroes <paramref name="material"/>.
    /// </summary>
    public static (SrtpSession Outbound, SrtpSession Inbound) CreateSessions(SrtpProfile profile, DtlsRole role, ReadOnlySpan<byte> material, SrtpOptions? srtpOptions = null)
    {
        var keyLength = SrtpProfileInfo.MasterKeyLength(profile);
        var saltLength = SrtpProfileInfo.MasterSaltLength(profile);
        if (material.Length != 2 * (keyLength + saltLength))
        {
            throw new ArgumentException("The keying material does not have the profile's length.", nameof(material));
        }

        var clientKey = material[..keyLength];
        var serverKey = material.Slice(keyLength, keyLength);
        var clientSalt = material.Slice(2 * keyLength, saltLength);
        var serverSalt = material.Slice((2 * keyLength) + saltLength, saltLength);

        var client = SrtpSession.Create(profile, clientKey, clientSalt, srtpOptions);
        try
        {
            var server = SrtpSession.Create(profile, serverKey, serverSalt, srtpOptions);
            return role == DtlsRole.Client ? (client, server) : (server, client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Exports the keying material into a new array; the caller zeroes it with <see cref="CryptographicOperations.ZeroMemory"/>.</summary>
    public static byte[] Export(Org.BouncyCastle.Tls.TlsContext context, SrtpProfile profile) =>
        context.ExportKeyingMaterial(ExporterLabel, null, Length(profile));
}
