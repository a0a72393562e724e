namespace Telehealth.Clinic;

/// <summary>
/// Where the host keeps its state, all under one data directory. The directory is created owner-only (mode 0700 on
/// Unix) before any package opens a store in it.
/// </summary>
internal sealed class ClinicPaths
{
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private ClinicPaths(string dataDirectory)
    {
        DataDirectory = dataDirectory;
    }

    /// <summary>Gets the full path of the data directory.</summary>
    public string DataDirectory { get; }

    /// <summary>Gets the audit log's file store directory (it also holds the development checkpoint signing key).</summary>
    public string AuditDirectory => Path.Combine(DataDirectory, "audit");

    /// <summary>Gets the keyring directory.</summary>
    public string KeyDirectory => Path.Combine(DataDirectory, "keys");

    /// <summary>Gets the development master key file that seals the keyring's key-encryption keys.</summary>
    public string MasterKeyFile => Path.Combine(DataDirectory, "master.key");

    /// <summary>Gets the compliance record store directory.</summary>
    public string ComplianceDirectory => Path.Combine(DataDirectory, "compliance");

    /// <summary>Gets the directory of the encrypted demo visit notes.</summary>
    public string RecordsDirectory => Path.Combine(DataDirectory, "records");

    /// <summary>Gets the development HTTPS certificate (PKCS#12, owner-only).</summary>
    public string CertificateFile => Path.Combine(DataDirectory, "https-development.pfx");

    /// <summary>Resolves <paramref name="dataDirectory"/> against <paramref name="contentRoot"/> and creates it owner-only.</summary>
    /// <param name="dataDirectory">The configured data directory.</param>
    /// <param name="contentRoot">The host's content root.</param>
    /// <returns>The paths.</returns>
    public static ClinicPaths Create(string dataDirectory, string contentRoot)
    {
        var full = Path.GetFullPath(dataDirectory, contentRoot);
        CreateOwnerOnlyDirectory(full);
        return new ClinicPaths(full);
    }

    /// <summary>Creates a directory that only its owner can enter (the mode applies when it is created).</summary>
    /// <param name="path">The directory.</param>
    public static void CreateOwnerOnlyDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, OwnerOnlyDirectory);
        }
    }
}
