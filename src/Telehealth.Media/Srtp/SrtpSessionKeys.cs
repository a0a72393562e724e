using System.Security.Cryptography;

namespace Telehealth.Media.Srtp;

/// <summary>The session keys of one stream kind (SRTP or SRTCP), derived from the master key (RFC 3711 §4.3).</summary>
internal sealed class SrtpSessionKeys : IDisposable
{
    public SrtpSessionKeys(byte[] encryption, byte[] authentication, byte[] salt)
    {
        Encryption = encryption;
        Authentication = authentication;
        Salt = salt;
    }

    public byte[] Encryption { get; }

    /// <summary>Gets the HMAC-SHA1 key; empty for the AEAD profiles.</summary>
    public byte[] Authentication { get; }

    public byte[] Salt { get; }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(Encryption);
        CryptographicOperations.ZeroMemory(Authentication);
        CryptographicOperations.ZeroMemory(Salt);
    }

    public override string ToString() => "SrtpSessionKeys";
}
