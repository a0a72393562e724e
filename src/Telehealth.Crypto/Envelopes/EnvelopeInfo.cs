namespace Telehealth.Crypto;

/// <summary>
/// What an envelope header says, read without any key: which keyring version wraps it, which suite it
/// uses, how long its header and plaintext are. Used for censuses, routing and sizing buffers.
/// </summary>
public sealed record EnvelopeInfo
{
    /// <summary>Gets the envelope format version.</summary>
    public required int FormatVersion { get; init; }

    /// <summary>Gets the algorithm suite.</summary>
    public required AlgorithmSuite Suite { get; init; }

    /// <summary>Gets the keyring id of the key-encryption key.</summary>
    public required string KeyringId { get; init; }

    /// <summary>Gets the version of the key-encryption key.</summary>
    public required int KeyVersion { get; init; }

    /// <summary>Gets whether the record is also encrypted under a subject key (crypto-shredding).</summary>
    public required bool HasSubjectKey { get; init; }

    /// <summary>Gets whether the body is a segmented stream rather than one AEAD message.</summary>
    public required bool IsStream { get; init; }

    /// <summary>Gets the header length: the bytes a rewrap replaces.</summary>
    public required int HeaderLength { get; init; }

    /// <summary>Gets the plaintext length, or -1 for streams and when only the header was given.</summary>
    public required int PlaintextLength { get; init; }

    /// <summary>Reads an envelope header (the whole envelope or at least its header).</summary>
    /// <param name="envelope">The envelope bytes.</param>
    /// <returns>The header information.</returns>
    /// <exception cref="CryptoException">TH2001–TH2003 when the bytes are not a readable envelope header.</exception>
    public static EnvelopeInfo Read(ReadOnlySpan<byte> envelope)
    {
        var layout = EnvelopeLayout.Read(envelope, requireBody: false);
        var body = envelope.Length - layout.HeaderLength;
        return new EnvelopeInfo
        {
            FormatVersion = EnvelopeLayout.FormatVersion,
            Suite = layout.Suite,
            KeyringId = layout.KeyringId,
            KeyVersion = (int)layout.KeyVersion,
            HasSubjectKey = layout.HasSubjectKey,
            IsStream = layout.IsStream,
            HeaderLength = layout.HeaderLength,
            PlaintextLength = layout.IsStream || body < EnvelopeLayout.TagSize ? -1 : body - EnvelopeLayout.TagSize,
        };
    }
}
