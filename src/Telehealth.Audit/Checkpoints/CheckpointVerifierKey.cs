using System.Globalization;
using NSec.Cryptography;

namespace Telehealth.Audit;

/// <summary>
/// The public half of a checkpoint signing key, in the C2SP signed-note verifier key format
/// <c>name+hexkeyid+base64(0x01 || public key)</c>. This is all an auditor needs to verify
/// checkpoints and proofs offline.
/// </summary>
public sealed class CheckpointVerifierKey
{
    private readonly PublicKey _publicKey;

    private CheckpointVerifierKey(string name, uint keyId, PublicKey publicKey)
    {
        Name = name;
        KeyId = keyId;
        _publicKey = publicKey;
    }

    /// <summary>Gets the key name, which appears in every signature line.</summary>
    public string Name { get; }

    /// <summary>Gets the 32-bit key id: the first four bytes of SHA-256(name || 0x0A || 0x01 || public key).</summary>
    public uint KeyId { get; }

    /// <summary>Gets the raw 32-byte Ed25519 public key.</summary>
    public ReadOnlyMemory<byte> PublicKey => _publicKey.Export(KeyBlobFormat.RawPublicKey);

    /// <summary>Parses a verifier key string.</summary>
    /// <param name="verifierKey">The verifier key, such as <c>example.com/log+530d903a+Aeky…</c>.</param>
    /// <returns>The key.</returns>
    /// <exception cref="AuditFormatException">The string is not a valid Ed25519 verifier key.</exception>
    public static CheckpointVerifierKey Parse(string verifierKey)
    {
        ArgumentNullException.ThrowIfNull(verifierKey);
        var parts = verifierKey.Split('+', 3);
        if (parts.Length != 3 || !NoteKey.IsValidName(parts[0]) || parts[1].Length != 8
            || !uint.TryParse(parts[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var keyId))
        {
            throw Errors.Checkpoint("the verifier key is not of the form name+keyid+key.");
        }

        byte[] typed;
        try
        {
            typed = Convert.FromBase64String(parts[2]);
        }
        catch (FormatException ex)
        {
            throw Errors.Checkpoint("the verifier key is not base64.", ex);
        }

        if (typed.Length != 33 || typed[0] != NoteKey.Ed25519Type || Convert.ToBase64String(typed) != parts[2]
            || !NSec.Cryptography.PublicKey.TryImport(SignatureAlgorithm.Ed25519, typed.AsSpan(1), KeyBlobFormat.RawPublicKey, out var publicKey)
            || publicKey is null)
        {
            throw Errors.Checkpoint("the verifier key is not an Ed25519 public key.");
        }

        if (NoteKey.KeyId(parts[0], typed.AsSpan(1)) != keyId)
        {
            throw Errors.Checkpoint("the verifier key id does not match its name and public key.");
        }

        return new CheckpointVerifierKey(parts[0], keyId, publicKey);
    }

    internal static CheckpointVerifierKey From(string name, PublicKey publicKey) =>
        new(name, NoteKey.KeyId(name, publicKey.Export(KeyBlobFormat.RawPublicKey)), publicKey);

    internal bool Verify(ReadOnlySpan<byte> text, ReadOnlySpan<byte> signature) =>
        signature.Length == 64 && SignatureAlgorithm.Ed25519.Verify(_publicKey, text, signature);

    /// <summary>Returns the verifier key string.</summary>
    /// <returns>The key in <c>name+keyid+base64</c> form.</returns>
    public override string ToString() =>
        $"{Name}+{KeyId:x8}+{Convert.ToBase64String(NoteKey.WithType(_publicKey.Export(KeyBlobFormat.RawPublicKey)))}";
}
