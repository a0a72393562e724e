namespace Telehealth.Audit;

/// <summary>The place a durable record took in the log.</summary>
/// <param name="Sequence">The zero-based sequence number (Merkle leaf index).</param>
/// <param name="LeafHash">The entry's 32-byte RFC 9162 leaf hash.</param>
public readonly record struct AuditAppendResult(long Sequence, ReadOnlyMemory<byte> LeafHash);
