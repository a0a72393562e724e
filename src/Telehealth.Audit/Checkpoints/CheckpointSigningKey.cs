using System.Globalization;
using NSec.Cryptography;

namespace Telehealth.Audit;

/// <summary>
/// An Ed25519 key that signs checkpoints. The private key lives in NSec's protected memory, is
/// never shown by <see cref="ToString"/> and leaves the object only through
/// <see cref="ExportSignerKey"/>, for storing it encrypted.
/// </summary>
public sealed class CheckpointSigningKey : IDisposable
{
    private readonly Key _key;

    private CheckpointSigningKey(string name, Key key)
    {
        Name = name;
        _key = key;
        VerifierKey = CheckpointVerifierKey.From(name, key.PublicKey);
    }

    /// <summary>Gets the key name that appears in signature lines.</summary>
    public string Name { get; }

    /// <summary>Gets the public half, to give to auditors and verifiers.</summary>
    public CheckpointVerifierKey VerifierKey { get; }

    /// <summary>Gets the 32-bit key id.</summary>
    public uint KeyId => VerifierKey.KeyId;

    /// <summary>Creates a new random key.</summary>
    /// <param name="name">The key name, usually the log origin such as <c>audit.clinic.example/log</c>.</param>
    /// <returns>The key.</returns>
    public static CheckpointSigningKey Generate(string name)
    {
        CheckName(name);
        return new CheckpointSigningKey(name, Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }));
    }

    /// <summary>Imports a key from the signed-note signer key format <c>PRIVATE+KEY+name+keyid+base64(0x01 || seed)</c>.</summary>
    /// <param name="signerKey">The signer key string.</param>
    /// <returns>The key.</returns>
    /// <exception cref="AuditFormatException">The string is not a valid Ed25519 signer key.</exception>
    public static CheckpointSigningKey ImportSignerKey(string signerKey)
    {
        ArgumentNullException.ThrowIfNull(signerKey);
        var parts = signerKey.Split('+', 5);
        if (parts.Length != 5 || parts[0] != "PRIVATE" || parts[1] != "KEY" || !NoteKey.IsValidName(parts[2])
            || !uint.TryParse(parts[3], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var keyId))
        {
            throw Errors.Checkpoint("the signer key is not of the form PRIVATE+KEY+name+keyid+key.");
        }

        byte[] typed;
        try
        {
            typed = Convert.FromBase64String(parts[4]);
        }
        catch (FormatException ex)
        {
            throw Errors.Checkpoint("the signer key is not base64.", ex);
        }

        try
        {
            if (typed.Length != 33 || typed[0] != NoteKey.Ed25519Type)
            {
                throw Errors.Checkpoint("the signer key is not an Ed25519 seed.");
            }

            var key = Key.Import(SignatureAlgorithm.Ed25519, typed.AsSpan(1), KeyBlobFormat.RawPrivateKey, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
            var result = new CheckpointSigningKey(parts[2], key);
            if (result.KeyId != keyId)
            {
                result.Dispose();
                throw Errors.Checkpoint("the signer key id does not match its name and key.");
            }

            return result;
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(typed);
        }
    }

    /// <summary>Exports the private key in signer key format. Store the result encrypted; never log it.</summary>
    /// <returns>The signer key string.</returns>
    public string ExportSignerKey()
    {
        var seed = _key.Export(KeyBlobFormat.RawPrivateKey);
        var typed = NoteKey.WithType(seed);
        try
        {
            return $"PRIVATE+KEY+{Name}+{KeyId:x8}+{Convert.ToBase64String(typed)}";
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(seed);
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(typed);
        }
    }

    internal byte[] Sign(ReadOnlySpan<byte> text) => SignatureAlgorithm.Ed25519.Sign(_key, text);

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();

    /// <summary>Describes the key by name and id only.</summary>
    /// <returns>A description without key material.</returns>
    public override string ToString() => $"CheckpointSigningKey {Name}+{KeyId:x8}";

    private static void CheckName(string name)
    {
        if (!NoteKey.IsValidName(name))
        {
            throw new ArgumentException("A key name must be non-empty and contain no '+', spaces or control characters.", nameof(name));
        }
    }
}
