namespace Telehealth.Media;

/// <summary>
/// The stable error codes of Telehealth.Media, carried by <see cref="MediaException.Code"/>. Branch on these
/// constants, never on message text. Ranges: TH4001–TH4029 SRTP and SRTCP, TH4030–TH4059 DTLS-SRTP and
/// the secure media channel. A code, once published, keeps its meaning.
/// </summary>
public static partial class MediaErrorCodes
{
}
