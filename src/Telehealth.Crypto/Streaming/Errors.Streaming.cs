namespace Telehealth.Crypto;

/// <summary>Streaming encryption errors, codes TH2050–TH2069.</summary>
internal static partial class Errors
{
    internal static CryptoException MalformedStreamHeader(string reason) =>
        new(CryptoErrorCodes.MalformedStreamHeader, $"The stream header is malformed: {reason}.");

    internal static CryptoException SegmentAuthenticationFailed(long segment) =>
        new(CryptoErrorCodes.SegmentAuthenticationFailed, $"Segment {segment} of the encrypted stream failed authentication. The data was modified, reordered or duplicated, or the key or associated data differs from the ones used to encrypt; these causes cannot be told apart.");

    internal static CryptoException TruncatedStream() =>
        new(CryptoErrorCodes.TruncatedStream, "The encrypted stream ends before its final segment; it was truncated.");

    internal static CryptoException DataAfterFinalSegment() =>
        new(CryptoErrorCodes.DataAfterFinalSegment, "The encrypted stream has data after its final segment.");

    internal static CryptoException UnsupportedStreamVersion(byte version) =>
        new(CryptoErrorCodes.UnsupportedStreamVersion, $"The stream format version {version} is not supported.");

    internal static CryptoException StreamTooLong() =>
        new(CryptoErrorCodes.StreamTooLong, "The stream exceeds the maximum number of segments (2^32); use a larger segment size.");

    internal static CryptoException SourceChangedDuringRead() =>
        new(CryptoErrorCodes.SourceChangedDuringRead, "The encrypted source ended earlier than its length said; it changed while being read.");

    /// <summary>A later read of a sequential stream that already failed keeps the first failure's code.</summary>
    internal static CryptoException StreamAlreadyFailed(string code) =>
        new(code, "The encrypted stream failed verification earlier; nothing more can be read from it.");
}
