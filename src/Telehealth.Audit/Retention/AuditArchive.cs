namespace Telehealth.Audit;

/// <summary>One archived range of the log: a verifiable bundle file and its digest.</summary>
/// <param name="FromSequence">The first archived entry.</param>
/// <param name="ToSequence">The end of the archived range (exclusive).</param>
/// <param name="Path">The bundle file.</param>
/// <param name="Sha256">The SHA-256 of the bundle file, lower-case hex, as recorded in the log.</param>
public sealed record AuditArchive(long FromSequence, long ToSequence, string Path, string Sha256);
