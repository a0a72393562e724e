namespace Telehealth.Audit;

/// <summary>One page of query results.</summary>
/// <param name="Entries">The matching entries, in sequence order.</param>
/// <param name="NextSequence">Where the next page starts, or <see langword="null"/> when the log was scanned to its end.</param>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, long? NextSequence);
