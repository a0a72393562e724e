using System.Globalization;

namespace Telehealth.Audit;

/// <summary>
/// The RFC 5424 header fields <see cref="SyslogFormatter"/> writes. Characters outside printable
/// US-ASCII are replaced by <c>_</c>, values longer than the RFC allows are truncated, and a
/// <see langword="null"/> or empty value is written as the nil value <c>-</c>.
/// </summary>
public sealed record SyslogOptions
{
    /// <summary>Gets the HOSTNAME field (at most 255 characters); ideally the node's fully qualified domain name.</summary>
    /// <value>The default is <see cref="Environment.MachineName"/>.</value>
    public string? HostName { get; init; } = Environment.MachineName;

    /// <summary>Gets the APP-NAME field (at most 48 characters).</summary>
    /// <value>The default is <c>telehealth-audit</c>.</value>
    public string? AppName { get; init; } = "telehealth-audit";

    /// <summary>Gets the PROCID field (at most 128 characters).</summary>
    /// <value>The default is the current process id, <see cref="Environment.ProcessId"/>.</value>
    public string? ProcessId { get; init; } = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
}
