namespace Telehealth.Crypto;

/// <summary>One stored envelope as <see cref="IEnvelopeStore"/> lists it.</summary>
/// <param name="RecordKey">The application's key of the record.</param>
/// <param name="Header">The envelope, or at least its header (the census and rewrap read nothing else).</param>
public sealed record StoredEnvelope(string RecordKey, ReadOnlyMemory<byte> Header);
