namespace Telehealth.Audit;

/// <summary>
/// A rule that watches the stream of appended audit entries and raises <see cref="AuditAlert"/>s.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Evaluate"/> is called once per appended entry, in sequence order, and by one thread at a
/// time, so an implementation may keep mutable state without locking; it must not be shared between
/// two streams. A caller that evaluates from several threads must serialize the calls itself.
/// </para>
/// <para>
/// Rules that count events over a time window use the entries' <see cref="AuditRecord.OccurredAt"/>,
/// never the wall clock, so replaying a log gives the same alerts as the live stream did. Rules must
/// keep their state bounded (forget what has left the window) and must be fast: they run on the
/// append path.
/// </para>
/// </remarks>
public interface IAuditAlertRule
{
    /// <summary>Evaluates one appended entry.</summary>
    /// <param name="entry">The entry just appended.</param>
    /// <returns>The alerts the entry raises; usually none.</returns>
    IEnumerable<AuditAlert> Evaluate(AuditEntry entry);
}
