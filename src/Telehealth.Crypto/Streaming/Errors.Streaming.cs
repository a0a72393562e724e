namespace Telehealth.Crypto;

/// <summary>Streaming encryption errors, codes TH2050–TH2069.</summary>
internal static partial class Errors
{
    internal static CryptoException MalformedStreamHeader(string reason) =>
        new("TH2050", $"The stream header is malformed: {reason}.");

    internal static CryptoException SegmentAuthenticationFailed(long segment) =>
        new("TH2051", $"Segment {segment} of the encrypted stream failed authentication. The data was modified, reordered or duplicated, or the key or associated data differs from the ones used to encrypt; these causes cannot be told apart.");

    internal static CryptoException TruncatedStream() =>
        new("TH2052", "The encrypted stream ends before its final segment; it was truncated.");

    internal static CryptoException DataAfterFinalSegment() =>
        new("TH2053", "The encrypted stream has data after its final segment.");

    internal static CryptoException UnsupportedStreamVersion(byte version) =>
        new("TH2054", $"The stream format version {version} is not supported.");

    internal static CryptoException StreamTooLong() =>
        new("TH2055", "The stream exceeds the maximum number of segments (2^32); use a larger segment size.");

    internal static CryptoException SourceChangedDuringRead() =>
        new("TH2056", "The encrypted source ended earlier than its length said; it changed while being read.");

    /// <summary>A later read of a sequential stream that already failed keeps the first failure's code.</summary>
    internal static CryptoException StreamAlreadyFailed(string code) =>
        new(code, "The encrypted stream failed verification earlier; nothing more can be read from it.");
}
