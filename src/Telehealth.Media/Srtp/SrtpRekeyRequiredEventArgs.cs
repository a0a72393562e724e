namespace Telehealth.Media.Srtp;

/// <summary>Tells that an <see cref="SrtpSession"/>'s master key is close to a packet limit and a new key should be agreed.</summary>
public sealed class SrtpRekeyRequiredEventArgs : EventArgs
{
    /// <summary>Initializes a new instance of the <see cref="SrtpRekeyRequiredEventArgs"/> class.</summary>
    /// <param name="isRtcp">Whether the SRTCP limit (rather than the SRTP one) was approached.</param>
    /// <param name="used">How much of the limit is used, in packets or packet indexes.</param>
    /// <param name="limit">The limit, after which packets are refused.</param>
    public SrtpRekeyRequiredEventArgs(bool isRtcp, long used, long limit)
    {
        IsRtcp = isRtcp;
        Used = used;
        Limit = limit;
    }

    /// <summary>Gets whether the SRTCP limit (rather than the SRTP one) was approached.</summary>
    public bool IsRtcp { get; }

    /// <summary>Gets how much of the limit is used: packets counted under the key, or the highest packet index of an SSRC.</summary>
    public long Used { get; }

    /// <summary>Gets the limit; once it is reached the session refuses to protect or accept more packets of that kind.</summary>
    public long Limit { get; }
}
