namespace Telehealth.Compliance;

/// <summary>
/// Stable ids of Telehealth SDK capabilities, used by <see cref="CapabilityCitationMap"/>. An id never changes
/// meaning once published; a new capability gets a new id.
/// </summary>
public static class TelehealthCapabilities
{
    /// <summary>Telehealth.Audit records security events in an append-only log.</summary>
    public const string AuditLog = "telehealth.audit.log";

    /// <summary>Telehealth.Audit makes the log tamper-evident (Merkle tree, signed checkpoints, verification).</summary>
    public const string AuditIntegrity = "telehealth.audit.integrity";

    /// <summary>Telehealth.Audit alert rules that review system activity (mass export, after-hours PHI access, break-glass).</summary>
    public const string AuditActivityReview = "telehealth.audit.activity-review";

    /// <summary>Telehealth.Audit monitors log-in attempts and reports repeated failures.</summary>
    public const string AuditLoginMonitoring = "telehealth.audit.login-monitoring";

    /// <summary>Telehealth.Identity assigns every user a unique, stable identifier.</summary>
    public const string IdentityUniqueUserId = "telehealth.identity.unique-user-id";

    /// <summary>Telehealth.Identity role-based access control.</summary>
    public const string IdentityRbac = "telehealth.identity.rbac";

    /// <summary>Telehealth.Identity periodic access reviews of granted roles.</summary>
    public const string IdentityAccessReview = "telehealth.identity.access-review";

    /// <summary>Telehealth.Identity emergency (break-glass) access.</summary>
    public const string IdentityBreakGlass = "telehealth.identity.break-glass";

    /// <summary>Telehealth.Identity ends sessions after a period of inactivity.</summary>
    public const string IdentitySessionTimeout = "telehealth.identity.session-timeout";

    /// <summary>Telehealth.Identity multi-factor authentication with TOTP.</summary>
    public const string IdentityMfaTotp = "telehealth.identity.mfa.totp";

    /// <summary>Telehealth.Identity passkey (WebAuthn) authentication.</summary>
    public const string IdentityPasskeys = "telehealth.identity.passkeys";

    /// <summary>Telehealth.Crypto envelope encryption of data at rest.</summary>
    public const string CryptoEnvelope = "telehealth.crypto.envelope";

    /// <summary>Telehealth.Crypto HMAC tags and digital signatures under managed, versioned keys (orders, e-prescriptions).</summary>
    public const string CryptoIntegrity = "telehealth.crypto.integrity";

    /// <summary>Telehealth.Media DTLS-SRTP protection of media in transit.</summary>
    public const string MediaDtlsSrtp = "telehealth.media.dtls-srtp";
}
