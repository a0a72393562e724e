namespace Telehealth.Crypto;

/// <summary>What one step of scheduled rotation did.</summary>
public enum KeyRotationStep
{
    /// <summary>Nothing was due.</summary>
    None = 0,

    /// <summary>A new pending version was added.</summary>
    AddedPending = 1,

    /// <summary>A pending version exists but has not waited the propagation delay yet.</summary>
    WaitingForPropagation = 2,

    /// <summary>A pending version became primary.</summary>
    Promoted = 3,
}
