namespace Telehealth.Audit;

/// <summary>
/// A checkpoint with its signatures, in the C2SP signed-note format: the checkpoint body, a blank
/// line, and one line <c>— name base64(key id || Ed25519 signature)</c> per signature.
/// </summary>
public sealed class SignedCheckpoint
{
    private readonly string _body;
    private readonly SignedNote.Signature[] _signatures;

    private SignedCheckpoint(Checkpoint checkpoint, string note, string body, SignedNote.Signature[] signatures)
    {
        Checkpoint = checkpoint;
        Note = note;
        _body = body;
        _signatures = signatures;
    }

    /// <summary>Gets the checkpoint the signatures cover.</summary>
    public Checkpoint Checkpoint { get; }

    /// <summary>Gets the whole signed note text.</summary>
    public string Note { get; }

    /// <summary>Gets the ids of the keys that claim to have signed (claims, until verified).</summary>
    public IReadOnlyList<uint> SignerKeyIds => _signatures.Select(s => s.KeyId).ToArray();

    /// <summary>Signs a checkpoint.</summary>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <param name="key">The signing key.</param>
    /// <returns>The signed checkpoint.</returns>
    public static SignedCheckpoint Sign(Checkpoint checkpoint, CheckpointSigningKey key)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(key);
        return Parse(SignedNote.Sign(checkpoint.Body, key));
    }

    /// <summary>Parses a signed checkpoint without verifying its signatures.</summary>
    /// <param name="note">The signed note text.</param>
    /// <returns>The parsed checkpoint.</returns>
    /// <exception cref="AuditFormatException">The note is malformed.</exception>
    public static SignedCheckpoint Parse(string note)
    {
        ArgumentNullException.ThrowIfNull(note);
        var (body, signatures) = SignedNote.Parse(note);
        return new SignedCheckpoint(Checkpoint.ParseBody(body), note, body, signatures);
    }

    /// <summary>Checks whether the checkpoint carries a valid signature by <paramref name="key"/>.</summary>
    /// <param name="key">The verifier key.</param>
    /// <returns><see langword="true"/> if a signature line names the key and its signature verifies.</returns>
    public bool IsSignedBy(CheckpointVerifierKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return SignedNote.IsSignedBy(_body, _signatures, key);
    }

    /// <summary>Checks whether the checkpoint carries a valid signature by any of <paramref name="keys"/>.</summary>
    /// <param name="keys">The trusted verifier keys.</param>
    /// <returns><see langword="true"/> if at least one trusted key signed it.</returns>
    public bool IsSignedByAny(IEnumerable<CheckpointVerifierKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return keys.Any(IsSignedBy);
    }

    /// <inheritdoc />
    public override string ToString() => $"Signed {Checkpoint}";
}
