namespace Telehealth.Audit;

/// <summary>
/// One signature line of a C2SP signed note (<c>— name base64(key id || signature)</c>), as parsed and
/// not verified. A note carries the log's own signature and may carry others, such as witness
/// cosignatures (C2SP tlog-cosignature) or signatures of other algorithms; a verifier that trusts such
/// a key checks its signature over <see cref="Checkpoint.Body"/> itself.
/// </summary>
public sealed class NoteSignature
{
    private readonly byte[] _signature;

    internal NoteSignature(string keyName, uint keyId, byte[] signature)
    {
        KeyName = keyName;
        KeyId = keyId;
        _signature = signature;
    }

    /// <summary>Gets the key name of the signature line.</summary>
    public string KeyName { get; }

    /// <summary>Gets the 32-bit key id: the first four bytes of the decoded signature, big-endian.</summary>
    public uint KeyId { get; }

    /// <summary>Gets the signature bytes that follow the key id (64 for Ed25519; other algorithms differ).</summary>
    public ReadOnlyMemory<byte> Signature => _signature;

    /// <summary>Describes the signature by key name, key id and length.</summary>
    /// <returns>A description such as <c>NoteSignature example.com/log+530d903a (64 bytes)</c>.</returns>
    public override string ToString() => $"NoteSignature {KeyName}+{KeyId:x8} ({_signature.Length} bytes)";
}
