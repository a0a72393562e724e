namespace Telehealth.Audit;

/// <summary>Where an audited action came from.</summary>
/// <param name="IpAddress">The client network address. It is classified as personal data and is redacted or pseudonymized before it is stored.</param>
/// <param name="DeviceId">An opaque identifier of the device, if known.</param>
/// <param name="SessionId">An opaque identifier of the session, if known.</param>
public sealed record AuditSource(string? IpAddress = null, string? DeviceId = null, string? SessionId = null)
{
    /// <summary>Describes which parts are present, never the network address itself.</summary>
    /// <returns>A description without personal data.</returns>
    public override string ToString() =>
        $"AuditSource (address {(IpAddress is null ? "absent" : "present")}, device {DeviceId ?? "absent"}, session {SessionId ?? "absent"})";
}
