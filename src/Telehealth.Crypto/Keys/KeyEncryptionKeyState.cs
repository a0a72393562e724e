namespace Telehealth.Crypto;

/// <summary>The life cycle of one key-encryption key (KEK) version in a keyring.</summary>
public enum KeyEncryptionKeyState
{
    /// <summary>Created and distributed to every node; decrypts, but does not encrypt yet.</summary>
    Pending = 1,

    /// <summary>The one version that wraps new data keys; also decrypts.</summary>
    Primary = 2,

    /// <summary>A former primary: decrypts and can be rewrapped away from, never encrypts.</summary>
    DecryptOnly = 3,

    /// <summary>Refuses every operation but can be enabled again; the step before destruction.</summary>
    Disabled = 4,

    /// <summary>The key material is gone for good; data still wrapped under it is unreadable.</summary>
    Destroyed = 5,
}
