using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Telehealth.Audit;

/// <summary>
/// Chained configuration returned by <c>services.AddTelehealthAudit(...)</c>: choose the store and signing key.
/// Every <c>Use*</c> method replaces an earlier choice of the same thing, so the last call wins.
/// </summary>
public sealed class TelehealthAuditBuilder
{
    private ServiceDescriptor? _implicitSigningKey;

    internal TelehealthAuditBuilder(IServiceCollection services)
    {
        Services = services;
    }

    /// <summary>Gets the service collection, for extension packages that add stores.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Uses the given store factory, replacing an earlier store. The store is created once and disposed with the container.</summary>
    /// <param name="factory">Creates the store.</param>
    /// <returns>This builder.</returns>
    public TelehealthAuditBuilder UseStore(Func<IServiceProvider, IAuditStore> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.RemoveAll<IAuditStore>();
        Services.AddSingleton(factory);
        return this;
    }

    /// <summary>
    /// Uses the embedded file store in <paramref name="directory"/>, replacing an earlier store. Unless a
    /// signing key was chosen with <see cref="UseSigningKey"/> or <see cref="UseDevelopmentSigningKey"/>,
    /// a development key is created in that directory (see <see cref="UseDevelopmentSigningKey"/>).
    /// </summary>
    /// <param name="directory">The store directory.</param>
    /// <param name="configure">Further store options.</param>
    /// <returns>This builder.</returns>
    public TelehealthAuditBuilder UseFileStore(string directory, Action<FileAuditStoreOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var options = new FileAuditStoreOptions { Directory = directory };
        configure?.Invoke(options);
        UseStore(sp => FileAuditStore.Open(options, sp.GetLogger<FileAuditStore>()));
        var chosen = Services.LastOrDefault(d => d.ServiceType == typeof(CheckpointSigningKey));
        if (chosen is null || chosen == _implicitSigningKey)
        {
            Services.RemoveAll<CheckpointSigningKey>();
            _implicitSigningKey = ServiceDescriptor.Singleton(sp => DevelopmentSigningKey.LoadOrCreate(Path.Combine(directory, DevelopmentSigningKey.FileName), Origin(sp), sp.GetLogger<TelehealthAuditBuilder>()));
            Services.Add(_implicitSigningKey);
        }

        return this;
    }

    /// <summary>Signs checkpoints with <paramref name="key"/>, replacing an earlier key choice. The container does not dispose it.</summary>
    /// <param name="key">The signing key, loaded from a protected place (an HSM, or envelope-encrypted storage).</param>
    /// <returns>This builder.</returns>
    public TelehealthAuditBuilder UseSigningKey(CheckpointSigningKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Services.RemoveAll<CheckpointSigningKey>();
        Services.AddSingleton(key); // an instance, so the container does not dispose it
        return this;
    }

    /// <summary>
    /// Signs checkpoints with a key kept unencrypted in <paramref name="path"/>, created on first use and
    /// named after <see cref="AuditOptions.Origin"/>, replacing an earlier key choice.
    /// For development and the samples only: in production load the key from protected storage and
    /// call <see cref="UseSigningKey"/>.
    /// </summary>
    /// <param name="path">The key file.</param>
    /// <returns>This builder.</returns>
    public TelehealthAuditBuilder UseDevelopmentSigningKey(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Services.RemoveAll<CheckpointSigningKey>();
        Services.AddSingleton(sp => DevelopmentSigningKey.LoadOrCreate(path, Origin(sp), sp.GetLogger<TelehealthAuditBuilder>()));
        return this;
    }

    private static string Origin(IServiceProvider services) => services.GetRequiredService<IOptions<AuditOptions>>().Value.Origin;
}
