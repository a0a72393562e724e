namespace Telehealth.Media.Dtls;

/// <summary>
/// The DTLS role of an endpoint. In SDP it follows from <c>a=setup</c> (RFC 8842 §5): <c>active</c> is the
/// client, <c>passive</c> the server. The client writes media with the client keys (RFC 5764 §4.2).
/// </summary>
public enum DtlsRole
{
    /// <summary>Sends the ClientHello (<c>a=setup:active</c>).</summary>
    Client,

    /// <summary>Waits for the ClientHello (<c>a=setup:passive</c>).</summary>
    Server,
}
