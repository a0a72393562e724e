namespace Telehealth.Clinic;

/// <summary>Options of the clinic host, bound from the <c>Clinic</c> configuration section and validated at start-up.</summary>
internal sealed class ClinicOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Clinic";

    /// <summary>
    /// Gets or sets the directory that holds all of the host's state: the audit log, the keyring and its development
    /// master key, the compliance records, the demo visit notes and the development HTTPS certificate. A relative path is
    /// resolved against the content root.
    /// </summary>
    /// <value>The default is <c>data</c>.</value>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Gets or sets how often the evidence collectors run while the host is up.</summary>
    /// <value>The default is 1 hour; between 1 minute and 1 day.</value>
    public TimeSpan EvidenceCollectionInterval { get; set; } = TimeSpan.FromHours(1);
}
