namespace Telehealth.Audit;

/// <summary>Where an audited action came from.</summary>
/// <param name="IpAddress">The client network address. It is classified as personal data and is redacted or pseudonymized before it is stored.</param>
/// <param name="DeviceId">An opaque identifier of the device, if known.</param>
/// <param name="SessionId">An opaque identifier of the session, if known.</param>
public sealed record AuditSource(string? IpAddress = null, string? DeviceId = null, string? SessionId = null);
