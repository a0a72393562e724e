namespace Telehealth.Compliance;

/// <summary>
/// Collects evidence from a system: the audit log's verification status, key ages, encryption coverage, or identity
/// metrics such as MFA enrollment rate, time to deprovision, dormant accounts, access review completion and open
/// break-glass reviews. Each item carries its observation (a metric value with unit where there is one), kind, expiry and
/// citations; <see cref="EvidenceRegister.CollectAsync"/> runs collectors and checks what they return.
/// </summary>
/// <remarks>
/// A collector takes what it needs (stores, <see cref="TimeProvider"/>, options) through its constructor, so this
/// interface does not change as collectors are added. It reads; it never changes the system it observes.
/// </remarks>
public interface IEvidenceCollector
{
    /// <summary>Gets the collector's stable name, used as <see cref="EvidenceItem.Source"/>, such as <c>telehealth.audit.verification</c>.</summary>
    string Name { get; }

    /// <summary>Collects the current evidence.</summary>
    /// <param name="cancellationToken">Cancels the collection.</param>
    /// <returns>The evidence items; empty when there is nothing to report.</returns>
    Task<IReadOnlyList<EvidenceItem>> CollectAsync(CancellationToken cancellationToken);
}
