namespace Telehealth.Audit;

/// <summary>
/// A checkpoint with its signatures, in the C2SP signed-note format: the checkpoint body, a blank
/// line, and one line <c>— name base64(key id || signature)</c> per signature. Besides the log's own
/// Ed25519 signature a note may carry witness cosignatures and signatures of other algorithms; they are
/// kept in <see cref="Signatures"/> and ignored by verification unless their key is trusted.
/// </summary>
public sealed class SignedCheckpoint
{
    private readonly string _body;
    private readonly NoteSignature[] _signatures;

    private SignedCheckpoint(Checkpoint checkpoint, string note, string body, NoteSignature[] signatures)
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

    /// <summary>Gets every signature line of the note, in order, as claimed and not verified.</summary>
    public IReadOnlyList<NoteSignature> Signatures => _signatures;

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

    /// <summary>
    /// Parses a signed checkpoint without verifying its signatures. Signature lines of any key and any
    /// length are accepted (at most 100 lines and 256 KiB in all).
    /// </summary>
    /// <param name="note">The signed note text.</param>
    /// <returns>The parsed checkpoint.</returns>
    /// <exception cref="AuditFormatException">The note is malformed.</exception>
    public static SignedCheckpoint Parse(string note)
    {
        ArgumentNullException.ThrowIfNull(note);
        var (body, signatures) = SignedNote.Parse(note);
        return new SignedCheckpoint(Checkpoint.ParseBody(body), note, body, signatures);
    }

    /// <summary>Checks whether <paramref name="key"/> signed the checkpoint.</summary>
    /// <param name="key">The verifier key.</param>
    /// <returns>
    /// <see langword="true"/> if at least one signature line carries the key's name and id and every such
    /// line verifies; <see langword="false"/> if none does or any of them fails.
    /// </returns>
    public bool IsSignedBy(CheckpointVerifierKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return SignedNote.IsSignedBy(_body, _signatures, [key]);
    }

    /// <summary>
    /// Checks the checkpoint against a set of trusted keys, as C2SP signed-note asks: signatures by keys
    /// not in the set are ignored, whatever their algorithm or length; a signature by a trusted key that
    /// fails makes the whole checkpoint untrusted, even if another trusted signature verifies.
    /// </summary>
    /// <param name="keys">The trusted verifier keys.</param>
    /// <returns><see langword="true"/> if a trusted key signed it and no signature by a trusted key fails.</returns>
    public bool IsSignedByAny(IEnumerable<CheckpointVerifierKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return SignedNote.IsSignedBy(_body, _signatures, keys);
    }

    /// <inheritdoc />
    public override string ToString() => $"Signed {Checkpoint}";
}
