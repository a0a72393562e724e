using System.Globalization;

namespace Telehealth.Audit;

/// <summary>
/// The RFC 5424 header fields, structured-data id and size of the messages <see cref="SyslogFormatter"/>
/// writes. <see cref="SyslogFormatter.Format(AuditEntry, SyslogOptions?)"/> refuses invalid options with an
/// <see cref="ArgumentException"/> listing every error; register <see cref="SyslogOptionsValidator"/> to have
/// them checked at start-up as well.
/// </summary>
public sealed class SyslogOptions
{
    /// <summary>The example private enterprise number of RFC 5612, for development and tests only.</summary>
    public const int DocumentationEnterpriseNumber = 32473;

    /// <summary>
    /// Gets or sets the HOSTNAME field: at most 255 printable US-ASCII characters other than
    /// <c>[ ] " \ =</c> (a receiver such as syslog-ng drops a message whose HOSTNAME holds <c>[</c>);
    /// ideally the node's fully qualified domain name. <see langword="null"/> or empty writes the nil value <c>-</c>.
    /// </summary>
    /// <value>The default is <see cref="Environment.MachineName"/> with any other character replaced by <c>-</c>.</value>
    public string? HostName { get; set; } = SafeMachineName();

    /// <summary>Gets or sets the APP-NAME field: at most 48 characters, as for <see cref="HostName"/>.</summary>
    /// <value>The default is <c>telehealth-audit</c>.</value>
    public string? AppName { get; set; } = "telehealth-audit";

    /// <summary>Gets or sets the PROCID field: at most 128 characters, as for <see cref="HostName"/>.</summary>
    /// <value>The default is the current process id, <see cref="Environment.ProcessId"/>.</value>
    public string? ProcessId { get; set; } = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Gets or sets the IANA private enterprise number of the structured-data id <c>telehealth@&lt;number&gt;</c>:
    /// your organization's number. The default, RFC 5612's documentation number, is refused outside the
    /// Development environment by <see cref="SyslogOptionsValidator"/>.
    /// </summary>
    /// <value>The default is <see cref="DocumentationEnterpriseNumber"/> (32473).</value>
    public int EnterpriseNumber { get; set; } = DocumentationEnterpriseNumber;

    /// <summary>
    /// Gets or sets a value indicating whether the JSON of the MSG part keeps non-ASCII characters as they
    /// are (UTF-8) instead of <c>\uXXXX</c> escapes, which makes messages with non-ASCII text much shorter.
    /// Control characters, and characters outside the Basic Multilingual Plane (such as emoji), are still escaped.
    /// </summary>
    /// <value>The default is <see langword="false"/>: the MSG is plain ASCII.</value>
    public bool Compact { get; set; }

    /// <summary>
    /// Gets or sets the largest message, in UTF-8 bytes, or 0 for no limit. Common receivers accept 8 KiB
    /// by default (rsyslog's <c>maxMessageSize</c>) and cut longer messages. A message over the limit loses
    /// its MSG part and gets the parameter <c>truncated="&lt;full size in bytes&gt;"</c>; if it is still over,
    /// structured-data values are cut to 32 characters as well. The record itself stays whole in the log.
    /// </summary>
    /// <value>The default is 0 (no limit): send over a transport that carries long messages, such as RFC 5425 TLS.</value>
    public int MaxMessageBytes { get; set; }

    private static string SafeMachineName()
    {
        var name = Environment.MachineName;
        var safe = string.Create(Math.Min(name.Length, SyslogFormatter.MaxHostName), name, static (span, source) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = SyslogFormatter.IsHeaderCharacter(source[i]) ? source[i] : '-';
            }
        });
        return safe;
    }
}
