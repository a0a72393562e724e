namespace Telehealth.Crypto;

/// <summary>The result of re-wrapping an envelope's data key: a new header to put in place of the old one. Compared by value, header bytes included.</summary>
/// <param name="Header">The new header; replace the first <paramref name="ReplacedHeaderLength"/> bytes with it.</param>
/// <param name="ReplacedHeaderLength">The length of the header it replaces.</param>
/// <param name="Changed">Whether anything changed (<see langword="false"/> when already under the primary version).</param>
public sealed record EnvelopeRewrap(ReadOnlyMemory<byte> Header, int ReplacedHeaderLength, bool Changed)
{
    /// <summary>Compares the header bytes (not the buffer that holds them) and the other fields.</summary>
    /// <param name="other">The other result.</param>
    /// <returns>Whether both replace the same length with the same header.</returns>
    public bool Equals(EnvelopeRewrap? other) =>
        other is not null && ReplacedHeaderLength == other.ReplacedHeaderLength && Changed == other.Changed && Header.Span.SequenceEqual(other.Header.Span);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.AddBytes(Header.Span);
        hash.Add(ReplacedHeaderLength);
        hash.Add(Changed);
        return hash.ToHashCode();
    }

    /// <summary>Builds the re-wrapped envelope from the original one.</summary>
    /// <param name="envelope">The original envelope.</param>
    /// <returns>The new header followed by the original ciphertext.</returns>
    public byte[] Apply(ReadOnlySpan<byte> envelope)
    {
        if (envelope.Length < ReplacedHeaderLength)
        {
            throw new ArgumentException("The envelope is shorter than the header being replaced.", nameof(envelope));
        }

        var result = new byte[Header.Length + envelope.Length - ReplacedHeaderLength];
        Header.Span.CopyTo(result);
        envelope[ReplacedHeaderLength..].CopyTo(result.AsSpan(Header.Length));
        return result;
    }
}
