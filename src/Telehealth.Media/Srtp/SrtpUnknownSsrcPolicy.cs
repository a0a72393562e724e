namespace Telehealth.Media.Srtp;

/// <summary>What an unprotecting <see cref="SrtpSession"/> does with a packet from an SSRC it has no state for.</summary>
public enum SrtpUnknownSsrcPolicy
{
    /// <summary>
    /// Accept it: the first packet that authenticates creates the SSRC's state (roll-over counter 0, RFC 3711
    /// §3.3.1), up to <see cref="SrtpOptions.MaxSsrcs"/>. State is never created for a packet that fails
    /// authentication, so an attacker without the key cannot fill the table.
    /// </summary>
    Accept = 0,

    /// <summary>Refuse it with <see cref="SrtpStatus.UnknownSsrc"/> unless the SSRC was announced with <see cref="SrtpSession.AddSsrc(uint)"/>.</summary>
    Refuse = 1,
}
